import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Variable } from './variable.entity';

@Injectable()
export class VariablesRepository {
  constructor(@InjectRepository(Variable) private readonly repo: Repository<Variable>) {}

  listForUser(userId: string): Promise<Variable[]> {
    return this.repo.find({ where: { user_id: userId }, order: { created_at: 'ASC', name: 'ASC' } });
  }

  findForUser(userId: string, id: string): Promise<Variable | null> {
    return this.repo.findOneBy({ id, user_id: userId });
  }

  findByName(userId: string, name: string): Promise<Variable | null> {
    return this.repo.findOneBy({ user_id: userId, name });
  }

  save(variable: Variable): Promise<Variable> {
    return this.repo.save(variable);
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
