import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { FileStorage } from './ports';

/** File storage on the local disk under `baseDir` (absolute paths inside baseDir are accepted too). */
export class LocalFileStorage implements FileStorage {
  constructor(private readonly baseDir: string) {}

  private resolve(p: string): string {
    const base = path.resolve(this.baseDir);
    const full = path.resolve(base, p);
    if (full !== base && !full.startsWith(base + path.sep)) throw new Error(`Path outside storage: ${p}`);
    return full;
  }
  async read(p: string): Promise<Buffer> {
    try {
      return await fsp.readFile(this.resolve(p));
    } catch (e: any) {
      if (e?.code === 'ENOENT') throw new Error(`File not found: ${p}`);
      throw e;
    }
  }
  async write(p: string, data: Buffer | string): Promise<string> {
    const full = this.resolve(p);
    await fsp.mkdir(path.dirname(full), { recursive: true });
    await fsp.writeFile(full, data);
    return p;
  }
  async exists(p: string): Promise<boolean> {
    try {
      await fsp.access(this.resolve(p));
      return true;
    } catch {
      return false;
    }
  }
}
