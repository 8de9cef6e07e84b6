import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest } from '../common/http/http-error';
import { TtlCache } from '../common/ttl-cache';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { UsersRepository } from '../users/users.repository';
import { generateApiKey, hashApiKey, maskApiKey } from './api-key-format';
import { ApiKey } from './api-key.entity';
import { toApiKeyCreated, toApiKeyRead } from './api-key.mapper';
import { ApiKeyCreatedDto, ApiKeysListDto, CreateApiKeyDto } from './dto/api-key.dto';
import { ApiKeysRepository } from './api-keys.repository';

interface CachedKey {
  keyId: string;
  user: AuthUser;
}

const CACHE_TTL_MS = 5_000;
const USAGE_FLUSH_MS = 1_000;

@Injectable()
export class ApiKeysService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly cache = new TtlCache<string, CachedKey | null>(CACHE_TTL_MS);
  /** Uses counted since the last flush: a key on a hot /run path costs no write per request. */
  private readonly pendingUses = new Map<string, { uses: number; lastUsedAt: Date }>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  onModuleInit(): void {
    this.flushTimer = setInterval(() => void this.flushUsage(), USAGE_FLUSH_MS);
    this.flushTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushUsage();
  }

  async create(caller: AuthUser, dto: CreateApiKeyDto): Promise<ApiKeyCreatedDto> {
    const plain = generateApiKey();
    const key = Object.assign(new ApiKey(), {
      id: randomUUID(),
      name: dto.name,
      key_hash: hashApiKey(plain),
      masked_key: maskApiKey(plain),
      is_active: true,
      total_uses: 0,
      last_used_at: null,
      created_at: new Date(),
      user_id: caller.id,
    });
    return toApiKeyCreated(await this.keys.insert(key), plain);
  }

  async list(caller: AuthUser): Promise<ApiKeysListDto> {
    await this.flushUsage();
    const keys = await this.keys.listForUser(caller.id);
    return { total_count: keys.length, user_id: caller.id, api_keys: keys.map(toApiKeyRead) };
  }

  async delete(caller: AuthUser, id: string): Promise<{ detail: string }> {
    const key = await this.keys.findForUser(caller.id, id);
    if (!key) throw badRequest('API Key not found');
    await this.keys.delete(id);
    this.cache.deleteWhere((cached) => cached?.keyId === id);
    this.pendingUses.delete(id);
    return { detail: 'API Key deleted' };
  }

  /** The active user owning this key, or null. Counts the use. */
  async authenticate(plainKey: string): Promise<AuthUser | null> {
    const hash = hashApiKey(plainKey);
    let cached = this.cache.get(hash);
    if (cached === undefined) {
      cached = await this.lookup(hash);
      this.cache.set(hash, cached);
    }
    if (!cached) return null;
    if (!this.config.disableTrackApiKeyUsage) this.countUse(cached.keyId);
    return cached.user;
  }

  /** Drops cached keys of a user whose rights changed in this process. */
  forgetUser(userId: string): void {
    this.cache.deleteWhere((cached) => cached?.user.id === userId);
  }

  private async lookup(hash: string): Promise<CachedKey | null> {
    const key = await this.keys.findByHash(hash);
    if (!key) return null;
    const user = await this.users.findById(key.user_id);
    if (!user) return null;
    return {
      keyId: key.id,
      user: { id: user.id, username: user.username, is_active: user.is_active, is_superuser: user.is_superuser },
    };
  }

  private countUse(keyId: string): void {
    const pending = this.pendingUses.get(keyId);
    if (pending) {
      pending.uses += 1;
      pending.lastUsedAt = new Date();
    } else {
      this.pendingUses.set(keyId, { uses: 1, lastUsedAt: new Date() });
    }
  }

  private async flushUsage(): Promise<void> {
    if (!this.pendingUses.size) return;
    const batch = [...this.pendingUses];
    this.pendingUses.clear();
    for (const [keyId, { uses, lastUsedAt }] of batch) {
      try {
        await this.keys.addUses(keyId, uses, lastUsedAt);
      } catch (error) {
        this.logger.warn(`Could not record API key usage: ${(error as Error).message}`);
      }
    }
  }
}
