import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, notFound } from '../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import type { VariableLookup, VariableResolver } from '../engine/ports/ports';
import { CreateVariableDto, UpdateVariableDto, VariableReadDto } from './dto/variable.dto';
import { SecretBox } from './secret-box';
import { CREDENTIAL_TYPE, GENERIC_TYPE, Variable } from './variable.entity';
import { toVariableRead } from './variable.mapper';
import { VariablesRepository } from './variables.repository';

const isInternalName = (name: string) => name.startsWith('__') && name.endsWith('__');

@Injectable()
export class VariablesService {
  private readonly box: SecretBox;

  constructor(
    private readonly variables: VariablesRepository,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {
    this.box = new SecretBox(config.secret, 'variables');
  }

  async create(caller: AuthUser, dto: CreateVariableDto): Promise<VariableReadDto> {
    if (!dto.name && !dto.value) throw badRequest('Variable name and value cannot be empty');
    if (!dto.name) throw badRequest('Variable name cannot be empty');
    if (!dto.value) throw badRequest('Variable value cannot be empty');
    if (await this.variables.findByName(caller.id, dto.name)) throw badRequest('Variable name already exists');
    const now = new Date();
    const variable = Object.assign(new Variable(), {
      id: randomUUID(),
      name: dto.name,
      type: dto.type || CREDENTIAL_TYPE,
      default_fields: dto.default_fields ?? [],
      created_at: now,
      updated_at: now,
      user_id: caller.id,
    });
    variable.value = this.storedValue(variable, dto.value);
    return toVariableRead(await this.saveUnique(variable));
  }

  async list(caller: AuthUser): Promise<VariableReadDto[]> {
    const all = await this.variables.listForUser(caller.id);
    return all.filter((v) => !isInternalName(v.name)).map(toVariableRead);
  }

  async update(caller: AuthUser, id: string, dto: UpdateVariableDto): Promise<VariableReadDto> {
    const variable = await this.variables.findForUser(caller.id, id);
    if (!variable) throw notFound('Variable not found');
    if (dto.type === GENERIC_TYPE && variable.type !== GENERIC_TYPE && !dto.value) {
      // Turning a credential into a readable Generic variable would reveal it.
      throw badRequest('Variable value cannot be empty');
    }
    const plain = dto.value || this.plainValue(variable);
    if (dto.name && dto.name !== variable.name) {
      if (await this.variables.findByName(caller.id, dto.name)) throw badRequest('Variable name already exists');
      variable.name = dto.name;
    }
    if (dto.type) variable.type = dto.type;
    if (dto.default_fields) variable.default_fields = dto.default_fields;
    variable.value = plain === undefined ? variable.value : this.storedValue(variable, plain);
    variable.updated_at = new Date();
    return toVariableRead(await this.saveUnique(variable));
  }

  async delete(caller: AuthUser, id: string): Promise<void> {
    const variable = await this.variables.findForUser(caller.id, id);
    if (!variable) throw notFound('Variable not found');
    await this.variables.delete(variable.id);
  }

  /**
   * For the engine's `load_from_db` fields: the user's variable, else (with
   * LANGFLOW_FALLBACK_TO_ENV_VAR, the default) the environment variable of that
   * name, else undefined.
   */
  async resolveForRun(userId: string | null | undefined, name: string): Promise<string | undefined> {
    if (userId) {
      const variable = await this.variables.findByName(userId, name);
      if (variable) {
        const value = this.plainValue(variable);
        if (value !== undefined) return value;
      }
    }
    if (this.config.fallbackToEnvVar) {
      const fromEnv = process.env[name];
      if (fromEnv !== undefined) return fromEnv;
    }
    return undefined;
  }

  /** resolveForRun as the engine's VariableResolver port. */
  readonly resolver: VariableResolver = {
    get: (name: string, lookup: VariableLookup) => this.resolveForRun(lookup.userId, name),
  };

  private storedValue(variable: Variable, plain: string): string {
    return variable.type === GENERIC_TYPE ? plain : this.box.seal(plain, variable.id);
  }

  /** The clear value, or undefined if it cannot be opened (the secret key changed). */
  private plainValue(variable: Variable): string | undefined {
    if (variable.value === null) return undefined;
    if (!this.box.isSealed(variable.value)) return variable.value;
    try {
      return this.box.open(variable.value, variable.id);
    } catch {
      return undefined;
    }
  }

  /** Two requests racing on one name: the unique constraint decides, with Langflow's message. */
  private async saveUnique(variable: Variable): Promise<Variable> {
    try {
      return await this.variables.save(variable);
    } catch (error) {
      if (error instanceof QueryFailedError && /unique/i.test(String((error as { driverError?: { code?: string; message?: string } }).driverError?.code ?? '') + error.message)) {
        throw badRequest('Variable name already exists');
      }
      throw error;
    }
  }
}
