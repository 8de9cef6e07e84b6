import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyAuth } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { CreateResponseDto } from './dto/responses.dto';
import { ResponsesService } from './responses.service';

@ApiTags('OpenAI Responses API')
@Controller('api/v1/responses')
@ApiKeyAuth()
export class ResponsesController {
  constructor(private readonly responses: ResponsesService) {}

  /** Run a flow (`model`: id or endpoint name) as an OpenAI Responses API call; `stream: true` answers server-sent events. */
  @Post()
  @HttpCode(200)
  create(@CurrentUser() caller: AuthUser, @Body() body: CreateResponseDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.responses.respond(caller, body, req.headers, res);
  }
}
