import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HttpError } from '../http/http-error';

/**
 * The one place errors become HTTP bodies, in FastAPI's shapes:
 * {"detail": ...} for HTTP errors, pydantic's list for 422, and a masked 500.
 */
@Catch()
export class LangflowExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    if (res.headersSent) {
      this.logger.error(`${req.method} ${req.url} failed after the response started: ${describe(exception)}`);
      res.end();
      return;
    }
    const { status, body, headers } = this.toResponse(exception, req);
    if (headers) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(status).json(body);
  }

  private toResponse(exception: unknown, req: Request): { status: number; body: unknown; headers?: Record<string, string> } {
    if (exception instanceof HttpError) {
      return { status: exception.getStatus(), body: exception.getResponse(), headers: exception.headers };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'detail' in response) return { status, body: response };
      if (status === 404 && /^Cannot /.test(exception.message)) return { status, body: { detail: 'Not Found' } };
      const message = typeof response === 'object' && response !== null && 'message' in response
        ? (response as { message: unknown }).message
        : exception.message;
      return { status, body: { detail: message } };
    }
    const status = (exception as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { status, body: { detail: (exception as Error).message } };
    }
    this.logger.error(`${req.method} ${req.path}: ${describe(exception)}`, (exception as Error)?.stack);
    return { status: 500, body: { detail: 'Internal Server Error' } };
  }
}

function describe(exception: unknown): string {
  return exception instanceof Error ? exception.message : String(exception);
}
