import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { escapeLike } from '../projects/projects.repository';
import { Flow } from './flow.entity';
import { FlowEvents } from './flow-events';

/** Every column but `data`: list and ownership queries never load graphs they do not need. */
export const FLOW_META_COLUMNS = [
  'id', 'name', 'description', 'icon', 'icon_bg_color', 'gradient', 'is_component', 'updated_at', 'webhook',
  'endpoint_name', 'tags', 'locked', 'mcp_enabled', 'action_name', 'action_description', 'access_type',
  'user_id', 'folder_id', 'fs_path',
] as const satisfies readonly (keyof Flow)[];

export type FlowMeta = Omit<Flow, 'data'>;

export interface FlowListFilter {
  userId: string;
  /** Also list global flows (user_id NULL: the starter templates), as Langflow does under AUTO_LOGIN. */
  includeGlobal?: boolean;
  componentsOnly?: boolean;
  /** Only flows (is_component false). */
  flowsOnly?: boolean;
  excludeFolderId?: string | null;
  folderId?: string;
  /** Case-insensitive substring of the name. */
  search?: string;
}

@Injectable()
export class FlowsRepository {
  constructor(
    @InjectRepository(Flow) private readonly repo: Repository<Flow>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: FlowEvents,
  ) {}

  /** The flow with `data`, whoever owns it (run paths and public flows). */
  findById(id: string): Promise<Flow | null> {
    return this.repo.findOneBy({ id });
  }

  /** The user's flow (with `data` unless `withData` is false). */
  findOwned(userId: string, id: string, withData = true): Promise<Flow | null> {
    return this.repo.findOne({ where: { id, user_id: userId }, select: this.columns(withData) });
  }

  /** The user's flow, or a global (starter) flow. */
  async findReadable(userId: string, id: string): Promise<Flow | null> {
    return this.repo
      .createQueryBuilder('f')
      .where('f.id = :id', { id })
      .andWhere(new Brackets((q) => q.where('f.user_id = :userId', { userId }).orWhere('f.user_id IS NULL')))
      .getOne();
  }

  /** By endpoint name, optionally restricted to one owner (first match, as Langflow). */
  findByEndpointName(endpointName: string, userId?: string): Promise<Flow | null> {
    return this.repo.findOne({ where: userId ? { endpoint_name: endpointName, user_id: userId } : { endpoint_name: endpointName }, order: { updated_at: 'ASC' } });
  }

  /** The access type of any flow, without loading it. */
  async accessType(id: string): Promise<string | null> {
    const row = await this.repo.findOne({ where: { id }, select: ['id', 'access_type'] });
    return row?.access_type ?? null;
  }

  /** Full rows (with data) matching the filter. */
  list(filter: FlowListFilter): Promise<Flow[]> {
    return this.filtered(filter).getMany();
  }

  /** Header rows: `data` only for components. */
  async listHeaders(filter: FlowListFilter): Promise<(FlowMeta & { data: string | null })[]> {
    const rows = await this.filtered(filter, false)
      .addSelect('CASE WHEN f.is_component = :yes THEN f.data ELSE NULL END', 'component_data')
      .setParameter('yes', true)
      .getRawAndEntities();
    return rows.entities.map((entity, i) => ({ ...entity, data: (rows.raw[i] as { component_data: string | null }).component_data }));
  }

  /** One page, newest first, and the total. */
  async page(filter: FlowListFilter, page: number, size: number): Promise<{ items: Flow[]; total: number }> {
    const [items, total] = await this.filtered(filter)
      .orderBy('f.updated_at', 'DESC')
      .addOrderBy('f.id', 'ASC')
      .skip((page - 1) * size)
      .take(size)
      .getManyAndCount();
    return { items, total };
  }

  async nameExists(userId: string, name: string, manager?: EntityManager): Promise<boolean> {
    return (await this.r(manager).countBy({ user_id: userId, name })) > 0;
  }

  async endpointExists(userId: string, endpointName: string, manager?: EntityManager): Promise<boolean> {
    return (await this.r(manager).countBy({ user_id: userId, endpoint_name: endpointName })) > 0;
  }

