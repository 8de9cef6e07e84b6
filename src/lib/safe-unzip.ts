import JSZip from 'jszip';

/** Limits for reading an untrusted ZIP. */
export interface SafeUnzipLimits {
  /** Most entries (files and folders) accepted. Default 1,000. */
  maxEntries?: number;
  /** Most bytes all files may decompress to, counted while inflating. Default 100 MB. */
  maxTotalBytes?: number;
  /** Most bytes one file may decompress to. Default: maxTotalBytes. */
  maxEntryBytes?: number;
  /** Longest entry path. Default 1,024 characters. */
  maxPathLength?: number;
}

export interface UnzippedEntry {
  /** The normalised relative path ("folder/file.json"), safe to join under a root. */
  path: string;
  data: Buffer;
}

/** The archive breaks a limit or holds a path that could escape its folder. */
export class UnsafeZipError extends Error {}

const DEFAULTS = { maxEntries: 1000, maxTotalBytes: 100 * 1024 * 1024, maxPathLength: 1024 };
const EOCD_SIGNATURE = 0x06054b50;

/**
 * Reads an untrusted ZIP (flow or project uploads, documents) without the
 * usual traps: zip-slip paths ("../", absolute, drive letters, backslashes,
 * NUL), symlink entries, duplicate paths, too many entries (checked from the
 * central directory before JSZip builds its index), and zip bombs (bytes are
 * counted while inflating, so lying size headers do not help).
 * Folder entries are skipped; files come back in archive order.
 */
export async function safeUnzip(input: Buffer | Uint8Array, limits: SafeUnzipLimits = {}): Promise<UnzippedEntry[]> {
  const maxEntries = limits.maxEntries ?? DEFAULTS.maxEntries;
  const maxTotalBytes = limits.maxTotalBytes ?? DEFAULTS.maxTotalBytes;
  const maxEntryBytes = Math.min(limits.maxEntryBytes ?? maxTotalBytes, maxTotalBytes);
  const maxPathLength = limits.maxPathLength ?? DEFAULTS.maxPathLength;
  const buffer = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);

  const declared = declaredEntryCount(buffer);
  if (declared !== undefined && declared > maxEntries) throw new UnsafeZipError(`ZIP has ${declared} entries; at most ${maxEntries} are accepted`);

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer, { createFolders: false, checkCRC32: true });
  } catch (error) {
    throw new UnsafeZipError(`Not a readable ZIP archive: ${(error as Error).message}`);
  }
  const objects = Object.values(zip.files);
  if (objects.length > maxEntries) throw new UnsafeZipError(`ZIP has ${objects.length} entries; at most ${maxEntries} are accepted`);

  const seen = new Set<string>();
  const files: { path: string; object: JSZip.JSZipObject }[] = [];
  for (const object of objects) {
    if (isSymlink(object)) throw new UnsafeZipError(`ZIP entry ${JSON.stringify(object.name.slice(0, 200))} is a symbolic link`);
    // Folders are implied by file paths and never returned, so their names do not matter.
    if (object.dir) continue;
    // JSZip quietly rewrites "../x" to "x" and keeps the original aside: judge the original.
    const original = (object as unknown as { unsafeOriginalName?: string }).unsafeOriginalName;
    const path = safeEntryPath(original ?? object.name, maxPathLength);
    if (seen.has(path)) throw new UnsafeZipError(`ZIP holds ${JSON.stringify(path)} twice`);
    seen.add(path);
    files.push({ path, object });
  }

  const out: UnzippedEntry[] = [];
  let total = 0;
  for (const { path, object } of files) {
    const data = await inflate(object, maxEntryBytes, maxTotalBytes - total, path);
    total += data.length;
    out.push({ path, data });
  }
  return out;
}

/**
 * The normalised form of a ZIP entry name, or UnsafeZipError when it could
 * leave the extraction folder: absolute paths, drive letters, backslashes,
 * NUL or control characters, and ".." segments. "./" and empty segments are
 * dropped; a trailing "/" (folder) is kept off.
 */
export function safeEntryPath(name: string, maxPathLength = DEFAULTS.maxPathLength): string {
  const quoted = JSON.stringify(name.slice(0, 200));
  if (!name) throw new UnsafeZipError('ZIP entry with an empty name');
  if (name.length > maxPathLength) throw new UnsafeZipError(`ZIP entry name longer than ${maxPathLength} characters`);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new UnsafeZipError(`ZIP entry ${quoted} has control characters`);
  if (name.includes('\\')) throw new UnsafeZipError(`ZIP entry ${quoted} uses backslashes`);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new UnsafeZipError(`ZIP entry ${quoted} is an absolute path`);
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) throw new UnsafeZipError(`ZIP entry ${quoted} leaves its folder`);
  if (!segments.length) throw new UnsafeZipError(`ZIP entry ${quoted} has no file name`);
  return segments.join('/');
}

function inflate(object: JSZip.JSZipObject, maxEntryBytes: number, remaining: number, path: string): Promise<Buffer> {
  const limit = Math.min(maxEntryBytes, remaining);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    // internalStream is JSZip's own pull stream: pausing it stops inflating.
    const stream = (object as unknown as { internalStream(type: 'nodebuffer'): InternalStream }).internalStream('nodebuffer');
    stream
      .on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > limit) {
          done = true;
          stream.pause();
          reject(new UnsafeZipError(limit === maxEntryBytes
            ? `ZIP entry ${JSON.stringify(path)} inflates past ${maxEntryBytes} bytes`
            : 'ZIP contents inflate past the size limit'));
          return;
        }
        chunks.push(Buffer.from(chunk));
      })
      .on('error', (error: Error) => {
        if (done) return;
        done = true;
        reject(new UnsafeZipError(`ZIP entry ${JSON.stringify(path)} is corrupt: ${error.message}`));
      })
      .on('end', () => {
        if (done) return;
        done = true;
        resolve(Buffer.concat(chunks));
      })
      .resume();
  });
}

interface InternalStream {
  on(event: 'data', listener: (chunk: Buffer) => void): InternalStream;
  on(event: 'error', listener: (error: Error) => void): InternalStream;
  on(event: 'end', listener: () => void): InternalStream;
  pause(): InternalStream;
  resume(): InternalStream;
}

/** S_IFLNK in the Unix mode JSZip reads from the external attributes. */
function isSymlink(object: JSZip.JSZipObject): boolean {
  const mode = (object as unknown as { unixPermissions?: number | null }).unixPermissions;
  return typeof mode === 'number' && (mode & 0o170000) === 0o120000;
}

/** The entry count of the end-of-central-directory record, when one is found (ZIP64 counts as unknown). */
function declaredEntryCount(buffer: Buffer): number | undefined {
  const lowest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let i = buffer.length - 22; i >= lowest; i -= 1) {
    if (buffer.readUInt32LE(i) === EOCD_SIGNATURE) {
      const total = buffer.readUInt16LE(i + 10);
      return total === 0xffff ? undefined : total;
    }
  }
  return undefined;
}
