import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import JSZip from 'jszip';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { EntityManager, QueryFailedError } from 'typeorm';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, forbidden, HttpError, notFound } from '../common/http/http-error';
import { TtlCache } from '../common/ttl-cache';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { DefaultProjectService } from '../projects/default-project.service';
import { ProjectsRepository } from '../projects/projects.repository';
import { UserEvents } from '../users/user-events';
import { CreateFlowDto, CreateFlowsBatchDto } from './dto/create-flow.dto';
import { ExpandFlowDto } from './dto/expand-flow.dto';
import { FlowReadDto } from './dto/flow-read.dto';
import { defaultRegistry, expandCompactFlow } from './flow-expand';
import { ListFlowsQueryDto } from './dto/list-flows.query.dto';
import { UpdateFlowDto } from './dto/update-flow.dto';
import { Flow } from './flow.entity';
import { assertEndpointName, assertFlowInputs, flowFieldErrors, parseFlowInputs } from './flow-input';
import { flowDumpJson, flowHeaderJson, flowReadJson, jsonArray, toFlowRead } from './flow.mapper';
import { hasWebhookNode, stripApiKeys, stripPasswordValues, uniqueEndpointName, uniqueFlowName } from './flow-rules';
import { FlowListFilter, FlowsRepository } from './flows.repository';

/** What an uploaded multipart file gives us (multer's memory storage). */
export interface UploadedJsonFile {
  buffer: Buffer;
  originalname?: string;
  size?: number;
}

export type FlowDownload = { kind: 'json'; body: string } | { kind: 'zip'; body: Buffer; filename: string };

export interface CreateOptions {
  /** Langflow's create/upload renaming ("X (1)", "ep-1"); batch creation does not rename. */
  rename?: boolean;
  /** Overrides the input's folder_id (upload's ?folder_id=, project upload). */
  folderId?: string;
  manager?: EntityManager;
}

const MAX_CREATE_ATTEMPTS = 20;
const BASIC_EXAMPLES_TTL_MS = 60_000;

/** Which unique constraint a failed write hit, if any. */
export function uniqueViolation(error: unknown): 'name' | 'endpoint_name' | 'other' | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError ?? {};
  const isUnique = driver.code === '23505' || /UNIQUE constraint failed/i.test(error.message) || driver.code === 'SQLITE_CONSTRAINT_UNIQUE';
  if (!isUnique) return null;
  const text = `${driver.constraint ?? ''} ${error.message}`;
  if (/endpoint_name/.test(text)) return 'endpoint_name';
  if (/unique_flow_name|flow\.name/.test(text)) return 'name';
  return 'other';
}

function uniqueError(kind: 'name' | 'endpoint_name' | 'other'): HttpError {
  return badRequest(kind === 'endpoint_name' ? 'Endpoint name must be unique' : kind === 'name' ? 'Name must be unique' : 'Flow must be unique');
}

/**
 * Flows: Langflow's /api/v1/flows semantics, and the flow store other areas use
 * (findById, findOwned, findByIdOrEndpointName, createForUser).
 */
@Injectable()
export class FlowsService implements OnModuleInit {
  private readonly logger = new Logger(FlowsService.name);
  private readonly basicExamplesCache = new TtlCache<'all', string>(BASIC_EXAMPLES_TTL_MS);

