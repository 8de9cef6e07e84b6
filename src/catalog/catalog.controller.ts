import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../common/decorators/auth.decorator';
import { ValidatePromptResponse } from '../engine';
import { CatalogService } from './catalog.service';
import { ValidatePromptDto } from './dto/validate-prompt.dto';

@ApiTags('Base')
@Controller('api/v1')
@Authenticated()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  /** Every component type as {category: {name: frontend node}}; pre-gzipped for clients that accept it. */
  @Get('all')
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: {} } })
  all(@Req() req: Request, @Res() res: Response): void {
    const body = this.catalog.catalog();
    const gzip = /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''));
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Vary', 'Accept-Encoding');
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.status(200).end(gzip ? body.gzip : body.json);
  }

  /** The variables of a prompt template, with the prompt node's fields updated to match. */
  @Post('validate/prompt')
  @HttpCode(200)
  validatePrompt(@Body() dto: ValidatePromptDto): ValidatePromptResponse {
    return this.catalog.validatePrompt(dto);
  }
}
