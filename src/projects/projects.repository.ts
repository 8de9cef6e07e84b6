import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Folder } from './folder.entity';

/** Folder rows (Langflow's name for projects). Every user-facing read filters by owner. */
@Injectable()
export class ProjectsRepository {
  constructor(@InjectRepository(Folder) private readonly repo: Repository<Folder>) {}

  findOwned(userId: string, id: string): Promise<Folder | null> {
    return this.repo.findOneBy({ id, user_id: userId });
  }

  findById(id: string): Promise<Folder | null> {
    return this.repo.findOneBy({ id });
  }

  findByName(userId: string, name: string): Promise<Folder | null> {
    return this.repo.findOneBy({ user_id: userId, name });
  }

  findGlobalByName(name: string): Promise<Folder | null> {
    return this.repo.findOne({ where: { user_id: IsNull(), name }, order: { id: 'ASC' } });
  }

  /** The caller's projects plus global ones (user_id NULL). */
  listVisible(userId: string): Promise<Folder[]> {
    return this.repo.find({ where: [{ user_id: userId }, { user_id: IsNull() }], order: { name: 'ASC' } });
  }

  /** Names of the user's projects starting with `prefix` (exact prefix, no LIKE wildcards). */
  async namesStartingWith(userId: string, prefix: string): Promise<string[]> {
    const rows = await this.repo
      .createQueryBuilder('f')
      .select('f.name', 'name')
      .where('f.user_id = :userId', { userId })
      .andWhere("f.name LIKE :pattern ESCAPE '\\'", { pattern: `${escapeLike(prefix)}%` })
      .getRawMany<{ name: string }>();
    return rows.map((r) => r.name).filter((n) => n.startsWith(prefix));
  }

  insert(folder: Folder): Promise<Folder> {
    return this.repo.save(folder);
  }

  save(folder: Folder): Promise<Folder> {
    return this.repo.save(folder);
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
