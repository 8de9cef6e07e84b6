import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, HttpError, notFound } from '../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { uniqueProjectName } from '../flows/flow-rules';
import { parseFlowInputs } from '../flows/flow-input';
import { flowDumpJson, flowReadJson, jsonArray } from '../flows/flow.mapper';
import { FlowsRepository } from '../flows/flows.repository';
import { FlowsService, pageJson, timestampForFile, UploadedJsonFile, zipFlows } from '../flows/flows.service';
import { SecretBox } from '../variables/secret-box';
import { DefaultProjectService, STARTER_FOLDER_NAME } from './default-project.service';
import { CreateProjectDto, ProjectReadDto, ReadProjectQueryDto, UpdateProjectDto } from './dto/project.dto';
import { Folder } from './folder.entity';
import { AUTH_SECRET_FIELDS, MASK, toProjectRead } from './project.mapper';
import { ProjectsRepository } from './projects.repository';
import { safeUnzip, UnsafeZipError, UnzippedEntry } from '../lib/safe-unzip';

export const ASSISTANT_FOLDER_NAME = 'Langflow Assistant';

export type ProjectDownload = { body: Buffer; filename: string };

/** /api/v1/projects: Langflow's project (ex-folder) semantics, owner-scoped. */
@Injectable()
export class ProjectsService {
  private readonly box: SecretBox;

