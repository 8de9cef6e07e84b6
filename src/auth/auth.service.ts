import { Inject, Injectable } from '@nestjs/common';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, HttpError, unauthorized } from '../common/http/http-error';
import { TtlCache } from '../common/ttl-cache';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { verifyPassword } from '../users/password';
import { User } from '../users/user.entity';
import { UserEvents } from '../users/user-events';
import { UsersRepository } from '../users/users.repository';
import { TokenService } from './token.service';

export interface TokenPair {
  access_token: string;
  refresh_token: string | null;
  token_type: 'bearer';
}

const USER_CACHE_TTL_MS = 5_000;

@Injectable()
export class AuthService {
  private readonly userCache = new TtlCache<string, AuthUser | null>(USER_CACHE_TTL_MS);

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly events: UserEvents,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  async login(username: string | undefined, password: string | undefined): Promise<{ userId: string; tokens: TokenPair }> {
    const user = username ? await this.users.findByUsername(username) : null;
    if (!user || !password || !(await verifyPassword(password, user.password))) {
      throw unauthorized('Incorrect username or password');
    }
    if (!user.is_active) {
      if (!user.last_login_at) throw badRequest('Waiting for approval');
      throw unauthorized('Inactive user');
    }
    await this.users.touchLastLogin(user.id, new Date());
    await this.events.emitLogin(user.id);
    return { userId: user.id, tokens: this.pair(user.id) };
  }

  async autoLogin(): Promise<TokenPair> {
    if (!this.config.autoLogin) {
      throw new HttpError(400, { message: 'Auto login is disabled. Please enable it in the settings', auto_login: false });
    }
    const user = await this.users.findByUsername(this.config.superuser);
    if (!user) throw badRequest('Superuser not found');
    await this.events.emitLogin(user.id);
    return { access_token: this.tokens.autoLoginAccessToken(user.id), refresh_token: null, token_type: 'bearer' };
  }

  async refresh(refreshToken: string | undefined): Promise<TokenPair> {
    const claims = refreshToken ? this.tokens.verify(refreshToken) : null;
    if (!claims || claims.type !== 'refresh') throw unauthorized('Invalid refresh token');
    const user = await this.users.findById(claims.sub);
    if (!user) throw unauthorized('Invalid refresh token');
    if (!user.is_active) throw unauthorized('User account is inactive');
    return this.pair(user.id);
  }

  /** The user behind a verified token, cached briefly so a busy client costs no read per request. */
  async userById(id: string): Promise<AuthUser | null> {
    const cached = this.userCache.get(id);
    if (cached !== undefined) return cached;
    const user = await this.users.findById(id);
    const auth = user ? toAuthUser(user) : null;
    this.userCache.set(id, auth);
    return auth;
  }

  /** The configured superuser, for LANGFLOW_SKIP_AUTH_AUTO_LOGIN. */
  async superuser(): Promise<AuthUser | null> {
    const user = await this.users.findByUsername(this.config.superuser);
    return user ? toAuthUser(user) : null;
  }

  forgetUser(id: string): void {
    this.userCache.delete(id);
  }

  private pair(userId: string): TokenPair {
    return { access_token: this.tokens.accessToken(userId), refresh_token: this.tokens.refreshToken(userId), token_type: 'bearer' };
  }
}

function toAuthUser(user: User): AuthUser {
  return { id: user.id, username: user.username, is_active: user.is_active, is_superuser: user.is_superuser };
}
