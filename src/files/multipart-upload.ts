import busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import { createWriteStream, WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import type { Request } from 'express';
import { badRequest, HttpError } from '../common/http/http-error';

/** One uploaded file, spooled to a temp file while its bytes were counted. */
export interface ReceivedFile {
  filename: string;
  mimeType: string;
  tmpPath: string;
  size: number;
}

export interface ReceiveOptions {
  /** The form field holding the file ("file"). */
  field: string;
  limitMb: number;
  /** Folder for spooled uploads; on the storage's disk so the final move is a rename. */
  tmpDir: string;
  /**
   * Langflow's extra checks on paths containing /api/v1/files/upload: a
   * boundary of 1-70 word characters or dashes, and a body that starts with
   * --boundary and ends with --boundary--.
   */
  langflowFormatChecks?: boolean;
  /** Langflow v2 answers 400 "No file provided" for a `file` part without a file name. */
  noFilenameDetail?: string;
}

const BOUNDARY = /^[\w-]{1,70}$/;
const MB = 1024 * 1024;

const missingFile = (field: string) =>
  new HttpError(422, [{ type: 'missing', loc: ['body', field], msg: 'Field required', input: null }]);

/** Langflow's body-size message (the same the JSON body parser gives). */
export function contentSizeExceeded(limitMb: number, gotBytes: number): HttpError {
  return new HttpError(413, `Content size limit exceeded. Maximum allowed is ${limitMb}MB and got ${(gotBytes / MB).toFixed(2)}MB.`);
}

/**
 * Streams a multipart upload to a temp file, never holding it in memory.
 * Over-size bodies (declared or streamed) end in Langflow's 413 once the
 * rest of the body is drained, so the client reads the answer; nothing of
 * a failed upload is left on disk.
 */
export async function receiveFile(req: Request, options: ReceiveOptions): Promise<ReceivedFile> {
  await checkMultipartHeaders(req, options);
  const limitBytes = options.limitMb * MB;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    await drain(req);
    throw contentSizeExceeded(options.limitMb, declared);
  }
  await mkdir(options.tmpDir, { recursive: true });
  return new Upload(req, options, boundaryOf(String(req.headers['content-type']))!, limitBytes).run();
}

/**
 * The checks that need only the headers (run them before any lookup so
 * their errors win, as Langflow's middleware does). Drains the body when
 * they fail so the client reads the answer.
 */
export async function checkMultipartHeaders(req: Request, options: Pick<ReceiveOptions, 'field' | 'langflowFormatChecks'>): Promise<void> {
  const contentType = String(req.headers['content-type'] ?? '');
  const boundary = boundaryOf(contentType);
  let error: HttpError | undefined;
  if (options.langflowFormatChecks) {
    if (!/^multipart\/form-data\s*;/i.test(contentType) || boundary === undefined) {
      error = new HttpError(422, "Content-Type header must be 'multipart/form-data' with a boundary parameter.");
    } else if (!BOUNDARY.test(boundary)) {
      error = new HttpError(422, 'Invalid boundary format');
    }
  } else if (!/^multipart\/form-data/i.test(contentType) || !boundary) {
    error = missingFile(options.field);
  }
  if (error) {
    await drain(req);
    throw error;
  }
}

class Upload {
  private readonly inspector: BodyInspector;
  private file: ReceivedFile | undefined;
  private writer: WriteStream | undefined;
  private writing: Promise<void> | undefined;
  private sawNamelessFile = false;
  private tooLarge = false;
  private failed: unknown;

  constructor(
    private readonly req: Request,
    private readonly options: ReceiveOptions,
    boundary: string,
    private readonly limitBytes: number,
  ) {
    this.inspector = new BodyInspector(boundary, limitBytes);
  }

