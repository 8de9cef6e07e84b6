import { Inject, Injectable, Logger, OnModuleInit, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, notFound } from '../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { UserEvents } from '../users/user-events';
import { checkFileName, contentDisposition, contentTypeOf, v1Timestamp } from './file-names';
import { FlowAccessRepository } from './flow-access.repository';
import { checkMultipartHeaders, drain, receiveFile } from './multipart-upload';
import { mapStorageErrors } from './storage-errors';
import { MAX_NAME_BYTES } from './storage/storage-keys';
import { STORAGE, StoragePort } from './storage/storage.port';

/** Spooled uploads wait here (on the config dir's disk, so finishing one is a rename). */
export const UPLOAD_TMP_DIR = '.upload-tmp';
const STALE_UPLOAD_MS = 24 * 3600 * 1000;

/** Headers for serving stored user content: never sniffed, never run as a page. */
export const USER_CONTENT_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
};

/**
 * Files v1: flow-scoped files under the flow's id, as Langflow's
 * /api/v1/files. Also removes the files of deleted flows and users.
 */
@Injectable()
export class FilesService implements OnModuleInit {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    @Inject(STORAGE) private readonly storage: StoragePort,
    private readonly flows: FlowAccessRepository,
    private readonly userEvents: UserEvents,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  onModuleInit(): void {
    this.userEvents.onDeleting((userId) => this.deleteUserFiles(userId));
    void this.removeStaleUploads();
  }

  get tmpDir(): string {
    return join(this.config.configDir, UPLOAD_TMP_DIR);
  }

  /**
   * Stores a multipart `file` as "<flow_id>/<YYYY-MM-DD_HH-MM-SS>_<name>".
   * `caller` null is the deprecated public /api/v1/upload route, which only
   * needs the flow to exist.
   */
  async upload(req: Request, flowId: string, caller: AuthUser | null, langflowFormatChecks: boolean): Promise<{ flowId: string; file_path: string }> {
    await checkMultipartHeaders(req, { field: 'file', langflowFormatChecks });
    const allowed = caller ? await this.flows.isOwnedBy(flowId, caller.id) : await this.flows.exists(flowId);
    if (!allowed) {
      await drain(req);
      throw notFound('Flow not found');
    }
    const file = await receiveFile(req, { field: 'file', limitMb: this.config.maxFileSizeUploadMb, tmpDir: this.tmpDir, langflowFormatChecks });
    try {
      checkFileName(file.filename);
      const storedName = `${v1Timestamp(new Date())}_${file.filename}`;
      if (Buffer.byteLength(storedName) > MAX_NAME_BYTES) throw badRequest('Invalid file name');
      await mapStorageErrors(() => this.storage.putFile(flowId, storedName, file.tmpPath));
      return { flowId, file_path: `${flowId}/${storedName}` };
    } finally {
      await rm(file.tmpPath, { force: true });
    }
  }

  async download(caller: AuthUser, flowId: string, fileName: string, res: Response): Promise<StreamableFile> {
    await this.requireFlow(caller, flowId);
    checkFileName(fileName);
    const { stream, size } = await mapStorageErrors(() => this.storage.stream(flowId, fileName));
    res.set({
      'Content-Disposition': contentDisposition(fileName, true),
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(size),
      ...USER_CONTENT_HEADERS,
    });
    return new StreamableFile(stream);
  }

  /** Public, like Langflow's: <img> tags load it without credentials. Image types only. */
  async image(flowId: string, fileName: string, res: Response): Promise<StreamableFile> {
    checkFileName(fileName);
    const type = contentTypeOf(fileName);
    if (!type?.startsWith('image/')) throw badRequest(`Content type ${type ?? 'unknown'} is not an image`);
    const { stream, size } = await mapStorageErrors(() => this.storage.stream(flowId, fileName));
    res.set({ 'Content-Type': type, 'Content-Length': String(size), ...USER_CONTENT_HEADERS });
    return new StreamableFile(stream);
  }

  async list(caller: AuthUser, flowId: string): Promise<{ files: string[] }> {
    await this.requireFlow(caller, flowId);
    return { files: await this.storage.list(flowId) };
  }

  async delete(caller: AuthUser, flowId: string, fileName: string): Promise<{ message: string }> {
    await this.requireFlow(caller, flowId);
    checkFileName(fileName);
    await mapStorageErrors(() => this.storage.delete(flowId, fileName));
    return { message: `File ${fileName} deleted successfully` };
  }

  /** Removes every v1 file of a flow. The flows area calls this when it deletes a flow. */
  async deleteFlowFiles(flowId: string): Promise<void> {
    await this.storage.deleteNamespace(flowId);
  }

  /** deleteFlowFiles for several flows (bulk flow deletes, project deletes). */
  async deleteFlowsFiles(flowIds: Iterable<string>): Promise<void> {
    for (const flowId of flowIds) await this.storage.deleteNamespace(flowId);
  }

  /** Removes a user's v2 files and the v1 files of all their flows (rows go by cascade). */
  async deleteUserFiles(userId: string): Promise<void> {
    for (const flowId of await this.flows.flowIdsOf(userId)) await this.storage.deleteNamespace(flowId);
    await this.storage.deleteNamespace(userId);
  }

  private async requireFlow(caller: AuthUser, flowId: string): Promise<void> {
    if (!(await this.flows.isOwnedBy(flowId, caller.id))) throw notFound('Flow not found');
  }

  /** Uploads interrupted by a crash leave spooled files; drop those older than a day. */
  private async removeStaleUploads(): Promise<void> {
    try {
      const now = Date.now();
      for (const name of await readdir(this.tmpDir)) {
        const path = join(this.tmpDir, name);
        const info = await stat(path).catch(() => undefined);
        if (info && now - info.mtimeMs > STALE_UPLOAD_MS) await rm(path, { force: true });
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn(`Could not clean ${this.tmpDir}: ${(error as Error).message}`);
    }
  }
}
