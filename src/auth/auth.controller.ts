import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/decorators/auth.decorator';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { clearAuthCookies, REFRESH_COOKIE, setAuthCookies } from './auth-cookies';
import { AuthService } from './auth.service';
import { LoginFormDto, TokenResponseDto } from './dto/login.dto';

@ApiTags('Login')
@Controller('api/v1')
@Public()
export class AuthController {
  constructor(private readonly auth: AuthService, @Inject(APP_CONFIG) private readonly config: ServerConfig) {}

  /** Log in with form fields username and password; sets the session cookies. */
  @Post('login')
  @HttpCode(200)
  @UseInterceptors(NoFilesInterceptor())
  async login(@Body() form: LoginFormDto, @Res({ passthrough: true }) res: Response): Promise<TokenResponseDto> {
    const { tokens } = await this.auth.login(form.username, form.password);
    setAuthCookies(res, this.config, tokens);
    return tokens;
  }

  /** A long-lived superuser token when LANGFLOW_AUTO_LOGIN is on. */
  @Get('auto_login')
  async autoLogin(@Res({ passthrough: true }) res: Response): Promise<TokenResponseDto> {
    const tokens = await this.auth.autoLogin();
    setAuthCookies(res, this.config, tokens);
    return tokens;
  }

  /** A new token pair from the refresh_token_lf cookie. */
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokenResponseDto> {
    const tokens = await this.auth.refresh(req.cookies?.[REFRESH_COOKIE]);
    setAuthCookies(res, this.config, tokens);
    return tokens;
  }

  /** Clears the session cookies. */
  @Post('logout')
  @HttpCode(200)
  logout(@Res({ passthrough: true }) res: Response): { message: string } {
    clearAuthCookies(res, this.config);
    return { message: 'Logout successful' };
  }
}