  run(): Promise<ReceivedFile> {
    return new Promise<ReceivedFile>((resolvePromise, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: this.req.headers,
          preservePath: true,
          defParamCharset: 'utf8',
          limits: { fileSize: this.limitBytes, fields: 50, fieldSize: MB, parts: 100 },
        });
      } catch {
        void drain(this.req).then(() => reject(missingFile(this.options.field)));
        return;
      }
      let settled = false;
      const finish = (error: unknown) => {
        if (settled) return;
        settled = true;
        void this.settle(error).then(resolvePromise, reject);
      };
      parser.on('file', (field, stream, info) => this.onFile(field, stream, info));
      parser.on('field', (field) => {
        if (field === this.options.field) this.sawNamelessFile = true;
      });
      parser.on('error', (error) => {
        this.failed ??= error;
        this.req.unpipe(this.inspector);
        this.inspector.resume();
        void drain(this.req).then(() => finish(this.failed));
      });
      parser.on('close', () => finish(undefined));
      this.inspector.on('overflow', () => {
        // Past the limit: stop parsing, keep reading (and dropping) the rest.
        this.tooLarge = true;
        this.inspector.unpipe(parser);
        parser.removeAllListeners('close');
        this.inspector.resume();
      });
      this.inspector.on('end', () => {
        if (this.tooLarge) finish(undefined);
      });
      this.req.on('aborted', () => finish(new Error('Upload aborted by the client')));
      this.req.pipe(this.inspector).pipe(parser);
    });
  }

  private onFile(field: string, stream: NodeJS.ReadableStream & { truncated?: boolean }, info: busboy.FileInfo): void {
    if (field !== this.options.field || this.file || this.failed) {
      stream.resume();
      return;
    }
    if (!info.filename) {
      this.sawNamelessFile = true;
      stream.resume();
      return;
    }
    const tmpPath = join(this.options.tmpDir, `upload-${randomUUID()}`);
    const file: ReceivedFile = { filename: info.filename, mimeType: info.mimeType, tmpPath, size: 0 };
    this.file = file;
    const writer = createWriteStream(tmpPath, { mode: 0o600 });
    this.writer = writer;
    stream.on('data', (chunk: Buffer) => (file.size += chunk.length));
    stream.on('limit', () => (this.tooLarge = true));
    this.writing = new Promise<void>((done) => {
      writer.on('close', () => done());
      writer.on('error', (error) => {
        this.failed ??= error;
        stream.resume();
        done();
      });
    });
    stream.pipe(writer);
  }

  private async settle(error: unknown): Promise<ReceivedFile> {
    if (this.tooLarge || error || this.failed) this.writer?.destroy();
    await this.writing;
    const file = this.file;
    const cleanup = async () => {
      this.writer?.destroy();
      if (file) await rm(file.tmpPath, { force: true });
    };
    if (this.tooLarge) {
      await cleanup();
      throw contentSizeExceeded(this.options.limitMb, Math.max(this.inspector.received, (file?.size ?? 0)));
    }
    if (error || this.failed) {
      await cleanup();
      if (this.options.langflowFormatChecks) throw new HttpError(422, 'Invalid multipart formatting');
      throw badRequest('There was an error parsing the body');
    }
    if (this.options.langflowFormatChecks && !this.inspector.wellFormed()) {
      await cleanup();
      throw new HttpError(422, 'Invalid multipart formatting');
    }
    if (!file) {
      if (this.sawNamelessFile && this.options.noFilenameDetail) throw badRequest(this.options.noFilenameDetail);
      throw missingFile(this.options.field);
    }
    return file;
  }
}

/**
 * Passes the body through while counting it and keeping its first and last
 * bytes, for the size limit on bodies without Content-Length and for
 * Langflow's start/end boundary check.
 */
class BodyInspector extends Transform {
  received = 0;
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  private overflowed = false;
  private readonly keep: number;

  constructor(private readonly boundary: string, private readonly limitBytes: number) {
    super();
    this.keep = boundary.length + 8;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.head.length < this.keep) this.head = Buffer.concat([this.head, chunk.subarray(0, this.keep - this.head.length)]);
    this.tail = Buffer.concat([this.tail, chunk]).subarray(-this.keep);
    if (this.received > this.limitBytes) {
      if (!this.overflowed) {
        this.overflowed = true;
        this.emit('overflow');
      }
      callback();
      return;
    }
    callback(null, chunk);
  }

  wellFormed(): boolean {
    const head = this.head.toString('latin1');
    const tail = this.tail.toString('latin1').replace(/\r?\n$/, '');
    return head.startsWith(`--${this.boundary}`) && tail.endsWith(`--${this.boundary}--`);
  }
}

function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  if (!match) return undefined;
  return match[1] ?? match[2];
}

/** Reads and drops the rest of a request body so an early answer reaches the client. */
export function drain(req: Request): Promise<void> {
  return new Promise((done) => {
    if (req.readableEnded || req.destroyed) {
      done();
      return;
    }
    req.on('end', () => done());
    req.on('close', () => done());
    req.on('error', () => done());
    req.resume();
  });
}
