import type { Request, Response } from 'express';
import { HttpError } from '../common/http/http-error';

/** The request body as text: what the JSON parser read (re-serialised), else the raw bytes. */
export async function rawBodyText(req: Request, limitMb: number): Promise<string> {
  if (req.readableEnded || req.body !== undefined) {
    if (req.body === undefined || req.body === null) return '';
    if (typeof req.body === 'string') return req.body;
    if (Buffer.isBuffer(req.body)) return req.body.toString('utf8');
    if (typeof req.body === 'object' && !Array.isArray(req.body) && Object.keys(req.body).length === 0 && !req.readableEnded) return '';
    return JSON.stringify(req.body);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buf.length;
    if (size > limitMb * 1024 * 1024) {
      throw new HttpError(413, `Content size limit exceeded. Maximum allowed is ${limitMb}MB and got ${(size / (1024 * 1024)).toFixed(2)}MB.`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}


/** A 200 JSON answer without Express's res.json/res.send work (charset and content-type parsing). */
export function sendJson(res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * The /run body. Langflow re-parses the raw bytes whatever the content type, so a JSON body sent
 * as text/plain, or by `curl -d` without a content type (form-encoded), is still read as JSON.
 */
export async function runBody(req: Request, limitMb: number): Promise<unknown> {
  const body = req.body as unknown;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(body);
    if (keys.length === 1 && keys[0].startsWith('{') && (body as Record<string, unknown>)[keys[0]] === '' && !req.is('application/json')) {
      try {
        return JSON.parse(keys[0]);
      } catch {
        return body;
      }
    }
    return body;
  }
  if (body !== undefined || req.readableEnded) return body;
  const text = await rawBodyText(req, limitMb);
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
