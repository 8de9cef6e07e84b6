import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './http-error';

interface BodyParserError {
  type?: string;
  length?: number;
  limit?: number;
  message: string;
}

/**
 * Express error middleware placed right after the body parsers: Nest would
 * turn their errors into a plain 400, losing what FastAPI reports (a 413 with
 * Langflow's size message, a 422 json_invalid for malformed JSON).
 */
export function translateBodyParserErrors(error: BodyParserError, _req: Request, _res: Response, next: NextFunction): void {
  if (error?.type === 'entity.too.large') {
    const limitMb = Math.round((error.limit ?? 0) / (1024 * 1024));
    const gotMb = ((error.length ?? 0) / (1024 * 1024)).toFixed(2);
    next(new HttpError(413, `Content size limit exceeded. Maximum allowed is ${limitMb}MB and got ${gotMb}MB.`));
    return;
  }
  if (error?.type === 'entity.parse.failed') {
    next(new HttpError(422, [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: error.message } }]));
    return;
  }
  next(error);
}