  constructor(
    private readonly flows: FlowsRepository,
    private readonly defaults: DefaultProjectService,
    private readonly projects: ProjectsRepository,
    private readonly events: UserEvents,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  /** A deleted user's flow files (fs_path) go with them; their rows cascade in the database. */
  onModuleInit(): void {
    this.events.onDeleting((userId) => rm(join(this.config.configDir, 'flows', userId), { recursive: true, force: true }));
  }

  // ---- HTTP operations (JSON text where graphs are involved) ----

  async create(caller: AuthUser, dto: CreateFlowDto): Promise<string> {
    assertFlowInputs([dto], () => ['body']);
    const folderId = dto.folder_id ? await this.ownedFolderOrDefault(caller.id, dto.folder_id) : undefined;
    return flowReadJson(await this.createForUser(caller.id, dto, { rename: true, folderId }));
  }

  async createBatch(caller: AuthUser, dto: CreateFlowsBatchDto): Promise<string> {
    assertFlowInputs(dto.flows, (i) => ['body', 'flows', i]);
    const folders = await Promise.all(dto.flows.map((f) => this.ownedFolderOrDefault(caller.id, f.folder_id)));
    const created = await this.flows.transaction(async (manager) => {
      const out: Flow[] = [];
      for (let i = 0; i < dto.flows.length; i++) {
        out.push(await this.createForUser(caller.id, dto.flows[i], { rename: false, folderId: folders[i], manager }));
      }
      return out;
    });
    return jsonArray(created.map(flowReadJson));
  }

  async upload(caller: AuthUser, file: UploadedJsonFile | undefined, folderId: string | undefined): Promise<string> {
    const raw = parseJsonFile(file);
    const list = isRecord(raw) && 'flows' in raw ? raw.flows : raw;
    if (isRecord(raw) && 'flows' in raw && !Array.isArray(list)) {
      throw new HttpError(422, [{ type: 'list_type', loc: ['body', 'flows'], msg: 'Input should be a valid list', input: list }]);
    }
    // A bare JSON array of flows is accepted too.
    const raws = Array.isArray(list) ? list : [list];
    if (!raws.length) throw badRequest('No flows found in the file');
    const inputs = await parseFlowInputs(raws, (i) => (Array.isArray(list) ? ['body', 'flows', i] : ['body']));
    if (folderId && !(await this.projects.findOwned(caller.id, folderId))) throw notFound('Project not found');
    const created = await this.createMany(caller.id, inputs, folderId);
    return jsonArray(created.map(flowReadJson));
  }

  /** Creates several flows in one transaction with create's renaming rules. */
  async createMany(userId: string, inputs: CreateFlowDto[], folderId?: string): Promise<Flow[]> {
    const folders = await Promise.all(inputs.map((f) => (folderId ? Promise.resolve(folderId) : this.ownedFolderOrDefault(userId, f.folder_id))));
    return this.flows.transaction(async (manager) => {
      const out: Flow[] = [];
      for (let i = 0; i < inputs.length; i++) {
        out.push(await this.createForUser(userId, inputs[i], { rename: true, folderId: folders[i], manager }));
      }
      return out;
    });
  }

  async list(caller: AuthUser, query: ListFlowsQueryDto): Promise<string> {
    const starter = query.remove_example_flows ? await this.defaults.starterFolder() : null;
    const filter: FlowListFilter = {
      userId: caller.id,
      includeGlobal: this.config.autoLogin && !query.remove_example_flows,
      componentsOnly: !!query.components_only,
      excludeFolderId: starter?.id ?? null,
    };
    if (query.get_all !== false) {
      if (query.header_flows) return jsonArray((await this.flows.listHeaders(filter)).map(flowHeaderJson));
      return jsonArray((await this.flows.list(filter)).map(flowReadJson));
    }
    const folderId = query.folder_id ?? (await this.defaults.ensure(caller.id)).id;
    const page = query.page ?? 1;
    const size = query.size ?? 50;
    const { items, total } = await this.flows.page({ ...filter, folderId }, page, size);
    return pageJson(items.map(flowReadJson), total, page, size);
  }

  async get(caller: AuthUser, id: string): Promise<string> {
    const flow = await this.flows.findReadable(caller.id, id);
    if (!flow) throw notFound('Flow not found');
    return flowReadJson(flow);
  }

  /**
   * A PUBLIC flow for the shareable playground; anything else (or an unknown
   * id) is 403. Anonymous viewers get no secrets: password fields are nulled.
   */
  async publicFlow(id: string): Promise<string> {
    if ((await this.flows.accessType(id)) !== 'PUBLIC') throw forbidden('Flow is not public');
    const flow = await this.flows.findById(id);
    if (!flow) throw forbidden('Flow is not public');
    const data = flow.data === null ? null : JSON.stringify(stripPasswordValues(JSON.parse(flow.data)));
    return flowReadJson({ ...flow, data });
  }

  async update(caller: AuthUser, id: string, dto: UpdateFlowDto): Promise<string> {
    const flow = await this.flows.findOwned(caller.id, id);
    // Langflow wraps this 404 in its generic handler, hence the doubled status.
    if (!flow) throw notFound('404: Flow not found');
    const dataErrors = flowFieldErrors({ data: dto.data }, ['body']);
    if (dataErrors.length) throw new HttpError(422, dataErrors);
    assertEndpointName(dto.endpoint_name === '' ? null : dto.endpoint_name);

    const changes: Partial<Flow> = {};
    if (dto.name != null) changes.name = dto.name;
    if (dto.description != null) changes.description = dto.description;
    // LANGFLOW_REMOVE_API_KEYS: API-key fields of a saved graph are emptied.
    if (dto.data != null) changes.data = JSON.stringify(this.config.removeApiKeys ? stripApiKeys(dto.data) : dto.data);
    if (dto.folder_id != null) changes.folder_id = await this.requireOwnedFolder(caller.id, dto.folder_id);
    changes.endpoint_name = dto.endpoint_name ? dto.endpoint_name : null;
    if (dto.mcp_enabled != null) changes.mcp_enabled = dto.mcp_enabled;
    if (dto.locked != null) changes.locked = dto.locked;
    if (dto.action_name != null) changes.action_name = dto.action_name;
    if (dto.action_description != null) changes.action_description = dto.action_description;
    if (dto.access_type != null) changes.access_type = dto.access_type;
    if (dto.fs_path != null) changes.fs_path = checkFsPath(dto.fs_path);
    if (changes.data !== undefined) changes.webhook = hasWebhookNode(dto.data);
    changes.updated_at = new Date();
    if (!(changes.folder_id ?? flow.folder_id)) changes.folder_id = (await this.defaults.ensure(caller.id)).id;

    if (changes.name !== undefined && changes.name !== flow.name && (await this.flows.nameExists(caller.id, changes.name))) {
      throw uniqueError('name');
    }
    if (changes.endpoint_name && changes.endpoint_name !== flow.endpoint_name && (await this.flows.endpointExists(caller.id, changes.endpoint_name))) {
      throw uniqueError('endpoint_name');
    }
    try {
      await this.flows.update(flow.id, changes);
    } catch (error) {
      const kind = uniqueViolation(error);
      if (kind) throw uniqueError(kind);
      throw error;
    }
    const updated = Object.assign(flow, changes);
    await this.saveToFs(updated);
    return flowReadJson(updated);
  }

  async delete(caller: AuthUser, id: string): Promise<{ message: string }> {
    const flow = await this.flows.findOwned(caller.id, id, false);
    if (!flow) throw notFound('Flow not found');
    await this.flows.deleteByIds([flow.id]);
    return { message: 'Flow deleted successfully' };
  }

  async deleteMany(caller: AuthUser, ids: unknown): Promise<{ deleted: number }> {
    const owned = await this.flows.findOwnedMany(caller.id, uuidList(ids));
    return { deleted: await this.flows.deleteByIds(owned.map((f) => f.id)) };
  }

  /** One flow: its table dump; several: a ZIP of "{name}.json". API-key fields are emptied either way. */
  async download(caller: AuthUser, ids: unknown): Promise<FlowDownload> {
    const flows = await this.flows.findOwnedMany(caller.id, uuidList(ids), true);
    if (!flows.length) throw notFound('No flows found.');
    if (flows.length === 1) return { kind: 'json', body: exportJson(flows[0]) };
    return { kind: 'zip', body: await zipFlows(flows), filename: `${timestampForFile()}_langflow_flows.zip` };
  }

  /** FlowRead of every flow in the global "Starter Projects" folder. */
  async basicExamples(): Promise<string> {
    const cached = this.basicExamplesCache.get('all');
    if (cached !== undefined) return cached;
    const folder = await this.defaults.starterFolder();
    const body = folder ? jsonArray((await this.flows.listGlobalInFolder(folder.id)).map(flowReadJson)) : '[]';
    this.basicExamplesCache.set('all', body);
    return body;
  }

  /** Drops cached starter flows (after the templates are reseeded). */
  forgetBasicExamples(): void {
    this.basicExamplesCache.clear();
  }

  /** POST /flows/expand/. */
  expand(dto: ExpandFlowDto): { nodes: unknown[]; edges: unknown[] } {
    return expandCompactFlow(dto.nodes, dto.edges ?? [], defaultRegistry());
  }

  // ---- The flow store other areas use ----

  /** Any flow by id, with its graph (run paths; check ownership yourself). */
  findById(id: string): Promise<Flow | null> {
    return this.flows.findById(id);
  }

  /** The user's flow, with its graph unless `withData` is false. */
  findOwned(userId: string, id: string, withData = true): Promise<Flow | null> {
    return this.flows.findOwned(userId, id, withData);
  }

  /** Langflow's flow lookup for /run and /webhook: a UUID by id (any owner), else by endpoint_name. */
  findByIdOrEndpointName(idOrName: string, userId?: string): Promise<Flow | null> {
    return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(idOrName)
      ? this.flows.findById(idOrName.toLowerCase())
      : this.flows.findByEndpointName(idOrName, userId);
  }

  /** FlowRead object (parses the graph). */
  toFlowRead(flow: Flow): FlowReadDto {
    return toFlowRead(flow);
  }

  /**
   * Inserts a flow for a user with Langflow's create rules: unique name and
   * endpoint name (renamed when `rename`), the webhook flag, the default
   * project when no folder is given. Retries when a concurrent insert wins a
   * name between the check and the write.
   */
  async createForUser(userId: string, input: CreateFlowDto, options: CreateOptions = {}): Promise<Flow> {
    const folderId = options.folderId ?? (await this.ownedFolderOrDefault(userId, input.folder_id));
    const fsPath = input.fs_path != null ? checkFsPath(input.fs_path) : null;
    const data = input.data == null ? null : JSON.stringify(input.data);
    for (let attempt = 1; ; attempt++) {
      let name = input.name;
      let endpointName = input.endpoint_name || null;
      if (options.rename !== false) {
        if (await this.flows.nameExists(userId, name, options.manager)) {
          name = uniqueFlowName(name, await this.flows.namesStartingWith(userId, `${name} (`, 'name', options.manager));
        }
        if (endpointName && (await this.flows.endpointExists(userId, endpointName, options.manager))) {
          endpointName = uniqueEndpointName(endpointName, await this.flows.namesStartingWith(userId, `${endpointName}-`, 'endpoint_name', options.manager));
        }
      }
      const flow = Object.assign(new Flow(), {
        id: randomUUID(),
        name,
        description: input.description ?? null,
        icon: input.icon ?? null,
        icon_bg_color: input.icon_bg_color ?? null,
        gradient: input.gradient ?? null,
        data,
        is_component: input.is_component ?? false,
        updated_at: new Date(),
        webhook: hasWebhookNode(input.data),
        endpoint_name: endpointName,
        tags: input.tags ?? [],
        locked: input.locked ?? false,
        mcp_enabled: input.mcp_enabled ?? false,
        action_name: input.action_name ?? null,
        action_description: input.action_description ?? null,
        access_type: input.access_type ?? 'PRIVATE',
        user_id: userId,
        folder_id: folderId,
        fs_path: fsPath,
      });
      try {
        // Postgres aborts a transaction on a failed statement, so retry only outside one.
        const saved = await this.flows.insert(flow, options.manager);
        await this.saveToFs(saved);
        return saved;
      } catch (error) {
        const kind = uniqueViolation(error);
        if (!kind) throw error;
        if (options.rename === false || options.manager || attempt >= MAX_CREATE_ATTEMPTS) throw uniqueError(kind);
      }
    }
  }

  // ---- helpers ----

  /** The folder if the user owns it; a stale or foreign id (common in exported files) falls back to the default project. */
  private async ownedFolderOrDefault(userId: string, folderId: string | null | undefined): Promise<string> {
    if (folderId && (await this.projects.findOwned(userId, folderId))) return folderId;
    return (await this.defaults.ensure(userId)).id;
  }

  private async requireOwnedFolder(userId: string, folderId: string): Promise<string> {
    if (!(await this.projects.findOwned(userId, folderId))) throw notFound('Project not found');
    return folderId;
  }

  /** With fs_path set, the flow's JSON is also written under <config dir>/flows/<user id>/. */
  private async saveToFs(flow: Flow): Promise<void> {
    if (!flow.fs_path || !flow.user_id) return;
    const target = join(this.config.configDir, 'flows', flow.user_id, flow.fs_path);
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, flowDumpJson(flow));
    } catch (error) {
      this.logger.warn(`Could not write flow ${flow.id} to ${target}: ${(error as Error).message}`);
    }
  }
}

