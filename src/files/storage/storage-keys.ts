import { StorageKeyError } from './storage.port';

/** Longest stored name, in UTF-8 bytes: the common file system limit for one path segment. */
export const MAX_NAME_BYTES = 255;

const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
// C0 controls, DEL, and the separators of every platform we might write to.
const FORBIDDEN = /[\u0000-\u001f\u007f/\\]/;

/** Why a name cannot be stored, or null when it can. */
export function nameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'empty file name';
  if (name === '.' || name === '..') return 'file name is a relative path';
  if (FORBIDDEN.test(name)) return 'file name contains a path separator or control character';
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return `file name is longer than ${MAX_NAME_BYTES} bytes`;
  return null;
}

/** Throws StorageKeyError unless `name` is one plain path segment. */
export function assertName(name: string): void {
  const problem = nameProblem(name);
  if (problem) throw new StorageKeyError(problem);
}

/** Throws StorageKeyError unless `namespace` is a plain id (uuids and the like). */
export function assertNamespace(namespace: string): void {
  if (typeof namespace !== 'string' || !NAMESPACE.test(namespace)) throw new StorageKeyError('invalid storage namespace');
}

/** The object key of namespace/name under an S3 prefix ("files" → "files/<ns>/<name>"). */
export function objectKey(prefix: string, namespace: string, name: string): string {
  assertNamespace(namespace);
  assertName(name);
  return `${namespacePrefix(prefix, namespace)}${name}`;
}

/** The key prefix listing one namespace, always ending in "/". */
export function namespacePrefix(prefix: string, namespace: string): string {
  assertNamespace(namespace);
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  return clean ? `${clean}/${namespace}/` : `${namespace}/`;
}
