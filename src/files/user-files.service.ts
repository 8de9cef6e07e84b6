import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import JSZip from 'jszip';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { isoSeconds } from '../common/time';
import { badRequest, conflict, notFound } from '../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { UsersRepository } from '../users/users.repository';
import { checkFileName, compactTimestamp, contentDisposition, nextDisplayName, splitExtension } from './file-names';
import { FilesService, USER_CONTENT_HEADERS } from './files.service';
import { receiveFile } from './multipart-upload';
import { mapStorageErrors } from './storage-errors';
import { MAX_NAME_BYTES, nameProblem } from './storage/storage-keys';
import { STORAGE, StoragePort } from './storage/storage.port';
import { UserFile } from './user-file.entity';
import { UserFilesRepository } from './user-files.repository';

export interface UploadedUserFileDto {
  id: string;
  name: string;
  path: string;
  size: number;
  provider: string | null;
}

export interface UserFileDto extends UploadedUserFileDto {
  user_id: string;
  created_at: string;
  updated_at: string;
}

const INSERT_ATTEMPTS = 5;

/** The MCP servers config Langflow keeps as a user file: replaced on upload, hidden from listings. */
export const mcpConfigName = (userId: string) => `_mcp_servers_${userId}`;

/** Files v2: user-scoped files with display names, as Langflow's /api/v2/files. */
@Injectable()
export class UserFilesService {
  constructor(
    @Inject(STORAGE) private readonly storage: StoragePort,
    private readonly files: UserFilesRepository,
    private readonly v1: FilesService,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  async upload(req: Request, caller: AuthUser, append: boolean): Promise<UploadedUserFileDto> {
    const received = await receiveFile(req, {
      field: 'file',
      limitMb: this.config.maxFileSizeUploadMb,
      tmpDir: this.v1.tmpDir,
      noFilenameDetail: 'No file provided',
    });
    try {
      checkFileName(received.filename);
      const { root, ext } = splitExtension(received.filename);
      const dotExt = ext ? `.${ext}` : '';
      const mcpName = mcpConfigName(caller.id);
      if (received.filename === `${mcpName}.json`) {
        const previous = await this.files.findByName(caller.id, mcpName);
        if (previous) await this.remove([previous]);
      } else if (append) {
        const existing = await this.files.findByName(caller.id, root);
        if (existing) return await this.appendTo(existing, received.tmpPath);
      }
      return await this.create(caller.id, root, dotExt, received.filename === `${mcpName}.json`, received.tmpPath);
    } finally {
      await rm(received.tmpPath, { force: true });
    }
  }

  async list(caller: AuthUser): Promise<UserFileDto[]> {
    const hidden = mcpConfigName(caller.id);
    return (await this.files.listForUser(caller.id)).filter((f) => f.name !== hidden).map(toUserFile);
  }

  async download(caller: AuthUser, id: string, returnContent: boolean, res: Response): Promise<StreamableFile | string> {
    const file = await this.require(caller, id);
    const { namespace, name } = splitPath(file.path);
    if (returnContent) {
      const content = await mapStorageErrors(() => this.storage.get(namespace, name));
      return JSON.stringify(content.toString('utf8'));
    }
    const { stream, size } = await mapStorageErrors(() => this.storage.stream(namespace, name));
    res.set({
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': contentDisposition(downloadName(file)),
      'Content-Length': String(size),
      ...USER_CONTENT_HEADERS,
    });
    return new StreamableFile(stream);
  }

  async rename(caller: AuthUser, id: string, name: string): Promise<UploadedUserFileDto> {
    const file = await this.require(caller, id);
    if (!name.trim() || nameProblem(name)) throw badRequest('Invalid file name');
    if (name !== file.name) {
      const taken = await this.files.findByName(caller.id, name);
      if (taken) throw conflict(`A file named ${name} already exists`);
      file.name = name;
      file.updated_at = new Date();
      try {
        await this.files.save(file);
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`A file named ${name} already exists`);
        throw error;
      }
    }
    return toUploaded(file);
  }

