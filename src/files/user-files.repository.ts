import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { UserFile } from './user-file.entity';

@Injectable()
export class UserFilesRepository {
  constructor(@InjectRepository(UserFile) private readonly repo: Repository<UserFile>) {}

  listForUser(userId: string): Promise<UserFile[]> {
    return this.repo.find({ where: { user_id: userId }, order: { created_at: 'ASC', name: 'ASC' } });
  }

  findForUser(userId: string, id: string): Promise<UserFile | null> {
    return this.repo.findOneBy({ id, user_id: userId });
  }

  findByName(userId: string, name: string): Promise<UserFile | null> {
    return this.repo.findOneBy({ user_id: userId, name });
  }

  findManyForUser(userId: string, ids: string[]): Promise<UserFile[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({ where: { user_id: userId, id: In(ids) }, order: { created_at: 'ASC', name: 'ASC' } });
  }

  /** The caller's display names starting with `prefix` (LIKE narrows, the caller filters exactly). */
  async namesStartingWith(userId: string, prefix: string): Promise<string[]> {
    const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = await this.repo
      .createQueryBuilder('f')
      .select('f.name', 'name')
      .where('f.user_id = :userId', { userId })
      .andWhere(`f.name LIKE :prefix ESCAPE '\\'`, { prefix: `${escaped}%` })
      .getRawMany<{ name: string }>();
    return rows.map((row) => row.name);
  }

  findByPath(path: string): Promise<UserFile | null> {
    return this.repo.findOneBy({ path });
  }

  async pathTaken(path: string): Promise<boolean> {
    return (await this.repo.count({ where: { path } })) > 0;
  }

  save(file: UserFile): Promise<UserFile> {
    return this.repo.save(file);
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length) await this.repo.delete({ id: In(ids) });
  }
}
