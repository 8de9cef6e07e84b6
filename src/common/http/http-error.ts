import { HttpException } from '@nestjs/common';

/** An error with FastAPI's body: {"detail": ...}. */
export class HttpError extends HttpException {
  constructor(status: number, detail: unknown, headers?: Record<string, string>) {
    super({ detail }, status);
    this.headers = headers;
  }
  readonly headers: Record<string, string> | undefined;
}

export const badRequest = (detail: unknown) => new HttpError(400, detail);
export const unauthorized = (detail: unknown) => new HttpError(401, detail, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (detail: unknown) => new HttpError(403, detail);
export const notFound = (detail: unknown) => new HttpError(404, detail);
export const conflict = (detail: unknown) => new HttpError(409, detail);
export const unprocessable = (detail: unknown) => new HttpError(422, detail);
