import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { namespacePrefix, objectKey } from './storage-keys';
import { StorageNotFoundError, StoragePort } from './storage.port';

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix, Langflow's LANGFLOW_OBJECT_STORAGE_PREFIX ("files"). */
  prefix: string;
  endpointUrl?: string;
  region?: string;
  forcePathStyle?: boolean;
  /** Explicit credentials; by default the SDK's chain (AWS_ACCESS_KEY_ID, profiles, roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** How many deletes run at once when a namespace goes. */
const DELETE_CONCURRENCY = 16;

/**
 * Objects in an S3-compatible bucket under `<prefix>/<namespace>/<name>`,
 * Langflow's layout for LANGFLOW_STORAGE_TYPE=s3. Checksums are only sent
 * when an operation requires them, which keeps MinIO, Ceph and other
 * S3-compatible servers working.
 */
export class S3Storage implements StoragePort {
  readonly provider = 's3' as const;
  readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions, client?: S3Client) {
    const config: S3ClientConfig = {
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpointUrl),
      region: options.region ?? 'us-east-1',
    };
    if (options.endpointUrl) config.endpoint = options.endpointUrl;
    if (options.credentials) config.credentials = options.credentials;
    this.client = client ?? new S3Client(config);
  }

  key(namespace: string, name: string): string {
    return objectKey(this.options.prefix, namespace, name);
  }

  async put(namespace: string, name: string, data: Buffer | string): Promise<number> {
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(namespace, name), Body: body }));
    return body.length;
  }

  async putFile(namespace: string, name: string, sourcePath: string, options: { append?: boolean } = {}): Promise<number> {
    const key = this.key(namespace, name);
    try {
      if (options.append && (await this.exists(namespace, name))) {
        // S3 has no append: rewrite the object with the new bytes added.
        const body = Buffer.concat([await this.get(namespace, name), await readFile(sourcePath)]);
        await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: body }));
        return body.length;
      }
      const { size } = await stat(sourcePath);
      await this.client.send(
        new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: createReadStream(sourcePath), ContentLength: size }),
      );
      return size;
    } finally {
      await rm(sourcePath, { force: true });
    }
  }

  async get(namespace: string, name: string): Promise<Buffer> {
    const { stream } = await this.stream(namespace, name);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks);
  }

  async stream(namespace: string, name: string): Promise<{ stream: Readable; size: number }> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(namespace, name) }));
      const body = res.Body as Readable | undefined;
      if (!body) throw new StorageNotFoundError(namespace, name);
      return { stream: body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>), size: Number(res.ContentLength ?? 0) };
    } catch (error) {
      throw isMissing(error) ? new StorageNotFoundError(namespace, name) : error;
    }
  }

  async delete(namespace: string, name: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(namespace, name) }));
  }

  async deleteNamespace(namespace: string): Promise<void> {
    const names = await this.list(namespace);
    for (let i = 0; i < names.length; i += DELETE_CONCURRENCY) {
      await Promise.all(names.slice(i, i + DELETE_CONCURRENCY).map((name) => this.delete(namespace, name)));
    }
  }

  async list(namespace: string): Promise<string[]> {
    const prefix = namespacePrefix(this.options.prefix, namespace);
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key && object.Key.length > prefix.length) names.push(object.Key.slice(prefix.length));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return names.sort();
  }

  async exists(namespace: string, name: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(namespace, name) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}
