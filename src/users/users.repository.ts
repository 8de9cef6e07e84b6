import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly repo: Repository<User>) {}

  findById(id: string): Promise<User | null> {
    return this.repo.findOneBy({ id });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.repo.findOneBy({ username });
  }

  async list(skip: number, limit: number): Promise<{ total: number; users: User[] }> {
    const [users, total] = await this.repo.findAndCount({ order: { create_at: 'ASC' }, skip, take: limit });
    return { total, users };
  }

  save(user: User): Promise<User> {
    return this.repo.save(user);
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  async touchLastLogin(id: string, at: Date): Promise<void> {
    await this.repo.update({ id }, { last_login_at: at });
  }
}
