import { Inject, Injectable } from '@nestjs/common';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AuthUser } from '../../common/decorators/current-user.decorator';
import { badRequest, notFound } from '../../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../../config/config.module';

export interface KnowledgeBaseInfo {
  id: string;
  name: string;
  embedding_provider: string | null;
  embedding_model: string | null;
  size: number;
  words: number;
  characters: number;
  chunks: number;
  avg_chunk_size: number;
}

/**
 * The local knowledge bases the KnowledgeIngestion component writes:
 * <knowledgeBasesDir>/<user id>/<kb name>/{embedding_metadata.json, vectors.json}.
 */
@Injectable()
export class KnowledgeBasesService {
  constructor(@Inject(APP_CONFIG) private readonly config: ServerConfig) {}

  async list(caller: AuthUser): Promise<KnowledgeBaseInfo[]> {
    const root = this.userDir(caller);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(root, { withFileTypes: true });
    } catch {
      return [];
    }
    const out: KnowledgeBaseInfo[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const info = await this.info(path.join(root, e.name), e.name).catch(() => null);
      if (info) out.push(info);
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(caller: AuthUser, name: string): Promise<KnowledgeBaseInfo> {
    const dir = this.kbDir(caller, name);
    const info = await this.info(dir, name).catch(() => null);
    if (!info) throw notFound(`Knowledge base '${name}' not found`);
    return info;
  }

  async delete(caller: AuthUser, name: string): Promise<{ message: string }> {
    const dir = this.kbDir(caller, name);
    if (!(await isDir(dir))) throw notFound(`Knowledge base '${name}' not found`);
    await fs.rm(dir, { recursive: true, force: true });
    return { message: `Knowledge base '${name}' deleted successfully` };
  }

  async deleteMany(caller: AuthUser, names: string[]): Promise<{ message: string; deleted_count: number; not_found?: string[] }> {
    const deleted: string[] = [];
    const missing: string[] = [];
    for (const name of names) {
      const dir = this.kbDir(caller, name);
      if (await isDir(dir)) {
        await fs.rm(dir, { recursive: true, force: true });
        deleted.push(name);
      } else missing.push(name);
    }
    if (!deleted.length && missing.length) throw notFound(`Knowledge bases not found: ${missing.join(', ')}`);
    const result: { message: string; deleted_count: number; not_found?: string[] } = {
      message: `Successfully deleted ${deleted.length} knowledge base(s)`,
      deleted_count: deleted.length,
    };
    if (missing.length) result.not_found = missing;
    return result;
  }

  private userDir(caller: AuthUser): string {
    return path.join(this.config.knowledgeBasesDir, String(caller.id).replace(/[\\/]/g, '_'));
  }

  /** A knowledge base's folder; names with separators or dot-segments are refused (as the component does). */
  private kbDir(caller: AuthUser, name: string): string {
    const n = String(name ?? '').trim();
    if (!n || /[\\/\0]|^\.\.?$/.test(n)) throw badRequest(`Invalid knowledge base name: '${name}'`);
    return path.join(this.userDir(caller), n);
  }

  private async info(dir: string, name: string): Promise<KnowledgeBaseInfo | null> {
    if (!(await isDir(dir))) return null;
    const meta = await readJson(path.join(dir, 'embedding_metadata.json'));
    const vectors = await readJson(path.join(dir, 'vectors.json'));
    const records: { text?: unknown }[] = Array.isArray((vectors as { records?: unknown })?.records) ? (vectors as { records: { text?: unknown }[] }).records : [];
    let characters = 0;
    let words = 0;
    for (const r of records) {
      const text = typeof r?.text === 'string' ? r.text : '';
      characters += text.length;
      words += text.split(/\s+/).filter(Boolean).length;
    }
    const m = (meta ?? {}) as Record<string, unknown>;
    return {
      id: name,
      name,
      embedding_provider: typeof m.embedding_provider === 'string' ? m.embedding_provider : null,
      embedding_model: typeof m.embedding_model === 'string' ? m.embedding_model : null,
      size: await dirSize(dir),
      words,
      characters,
      chunks: records.length,
      avg_chunk_size: records.length ? Math.round((characters / records.length) * 100) / 100 : 0,
    };
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await dirSize(p);
    else if (e.isFile()) total += (await fs.stat(p)).size;
  }
  return total;
}
