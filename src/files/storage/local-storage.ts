import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile, copyFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { assertName, assertNamespace } from './storage-keys';
import { StorageKeyError, StorageNotFoundError, StoragePort } from './storage.port';

/** Prefix of in-flight writes inside a namespace folder; never listed. */
const PARTIAL_PREFIX = '.partial-';

/**
 * Files on local disk under `<root>/<namespace>/<name>` (Langflow's layout,
 * with the config dir as root). Writes go to a partial file first and are
 * renamed into place, so a failed or aborted write leaves nothing behind
 * and a reader never sees half a file.
 */
export class LocalStorage implements StoragePort {
  readonly provider = 'local' as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(namespace: string, name: string, data: Buffer | string): Promise<number> {
    const target = this.pathOf(namespace, name);
    const partial = await this.partialPath(namespace);
    try {
      await writeFile(partial, data, { mode: 0o600 });
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return Buffer.byteLength(data);
  }

  async putFile(namespace: string, name: string, sourcePath: string, options: { append?: boolean } = {}): Promise<number> {
    const target = this.pathOf(namespace, name);
    await mkdir(this.dirOf(namespace), { recursive: true });
    try {
      if (options.append && (await this.exists(namespace, name))) {
        // Append through a partial copy so readers never see a half-appended file.
        const partial = await this.partialPath(namespace);
        try {
          await copyFile(target, partial);
          await pipeline(createReadStream(sourcePath), createWriteStream(partial, { flags: 'a' }));
          await rename(partial, target);
        } catch (error) {
          await rm(partial, { force: true });
          throw error;
        }
      } else {
        await moveFile(sourcePath, target);
      }
    } finally {
      await rm(sourcePath, { force: true });
    }
    return (await stat(target)).size;
  }

  async get(namespace: string, name: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(namespace, name));
    } catch (error) {
      throw notFound(error, namespace, name);
    }
  }

  async stream(namespace: string, name: string): Promise<{ stream: Readable; size: number }> {
    const path = this.pathOf(namespace, name);
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new StorageNotFoundError(namespace, name);
      return { stream: createReadStream(path), size: info.size };
    } catch (error) {
      throw notFound(error, namespace, name);
    }
  }

  async delete(namespace: string, name: string): Promise<void> {
    try {
      await unlink(this.pathOf(namespace, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  async deleteNamespace(namespace: string): Promise<void> {
    await rm(this.dirOf(namespace), { recursive: true, force: true });
  }

  async list(namespace: string): Promise<string[]> {
    try {
      const entries = await readdir(this.dirOf(namespace), { withFileTypes: true });
      return entries.filter((e) => e.isFile() && !e.name.startsWith(PARTIAL_PREFIX)).map((e) => e.name).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async exists(namespace: string, name: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(namespace, name))).isFile();
    } catch {
      return false;
    }
  }

  /** The absolute path of namespace/name, checked to stay inside the root. */
  pathOf(namespace: string, name: string): string {
    assertName(name);
    if (name.startsWith(PARTIAL_PREFIX)) throw new StorageKeyError('reserved file name');
    const dir = this.dirOf(namespace);
    const path = resolve(dir, name);
    if (!path.startsWith(dir + sep)) throw new StorageKeyError('file name escapes its folder');
    return path;
  }

  private dirOf(namespace: string): string {
    assertNamespace(namespace);
    const dir = resolve(this.root, namespace);
    if (!dir.startsWith(this.root + sep)) throw new StorageKeyError('namespace escapes the storage root');
    return dir;
  }

  private async partialPath(namespace: string): Promise<string> {
    const dir = this.dirOf(namespace);
    await mkdir(dir, { recursive: true });
    return resolve(dir, `${PARTIAL_PREFIX}${randomUUID()}`);
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const partial = join(dirname(to), `${PARTIAL_PREFIX}${randomUUID()}`);
    await copyFile(from, partial);
    await rename(partial, to);
  }
}

function notFound(error: unknown, namespace: string, name: string): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return new StorageNotFoundError(namespace, name);
  return error;
}
