import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiKey } from './api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKey) private readonly repo: Repository<ApiKey>) {}

  findByHash(keyHash: string): Promise<ApiKey | null> {
    return this.repo.findOneBy({ key_hash: keyHash });
  }

  listForUser(userId: string): Promise<ApiKey[]> {
    return this.repo.find({ where: { user_id: userId }, order: { created_at: 'ASC' } });
  }

  findForUser(userId: string, id: string): Promise<ApiKey | null> {
    return this.repo.findOneBy({ id, user_id: userId });
  }

  insert(key: ApiKey): Promise<ApiKey> {
    return this.repo.save(key);
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  /** Adds uses counted in memory since the last flush. */
  async addUses(id: string, uses: number, lastUsedAt: Date): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .update(ApiKey)
      .set({ total_uses: () => `total_uses + ${Math.floor(uses)}`, last_used_at: lastUsedAt })
      .where('id = :id', { id })
      .execute();
  }
}
