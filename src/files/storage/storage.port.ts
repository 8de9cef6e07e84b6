import type { Readable } from 'node:stream';

/** Injection token of the configured StoragePort. */
export const STORAGE = Symbol('STORAGE');

export type StorageProvider = 'local' | 's3';

/**
 * Where uploaded bytes live, one flat folder per namespace (a flow id for
 * files v1, a user id for files v2). Names and namespaces are checked by
 * every adapter (see storage-keys.ts): nothing can address a path outside
 * its namespace. Missing objects raise StorageNotFoundError.
 */
export interface StoragePort {
  readonly provider: StorageProvider;
  /** Stores bytes under namespace/name, replacing what was there. Returns the size. */
  put(namespace: string, name: string, data: Buffer | string): Promise<number>;
  /**
   * Moves a finished local temp file into storage (the upload path: bytes
   * were spooled to disk while counted). With `append`, adds its bytes to the
   * existing object instead. The source file is gone afterwards. Returns the new size.
   */
  putFile(namespace: string, name: string, sourcePath: string, options?: { append?: boolean }): Promise<number>;
  get(namespace: string, name: string): Promise<Buffer>;
  stream(namespace: string, name: string): Promise<{ stream: Readable; size: number }>;
  /** Idempotent: deleting a missing object is not an error. */
  delete(namespace: string, name: string): Promise<void>;
  /** Removes every object of a namespace (a deleted flow or user). */
  deleteNamespace(namespace: string): Promise<void>;
  /** Object names in a namespace, sorted; [] for an unknown namespace. */
  list(namespace: string): Promise<string[]>;
  exists(namespace: string, name: string): Promise<boolean>;
}

export class StorageNotFoundError extends Error {
  constructor(namespace: string, name: string) {
    super(`File ${name} not found in ${namespace}`);
  }
}

/** A namespace or name that could address something outside its folder. */
export class StorageKeyError extends Error {}
