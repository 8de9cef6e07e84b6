import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AUTH_KIND, AuthKind } from '../common/decorators/auth.decorator';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { forbidden, unauthorized } from '../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { API_KEY_REQUIRED, AUTO_LOGIN_NEEDS_KEY, INVALID_API_KEY } from './api-key-messages';
import { AuthService } from './auth.service';
import { API_KEY_HEADER } from './strategies/api-key.strategy';
import { requestCarriesJwt } from './strategies/jwt.strategy';

class JwtGuard extends AuthGuard('jwt') {
  handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err) throw err;
    if (!user) {
      const name = (info as Error | undefined)?.name;
      throw unauthorized(name === 'TokenExpiredError' ? 'Token has expired.' : 'Could not validate credentials');
    }
    return user;
  }
}

/**
 * The global guard: every route is authenticated unless it is declared
 * @Public(). Undeclared routes are treated as `user` (fail closed).
 */
@Injectable()
export class AppAuthGuard implements CanActivate {
  private readonly jwtGuard = new JwtGuard();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const kind = this.reflector.getAllAndOverride<AuthKind>(AUTH_KIND, [context.getHandler(), context.getClass()]) ?? 'user';
    if (kind === 'public') return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    promoteQueryApiKey(req);

    if (kind !== 'api-key' && requestCarriesJwt(req)) {
      await this.jwtGuard.canActivate(context);
    } else {
      await this.apiKeySecurity(req);
    }
    const user = req.user!;
    if (!user.is_active) throw unauthorized('Inactive user');
    if (kind === 'superuser' && !user.is_superuser) throw forbidden("The user doesn't have enough privileges");
    return true;
  }

  /** Langflow's api_key_security. */
  private async apiKeySecurity(req: Request & { user?: AuthUser }): Promise<void> {
    const key = req.headers[API_KEY_HEADER];
    if (key) {
      // ApiKeyStrategy's check without passport's per-request machinery: on /run this guard ran
      // through passport.authenticate for every call (about 4% of a trivial run's CPU).
      const user = await this.apiKeys.authenticate(Array.isArray(key) ? key[0] : key);
      if (!user) throw forbidden(INVALID_API_KEY);
      req.user = user;
      return;
    }
    if (!this.config.autoLogin) throw forbidden(API_KEY_REQUIRED);
    if (!this.config.skipAuthAutoLogin) throw forbidden(AUTO_LOGIN_NEEDS_KEY);
    const superuser = await this.auth.superuser();
    if (!superuser) throw forbidden(INVALID_API_KEY);
    req.user = superuser;
  }
}

function promoteQueryApiKey(req: Request): void {
  const fromQuery = req.query?.[API_KEY_HEADER];
  const value = Array.isArray(fromQuery) ? fromQuery.join(',') : fromQuery;
  if (typeof value === 'string' && value) req.headers[API_KEY_HEADER] = value;
}
