import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { notFound } from '../../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../../config/config.module';
import { contentTypeOf } from '../file-names';
import { USER_CONTENT_HEADERS } from '../files.service';
import { nameProblem } from '../storage/storage-keys';
import { PROFILE_PICTURES } from './pictures';

const IMAGE = /\.(svg|png|jpe?g|gif|webp)$/i;

/**
 * Profile pictures: the built-in set, plus any images an operator drops in
 * `<config dir>/profile_pictures/<folder>/` (Langflow's location).
 */
@Injectable()
export class ProfilePicturesService {
  constructor(@Inject(APP_CONFIG) private readonly config: ServerConfig) {}

  private get dir(): string {
    return join(this.config.configDir, 'profile_pictures');
  }

  async list(): Promise<{ files: string[] }> {
    const files = new Set(Object.keys(PROFILE_PICTURES));
    for (const folder of await this.entries(this.dir, true)) {
      for (const file of await this.entries(join(this.dir, folder), false)) {
        if (IMAGE.test(file)) files.add(`${folder}/${file}`);
      }
    }
    return { files: [...files].sort() };
  }

  async get(folder: string, file: string, res: Response): Promise<StreamableFile> {
    if (nameProblem(folder) || nameProblem(file) || folder.includes('..') || file.includes('..') || !IMAGE.test(file)) {
      throw notFound('Profile picture not found');
    }
    let body: Buffer | undefined;
    try {
      body = await readFile(join(this.dir, folder, file));
    } catch {
      const builtIn = PROFILE_PICTURES[`${folder}/${file}`];
      if (builtIn !== undefined) body = Buffer.from(builtIn);
    }
    if (!body) throw notFound('Profile picture not found');
    res.set({ 'Content-Type': contentTypeOf(file) ?? 'application/octet-stream', 'Cache-Control': 'public, max-age=86400', ...USER_CONTENT_HEADERS });
    return new StreamableFile(body);
  }

  private async entries(dir: string, directories: boolean): Promise<string[]> {
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries.filter((e) => (directories ? e.isDirectory() : e.isFile()) && !nameProblem(e.name)).map((e) => e.name);
    } catch {
      return [];
    }
  }
}
