import { Injectable } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import { badRequest } from '../common/http/http-error';
import { buildCatalog, createDefaultRegistry, validatePrompt, ValidatePromptResponse } from '../engine';
import { ValidatePromptDto } from './dto/validate-prompt.dto';

export interface CatalogBody {
  json: Buffer;
  gzip: Buffer;
}

/** The component catalog (GET /all), built once per process and kept as JSON and gzip bytes. */
@Injectable()
export class CatalogService {
  private body: CatalogBody | undefined;

  catalog(): CatalogBody {
    if (!this.body) {
      const json = Buffer.from(JSON.stringify(buildCatalog(createDefaultRegistry())));
      this.body = { json, gzip: gzipSync(json) };
    }
    return this.body;
  }

  validatePrompt(dto: ValidatePromptDto): ValidatePromptResponse {
    try {
      return validatePrompt({ ...dto, frontend_node: dto.frontend_node ?? null });
    } catch (error) {
      throw badRequest((error as Error).message);
    }
  }
}