  constructor(
    private readonly projects: ProjectsRepository,
    private readonly defaults: DefaultProjectService,
    private readonly flows: FlowsRepository,
    private readonly flowsService: FlowsService,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {
    this.box = new SecretBox(config.secret, 'project-auth-settings');
  }

  async create(caller: AuthUser, dto: CreateProjectDto): Promise<ProjectReadDto> {
    if (dto.parent_id) await this.requireOwned(caller.id, dto.parent_id);
    const folder = await this.insertUnique(caller.id, dto.name, dto.description ?? null, dto.parent_id ?? null, (id) =>
      dto.auth_settings ? this.sealAuthSettings(dto.auth_settings, null, id) : this.config.autoLogin ? null : { auth_type: 'apikey' },
    );
    const move = [...(dto.components_list ?? []), ...(dto.flows_list ?? [])];
    await this.flows.moveToFolder(caller.id, move, folder.id);
    return toProjectRead(folder);
  }

  /** The caller's projects and global ones except "Starter Projects", the default project first. */
  async list(caller: AuthUser): Promise<ProjectReadDto[]> {
    await this.defaults.ensure(caller.id);
    const folders = (await this.projects.listVisible(caller.id)).filter((f) => f.name !== STARTER_FOLDER_NAME);
    const isDefault = (f: Folder) => (f.name === this.defaults.name && f.user_id === caller.id ? 0 : 1);
    return folders.sort((a, b) => isDefault(a) - isDefault(b)).map(toProjectRead);
  }

  /** FolderRead with its flows, or with page and size: {folder, flows: Page}. JSON text. */
  async get(caller: AuthUser, id: string, query: ReadProjectQueryDto): Promise<string> {
    const folder = await this.requireOwned(caller.id, id);
    const read = toProjectRead(folder);
    if (query.page && query.size) {
      const filter = {
        userId: caller.id,
        folderId: folder.id,
        componentsOnly: !!query.is_component,
        flowsOnly: !!query.is_flow,
        search: query.search || undefined,
      };
      const { items, total } = await this.flows.page(filter, query.page, query.size);
      return `{"folder":${JSON.stringify(read)},"flows":${pageJson(items.map((f) => flowDumpJson(f)), total, query.page, query.size)}}`;
    }
    const flows = await this.flows.list({ userId: caller.id, folderId: folder.id });
    const head = JSON.stringify(read);
    return `${head.slice(0, -1)},"flows":${jsonArray(flows.map(flowReadJson))}}`;
  }

  async update(caller: AuthUser, id: string, dto: UpdateProjectDto): Promise<ProjectReadDto> {
    const folder = await this.requireOwned(caller.id, id);
    if (dto.name && dto.name !== folder.name) {
      if (await this.projects.findByName(caller.id, dto.name)) throw badRequest('Project name must be unique');
      folder.name = dto.name;
    }
    if (dto.description != null) folder.description = dto.description;
    if (dto.parent_id != null) {
      if (dto.parent_id === folder.id) throw badRequest('A project cannot be its own parent');
      await this.requireOwned(caller.id, dto.parent_id);
      folder.parent_id = dto.parent_id;
    }
    if (dto.auth_settings != null) folder.auth_settings = this.sealAuthSettings(dto.auth_settings, folder.auth_settings, folder.id);
    let saved: Folder;
    try {
      saved = await this.projects.save(folder);
    } catch (error) {
      if (/unique|duplicate/i.test((error as Error).message)) throw badRequest('Project name must be unique');
      throw error;
    }
    const move = [...(dto.flows ?? []), ...(dto.components ?? []), ...(dto.flows_list ?? []), ...(dto.components_list ?? [])];
    await this.flows.moveToFolder(caller.id, move, folder.id);
    return toProjectRead(saved);
  }

  /** Deletes the caller's flows in the project (with their messages and builds), then the project. */
  async delete(caller: AuthUser, id: string): Promise<void> {
    const folder = await this.requireOwned(caller.id, id);
    if (folder.name === ASSISTANT_FOLDER_NAME) throw new HttpError(403, 'Cannot delete the Langflow Assistant project');
    await this.flows.deleteByIds(await this.flows.idsInFolder(caller.id, folder.id));
    await this.projects.delete(folder.id);
  }

  async download(caller: AuthUser, id: string): Promise<ProjectDownload> {
    const folder = await this.requireOwned(caller.id, id);
    const flows = await this.flows.list({ userId: caller.id, folderId: folder.id });
    if (!flows.length) throw notFound('No flows found in project');
    return { body: await zipFlows(flows), filename: `${timestampForFile()}_${folder.name}_flows.zip` };
  }

  /**
   * Creates a project and its flows from Langflow's project JSON
   * ({folder_name, folder_description, flows}); a ZIP of flow files (what
   * download gives, and what Langflow's docs describe) is accepted too.
   */
  async upload(caller: AuthUser, file: UploadedJsonFile | undefined): Promise<string> {
    const { name, description, rawFlows } = await readProjectFile(file);
    const inputs = await parseFlowInputs(rawFlows, (i) => ['body', 'flows', i]);
    const folder = await this.insertUnique(caller.id, name, description, null, () => (this.config.autoLogin ? null : { auth_type: 'apikey' }));
    const created = await this.flowsService.createMany(caller.id, inputs, folder.id);
    return jsonArray(created.map(flowReadJson));
  }

  private async requireOwned(userId: string, id: string): Promise<Folder> {
    const folder = await this.projects.findOwned(userId, id);
    if (!folder) throw notFound('Project not found');
    return folder;
  }

  /** Inserts a project, numbering the name "Name (n)" when taken; retries if a concurrent insert wins. */
  private async insertUnique(
    userId: string,
    wanted: string,
    description: string | null,
    parentId: string | null,
    authSettings: (id: string) => Record<string, unknown> | null,
  ): Promise<Folder> {
    for (let attempt = 1; ; attempt++) {
      let name = wanted;
      if (await this.projects.findByName(userId, name)) name = uniqueProjectName(wanted, await this.projects.namesStartingWith(userId, wanted));
      const id = randomUUID();
      const folder = Object.assign(new Folder(), { id, name, description, auth_settings: authSettings(id), parent_id: parentId, user_id: userId });
      try {
        return await this.projects.insert(folder);
      } catch (error) {
        if (attempt >= 20 || !/unique|duplicate/i.test((error as Error).message)) throw error;
      }
    }
  }

  /** Seals secret fields; a masked value keeps what is stored. */
  private sealAuthSettings(next: Record<string, unknown>, stored: Record<string, unknown> | null, folderId: string): Record<string, unknown> {
    const out = { ...next };
    for (const field of AUTH_SECRET_FIELDS) {
      const value = out[field];
      if (value === MASK) out[field] = stored?.[field] ?? null;
      else if (typeof value === 'string' && value) out[field] = this.box.seal(value, `${folderId}:${field}`);
    }
    return out;
  }
}

/** Reads a project upload: Langflow's JSON, or a ZIP of flow JSON files. */
async function readProjectFile(file: UploadedJsonFile | undefined): Promise<{ name: string; description: string | null; rawFlows: unknown[] }> {
  if (!file) throw new HttpError(422, [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }]);
  if (file.buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    let entries: UnzippedEntry[];
    try {
      entries = await safeUnzip(file.buffer);
    } catch (error) {
      throw badRequest(error instanceof UnsafeZipError ? error.message : 'The file is not a valid ZIP archive');
    }
    const rawFlows: unknown[] = [];
    for (const entry of entries.filter((e) => e.path.endsWith('.json')).sort((a, b) => a.path.localeCompare(b.path))) {
      try {
        rawFlows.push(JSON.parse(entry.data.toString('utf8')));
      } catch {
        throw badRequest(`${entry.path} is not valid JSON`);
      }
    }
    if (!rawFlows.length) throw badRequest('No flows found in the file');
    const base = (file.originalname ?? 'Uploaded project').replace(/\.zip$/i, '').replace(/^\d{8}_\d{6}_/, '').replace(/_flows$/, '');
    return { name: base || 'Uploaded project', description: null, rawFlows };
  }
  let data: unknown;
  try {
    data = JSON.parse(file.buffer.toString('utf8'));
  } catch (error) {
    throw badRequest(`The file is not valid JSON: ${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || !Object.keys(data).length) throw badRequest('No flows found in the file');
  const record = data as Record<string, unknown>;
  if (!Array.isArray(record.flows)) throw badRequest('No flows found in the data');
  if (typeof record.folder_name !== 'string' || !record.folder_name) {
    throw new HttpError(422, [{ type: 'missing', loc: ['body', 'folder_name'], msg: 'Field required', input: null }]);
  }
  const description = typeof record.folder_description === 'string' ? record.folder_description : null;
  return { name: record.folder_name, description, rawFlows: record.flows };
}