  /** The user's flow names starting with `prefix` (exact, case-sensitive). */
  async namesStartingWith(userId: string, prefix: string, column: 'name' | 'endpoint_name' = 'name', manager?: EntityManager): Promise<string[]> {
    const rows = await this.r(manager)
      .createQueryBuilder('f')
      .select(`f.${column}`, 'value')
      .where('f.user_id = :userId', { userId })
      .andWhere(`f.${column} LIKE :pattern ESCAPE '\\'`, { pattern: `${escapeLike(prefix)}%` })
      .getRawMany<{ value: string }>();
    return rows.map((r) => r.value).filter((v) => typeof v === 'string' && v.startsWith(prefix));
  }

  /** A plain INSERT (save() would SELECT first). */
  async insert(flow: Flow, manager?: EntityManager): Promise<Flow> {
    await this.r(manager).insert(flow);
    return flow;
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Writes the given columns of one flow. */
  async update(id: string, changes: Partial<Flow>): Promise<void> {
    await this.repo.update({ id }, changes);
  }

  /** The user's flows among `ids` (no data). */
  findOwnedMany(userId: string, ids: string[], withData = false): Promise<Flow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({ where: { user_id: userId, id: In(ids) }, select: this.columns(withData) });
  }

  /** Deletes flows by id (messages, transactions and builds follow by ON DELETE CASCADE; stored files through FlowEvents). */
  async deleteByIds(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    let deleted = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const result = await this.repo.delete({ id: In(ids.slice(i, i + 500)) });
      deleted += result.affected ?? 0;
    }
    await this.events.emitDeleted(ids);
    return deleted;
  }

  /** Moves the user's flows among `ids` into a folder. */
  async moveToFolder(userId: string, ids: string[], folderId: string): Promise<void> {
    if (!ids.length) return;
    await this.repo.update({ user_id: userId, id: In(ids) }, { folder_id: folderId });
  }

  /** Flow ids in a folder owned by the user. */
  async idsInFolder(userId: string, folderId: string): Promise<string[]> {
    const rows = await this.repo.find({ where: { user_id: userId, folder_id: folderId }, select: ['id'] });
    return rows.map((r) => r.id);
  }

  /** Global flows (user_id NULL) of a folder, with data. */
  listGlobalInFolder(folderId: string): Promise<Flow[]> {
    return this.repo.createQueryBuilder('f').where('f.folder_id = :folderId', { folderId }).andWhere('f.user_id IS NULL').orderBy('f.name', 'ASC').getMany();
  }

  private r(manager?: EntityManager): Repository<Flow> {
    return manager ? manager.getRepository(Flow) : this.repo;
  }

  private columns(withData: boolean): (keyof Flow)[] {
    return withData ? [...FLOW_META_COLUMNS, 'data'] : [...FLOW_META_COLUMNS];
  }

  private filtered(filter: FlowListFilter, withData = true): SelectQueryBuilder<Flow> {
    const q = this.repo.createQueryBuilder('f').select(this.columns(withData).map((c) => `f.${c}`));
    if (filter.includeGlobal) {
      q.where(new Brackets((b) => b.where('f.user_id = :userId', { userId: filter.userId }).orWhere('f.user_id IS NULL')));
    } else {
      q.where('f.user_id = :userId', { userId: filter.userId });
    }
    if (filter.componentsOnly) q.andWhere('f.is_component = :component', { component: true });
    if (filter.flowsOnly) q.andWhere('f.is_component = :notComponent', { notComponent: false });
    if (filter.excludeFolderId) {
      q.andWhere(new Brackets((b) => b.where('f.folder_id != :excluded', { excluded: filter.excludeFolderId }).orWhere('f.folder_id IS NULL')));
    }
    if (filter.folderId) q.andWhere('f.folder_id = :folderId', { folderId: filter.folderId });
    if (filter.search) q.andWhere("LOWER(f.name) LIKE :search ESCAPE '\\'", { search: `%${escapeLike(filter.search.toLowerCase())}%` });
    return q;
  }
}
