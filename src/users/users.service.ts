import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, forbidden, notFound } from '../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQueryDto } from './dto/list-users.query.dto';
import { UserReadDto, UsersPageDto } from './dto/user-read.dto';
import { ResetPasswordDto, UpdateUserDto } from './dto/update-user.dto';
import { hashPassword, verifyPassword } from './password';
import { User } from './user.entity';
import { UserEvents } from './user-events';
import { DEFAULT_OPTINS, toUserRead } from './user.mapper';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly events: UserEvents,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  async create(dto: CreateUserDto): Promise<UserReadDto> {
    if (await this.users.findByUsername(dto.username)) throw badRequest('This username is unavailable.');
    const user = await this.insert(dto.username, dto.password, { isActive: this.config.newUserIsActive, isSuperuser: false, optins: dto.optins });
    return toUserRead(user);
  }

  async whoami(caller: AuthUser): Promise<UserReadDto> {
    return toUserRead(await this.require(caller.id));
  }

  async list(query: ListUsersQueryDto): Promise<UsersPageDto> {
    const { total, users } = await this.users.list(query.skip ?? 0, query.limit ?? 10);
    return { total_count: total, users: users.map(toUserRead) };
  }

  async update(caller: AuthUser, id: string, dto: UpdateUserDto): Promise<UserReadDto> {
    if (!caller.is_superuser) {
      if (caller.id !== id) throw forbidden('Permission denied');
      if (dto.is_superuser !== undefined) throw forbidden('Permission denied');
      if (dto.password !== undefined) throw badRequest("You can't change your password here");
    }
    const user = await this.users.findById(id);
    if (!user) throw notFound('User not found');
    if (dto.username !== undefined && dto.username !== user.username) {
      if (await this.users.findByUsername(dto.username)) throw badRequest('This username is unavailable.');
      user.username = dto.username;
    }
    if (dto.profile_image !== undefined) user.profile_image = dto.profile_image;
    if (dto.password !== undefined) user.password = await hashPassword(dto.password);
    if (dto.is_active !== undefined) user.is_active = dto.is_active;
    if (dto.is_superuser !== undefined) user.is_superuser = dto.is_superuser;
    if (dto.last_login_at !== undefined) user.last_login_at = new Date(dto.last_login_at);
    if (dto.optins !== undefined) user.optins = { ...DEFAULT_OPTINS, ...(user.optins ?? {}), ...dto.optins };
    user.updated_at = new Date();
    return toUserRead(await this.users.save(user));
  }

  async resetPassword(caller: AuthUser, id: string, dto: ResetPasswordDto): Promise<UserReadDto> {
    if (caller.id !== id) throw badRequest("You can't change another user's password");
    const user = await this.require(id);
    if (await verifyPassword(dto.password, user.password)) throw badRequest("You can't use your current password");
    user.password = await hashPassword(dto.password);
    user.updated_at = new Date();
    return toUserRead(await this.users.save(user));
  }

  async delete(caller: AuthUser, id: string): Promise<{ detail: string }> {
    if (caller.id === id) throw badRequest("You can't delete your own user account");
    if (!(await this.users.findById(id))) throw notFound('User not found');
    await this.events.emitDeleting(id);
    await this.users.delete(id);
    return { detail: 'User deleted' };
  }

  /**
   * Creates the configured superuser at start. With auto-login off, an unused
   * default "langflow" superuser is removed first, as Langflow does. Replicas
   * starting together race on the unique username; the loser re-reads.
   */
  async ensureSuperuser(): Promise<void> {
    const { superuser, superuserPassword, autoLogin } = this.config;
    if (!autoLogin && superuser !== 'langflow') {
      const stale = await this.users.findByUsername('langflow');
      if (stale?.is_superuser && !stale.last_login_at) await this.users.delete(stale.id);
    }
    const existing = await this.users.findByUsername(superuser);
    if (existing) {
      if (!existing.is_superuser || !existing.is_active) {
        existing.is_superuser = true;
        existing.is_active = true;
        existing.updated_at = new Date();
        await this.users.save(existing);
      }
      return;
    }
    try {
      await this.insert(superuser, superuserPassword, { isActive: true, isSuperuser: true });
      this.logger.log(`Created superuser "${superuser}"`);
    } catch (error) {
      if (!(await this.users.findByUsername(superuser))) throw error;
    }
  }

  private async insert(
    username: string,
    password: string,
    opts: { isActive: boolean; isSuperuser: boolean; optins?: Record<string, unknown> },
  ): Promise<User> {
    const now = new Date();
    const user = Object.assign(new User(), {
      id: randomUUID(),
      username,
      password: await hashPassword(password),
      profile_image: null,
      store_api_key: null,
      is_active: opts.isActive,
      is_superuser: opts.isSuperuser,
      create_at: now,
      updated_at: now,
      last_login_at: null,
      optins: { ...DEFAULT_OPTINS, ...(opts.optins ?? {}) },
    });
    const saved = await this.users.save(user);
    await this.events.emitCreated(saved.id);
    return saved;
  }

  private async require(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('User not found');
    return user;
  }
}