/** A relative path inside the user's flow directory; absolute paths, ".." and NUL are refused. */
function checkFsPath(path: string): string {
  if (path.includes('\0') || isAbsolute(path) || normalize(path).split(/[\\/]/).includes('..') || path.split(/[\\/]/).includes('..')) {
    throw badRequest('Invalid file path');
  }
  return normalize(path).split(sep).join('/');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A multipart JSON file, or Langflow-shaped errors. */
export function parseJsonFile(file: UploadedJsonFile | undefined): unknown {
  if (!file) throw new HttpError(422, [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }]);
  try {
    return JSON.parse(file.buffer.toString('utf8'));
  } catch (error) {
    throw badRequest(`The file is not valid JSON: ${(error as Error).message}`);
  }
}

/** A JSON body that must be a list of UUIDs (DELETE /flows/, POST /flows/download/). */
export function uuidList(value: unknown): string[] {
  if (!Array.isArray(value)) {
    throw new HttpError(422, [{ type: 'list_type', loc: ['body'], msg: 'Input should be a valid list', input: value ?? null }]);
  }
  const uuid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
  const errors = value
    .map((v, i) => (typeof v === 'string' && uuid.test(v) ? null : { type: 'uuid_parsing', loc: ['body', i], msg: 'Input should be a valid UUID', input: v }))
    .filter(Boolean);
  if (errors.length) throw new HttpError(422, errors);
  return (value as string[]).map((v) => (v.length === 32 ? v.replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5') : v).toLowerCase());
}

export function pageJson(items: string[], total: number, page: number, size: number): string {
  return `{"items":${jsonArray(items)},"total":${total},"page":${page},"size":${size},"pages":${Math.ceil(total / size)}}`;
}

/** The exported JSON of one flow, API-key fields emptied. */
export function exportJson(flow: Flow): string {
  const data = flow.data === null ? null : JSON.stringify(stripApiKeys(JSON.parse(flow.data)));
  return flowDumpJson(flow, data);
}

/** A ZIP of "{name}.json" per flow (names are unique per user; repeats get " (n)"). */
export async function zipFlows(flows: Flow[]): Promise<Buffer> {
  const zip = new JSZip();
  const used = new Set<string>();
  for (const flow of flows) {
    const base = flow.name.replace(/[/\\]/g, '_');
    let file = `${base}.json`;
    for (let n = 1; used.has(file); n++) file = `${base} (${n}).json`;
    used.add(file);
    zip.file(file, exportJson(flow));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** YYYYMMDD_HHMMSS in UTC. */
export function timestampForFile(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}