  async delete(caller: AuthUser, id: string): Promise<{ detail: string }> {
    const file = await this.require(caller, id);
    await this.remove([file]);
    return { detail: `File ${file.name} deleted successfully` };
  }

  async deleteAll(caller: AuthUser): Promise<{ message: string }> {
    const hidden = mcpConfigName(caller.id);
    const files = (await this.files.listForUser(caller.id)).filter((f) => f.name !== hidden);
    await this.remove(files);
    return { message: `All ${files.length} files deleted successfully` };
  }

  async deleteMany(caller: AuthUser, ids: string[]): Promise<{ message: string }> {
    const files = await this.files.findManyForUser(caller.id, ids);
    if (!files.length) throw notFound('No files found');
    await this.remove(files);
    return { message: `${files.length} files deleted successfully` };
  }

  /**
   * Lists a file the engine wrote into a user's namespace (SaveToFile) as a
   * v2 file, as Langflow's SaveToFile adds its output to the file manager:
   * a new path gets a row named like an upload, a known one its new size.
   * Writes into a flow's namespace (v1) are left alone.
   */
  async registerEngineWrite(namespace: string, storedName: string, size: number): Promise<void> {
    const path = `${namespace}/${storedName}`;
    const existing = await this.files.findByPath(path);
    if (existing) {
      existing.size = size;
      existing.updated_at = new Date();
      await this.files.save(existing);
      return;
    }
    if (!(await this.users.findById(namespace))) return;
    const { root } = splitExtension(storedName);
    for (let attempt = 0; ; attempt += 1) {
      const now = new Date();
      const file = Object.assign(new UserFile(), {
        id: randomUUID(), user_id: namespace, name: nextDisplayName(root, await this.files.namesStartingWith(namespace, root)),
        path, size, provider: null, created_at: now, updated_at: now,
      });
      try {
        await this.files.save(file);
        return;
      } catch (error) {
        if (isUniqueViolation(error) && attempt < INSERT_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /** A ZIP of the chosen files, streamed as it is built. */
  async downloadMany(caller: AuthUser, ids: string[], res: Response): Promise<StreamableFile> {
    const files = await this.files.findManyForUser(caller.id, ids);
    if (!files.length) throw notFound('No files found');
    const zip = new JSZip();
    const used = new Set<string>();
    for (const file of files) {
      const { namespace, name } = splitPath(file.path);
      // Opened only when the ZIP writer reaches this entry: one open file at a time, whatever the batch size.
      const stream = lazyReadable(async () => (await this.storage.stream(namespace, name)).stream);
      zip.file(uniqueEntry(downloadName(file), used), stream, { binary: true });
    }
    const zipName = `${compactTimestamp(new Date())}_langflow_files.zip`;
    res.set({ 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${zipName}"` });
    const out = new PassThrough();
    zip
      .generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE' })
      .on('error', (error: Error) => out.destroy(error))
      .pipe(out);
    return new StreamableFile(out);
  }

  private async create(userId: string, root: string, dotExt: string, isMcp: boolean, tmpPath: string): Promise<UploadedUserFileDto> {
    for (let attempt = 0; ; attempt += 1) {
      const name = isMcp ? root : nextDisplayName(root, await this.files.namesStartingWith(userId, root));
      const storedName = await this.freeStoredName(userId, `${name}${dotExt}`);
      const now = new Date();
      const file = Object.assign(new UserFile(), {
        id: randomUUID(),
        user_id: userId,
        name,
        path: `${userId}/${storedName}`,
        size: 0,
        provider: null,
        created_at: now,
        updated_at: now,
      });
      // The row reserves the name first; concurrent uploads of one name retry with the next "(n)".
      try {
        await this.files.save(file);
      } catch (error) {
        if (isUniqueViolation(error) && attempt < INSERT_ATTEMPTS) continue;
        throw error;
      }
      try {
        file.size = await mapStorageErrors(() => this.storage.putFile(userId, storedName, tmpPath));
        await this.files.save(file);
      } catch (error) {
        await this.files.delete([file.id]);
        throw error;
      }
      return toUploaded(file);
    }
  }

  private async appendTo(file: UserFile, tmpPath: string): Promise<UploadedUserFileDto> {
    const { namespace, name } = splitPath(file.path);
    file.size = await mapStorageErrors(() => this.storage.putFile(namespace, name, tmpPath, { append: true }));
    file.updated_at = new Date();
    await this.files.save(file);
    return toUploaded(file);
  }

  /**
   * Langflow stores a v2 file as "<display name>.<ext>", which a renamed
   * file can still occupy; never overwrite another file's bytes.
   */
  private async freeStoredName(userId: string, wanted: string): Promise<string> {
    if (nameProblem(wanted) || Buffer.byteLength(wanted) > MAX_NAME_BYTES) throw badRequest('Invalid file name');
    if (!(await this.files.pathTaken(`${userId}/${wanted}`)) && !(await this.storage.exists(userId, wanted))) return wanted;
    const { root, ext } = splitExtension(wanted);
    const alternative = `${root.slice(0, 200)}-${randomUUID().slice(0, 8)}${ext ? `.${ext}` : ''}`;
    if (nameProblem(alternative)) throw badRequest('Invalid file name');
    return alternative;
  }

  private async remove(files: UserFile[]): Promise<void> {
    for (const file of files) {
      const { namespace, name } = splitPath(file.path);
      await mapStorageErrors(() => this.storage.delete(namespace, name)).catch(() => undefined);
    }
    await this.files.delete(files.map((f) => f.id));
  }

  private async require(caller: AuthUser, id: string): Promise<UserFile> {
    const file = await this.files.findForUser(caller.id, id);
    if (!file) throw notFound('File not found');
    return file;
  }
}

/** A stream that opens its source on the first read. */
function lazyReadable(open: () => Promise<Readable>): Readable {
  let source: Readable | undefined;
  const out: Readable = new Readable({
    read() {
      if (source) {
        source.resume();
        return;
      }
      open().then(
        (opened) => {
          source = opened;
          opened.on('data', (chunk: Buffer) => {
            if (!out.push(chunk)) opened.pause();
          });
          opened.on('end', () => out.push(null));
          opened.on('error', (error) => out.destroy(error));
        },
        (error: Error) => out.destroy(error),
      );
    },
    destroy(error, callback) {
      source?.destroy();
      callback(error);
    },
  });
  return out;
}

function splitPath(path: string): { namespace: string; name: string } {
  const slash = path.indexOf('/');
  return { namespace: path.slice(0, slash), name: path.slice(slash + 1) };
}

/** "{name}{ext}": the display name with the stored file's extension. */
function downloadName(file: UserFile): string {
  const { ext } = splitExtension(splitPath(file.path).name);
  return ext && !file.name.endsWith(`.${ext}`) ? `${file.name}.${ext}` : file.name;
}

function uniqueEntry(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 1; used.has(candidate); n += 1) {
    const { root, ext } = splitExtension(name);
    candidate = `${root} (${n})${ext ? `.${ext}` : ''}`;
  }
  used.add(candidate);
  return candidate;
}

function toUploaded(file: UserFile): UploadedUserFileDto {
  return { id: file.id, name: file.name, path: file.path, size: file.size, provider: file.provider };
}

function toUserFile(file: UserFile): UserFileDto {
  return {
    id: file.id,
    user_id: file.user_id,
    name: file.name,
    path: file.path,
    size: file.size,
    provider: file.provider,
    created_at: isoSeconds(file.created_at),
    updated_at: isoSeconds(file.updated_at),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT';
}
