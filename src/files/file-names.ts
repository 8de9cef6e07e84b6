import { badRequest } from '../common/http/http-error';
import { nameProblem } from './storage/storage-keys';

/** Langflow's v1 prefix: server local time as YYYY-MM-DD_HH-MM-SS. */
export function v1Timestamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}_${p(now.getHours())}-${p(now.getMinutes())}-${p(now.getSeconds())}`;
}

/** YYYYMMDD_HHMMSS, the prefix of a v2 batch download's ZIP name. */
export function compactTimestamp(now: Date): string {
  return v1Timestamp(now).replace(/-/g, '');
}

/**
 * Rejects a file name that is not one plain path segment, with 400 "Invalid
 * file name" (Langflow's answer for "..", "/" and "\" in v1 names). Also
 * catches NUL and control characters, and names too long to store.
 */
export function checkFileName(name: string): void {
  if (typeof name !== 'string' || name.includes('..') || nameProblem(name)) throw badRequest('Invalid file name');
}

/** Python's `name.rsplit(".", 1)`, except that a leading dot (".env") stays part of the root. */
export function splitExtension(filename: string): { root: string; ext: string } {
  const dot = filename.lastIndexOf('.');
  if (dot <= 0) return { root: filename, ext: '' };
  return { root: filename.slice(0, dot), ext: filename.slice(dot + 1) };
}

const COUNT = /\((\d+)\)(?=\.\w+$|$)/;

/**
 * Langflow's v2 display name for an upload: when any of the caller's names
 * starts with `root` (a prefix match, so "a" collides with "abc"), the
 * largest "(n)" among them plus one, else "(1)"; otherwise `root` itself.
 */
export function nextDisplayName(root: string, existing: readonly string[]): string {
  const matches = existing.filter((name) => name.startsWith(root));
  if (!matches.length) return root;
  let max = 0;
  for (const name of matches) {
    const found = COUNT.exec(name);
    if (found) max = Math.max(max, Number(found[1]));
  }
  return `${root} (${max + 1})`;
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp',
  ico: 'image/vnd.microsoft.icon', tif: 'image/tiff', tiff: 'image/tiff', svg: 'image/svg+xml', avif: 'image/avif',
  txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', tsv: 'text/tab-separated-values', html: 'text/html', htm: 'text/html',
  json: 'application/json', xml: 'application/xml', yaml: 'application/yaml', yml: 'application/yaml', pdf: 'application/pdf',
  zip: 'application/zip', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', mp3: 'audio/mpeg', wav: 'audio/wav', mp4: 'video/mp4',
};

/** The content type of a file name's extension, or undefined when unknown. */
export function contentTypeOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : CONTENT_TYPES[name.slice(dot + 1).toLowerCase()];
}

/**
 * A Content-Disposition value for `name`, Langflow's v1 form when `legacy`
 * ("attachment; filename=n filename*=UTF-8''n", sic) or the quoted v2 form.
 * Non-ASCII names go in filename* percent-encoded, with an ASCII fallback.
 */
export function contentDisposition(name: string, legacy = false): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (legacy) return `attachment; filename=${ascii} filename*=UTF-8''${encoded}`;
  return ascii === name ? `attachment; filename="${name}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
