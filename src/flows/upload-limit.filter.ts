import { ArgumentsHost, Catch, ExceptionFilter, Inject, PayloadTooLargeException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, ServerConfig } from '../config/config.module';

/**
 * Multer's "File too large" on upload routes, answered with the 413 message
 * Langflow's size-limit middleware gives for any body over the limit.
 */
@Catch(PayloadTooLargeException)
export class UploadLimitFilter implements ExceptionFilter {
  constructor(@Inject(APP_CONFIG) private readonly config: ServerConfig) {}

  catch(_exception: PayloadTooLargeException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const gotMb = (Number(req.headers['content-length'] ?? 0) / (1024 * 1024)).toFixed(2);
    res.status(413).json({ detail: `Content size limit exceeded. Maximum allowed is ${this.config.maxFileSizeUploadMb}MB and got ${gotMb}MB.` });
  }
}
