import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, Public } from '../../common/decorators/auth.decorator';
import { RegisterDto } from './dto/register.dto';
import { Registration, RegistrationService } from './registration.service';

@ApiTags('Registration API')
@Controller('api/v2/registration')
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  /** Register the install's contact email (public, as in Langflow; replaces an earlier one). */
  @Post()
  @Public()
  @HttpCode(200)
  register(@Body() dto: RegisterDto): Promise<{ email: string }> {
    return this.registration.register(dto.email);
  }

  /** The registered email, or {"message": "No user registered"}. */
  @Get()
  @Authenticated()
  get(): Promise<Registration | { message: string }> {
    return this.registration.get();
  }
}
