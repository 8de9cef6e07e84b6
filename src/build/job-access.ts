import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { API_KEY_REQUIRED, AUTO_LOGIN_NEEDS_KEY, INVALID_API_KEY } from '../auth/api-key-messages';
import { AuthService } from '../auth/auth.service';
import { TokenService } from '../auth/token.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { forbidden, notFound, unauthorized } from '../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import type { JobRecord } from '../execution/job.types';

export interface JobCaller {
  user: AuthUser | null;
  /** The public playground's client_id cookie. */
  clientId: string | null;
}

export const CLIENT_ID_COOKIE = 'client_id';

/**
 * Who may follow or cancel a job. Langflow lets anyone holding a job id do both; here a job
 * belongs to the user who started it, or for build_public_tmp to the client_id cookie that did.
 * The routes are declared public (a public playground has no credentials) and authenticate here:
 * a bearer JWT (or the access_token_lf cookie), else an API key, as the rest of the API does.
 */
@Injectable()
export class JobAccess {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: ServerConfig,
  ) {}

  async callerOf(req: Request): Promise<JobCaller> {
    const clientId = (req.cookies?.[CLIENT_ID_COOKIE] as string | undefined) || null;
    const header = req.headers.authorization;
    const bearer = header && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : null;
    const jwt = bearer || (req.cookies?.access_token_lf as string | undefined) || null;
    if (jwt) {
      const claims = this.tokens.verify(jwt);
      if (!claims || claims.type !== 'access' || !claims.sub) throw unauthorized('Could not validate credentials');
      const user = await this.auth.userById(claims.sub);
      if (!user || !user.is_active) throw unauthorized('User not found or is inactive.');
      return { user, clientId };
    }
    const fromQuery = req.query?.['x-api-key'];
    const key = (Array.isArray(fromQuery) ? fromQuery[0] : fromQuery) || req.headers['x-api-key'];
    if (typeof key === 'string' && key) {
      const user = await this.apiKeys.authenticate(key);
      if (!user) throw forbidden(INVALID_API_KEY);
      if (!user.is_active) throw unauthorized('Inactive user');
      return { user, clientId };
    }
    if (this.config.autoLogin && this.config.skipAuthAutoLogin) return { user: await this.auth.superuser(), clientId };
    return { user: null, clientId };
  }

  /** The job if the caller owns it; otherwise 404 (no credentials at all: the API key message). */
  async check(req: Request, jobId: string, record: JobRecord | null): Promise<JobRecord> {
    const caller = await this.callerOf(req);
    if (record) {
      const owner = record.owner;
      if (owner.userId && caller.user?.id === owner.userId) return record;
      if (!owner.userId && owner.clientId && caller.clientId === owner.clientId) return record;
    }
    if (!caller.user && !caller.clientId) {
      throw forbidden(this.config.autoLogin ? AUTO_LOGIN_NEEDS_KEY : API_KEY_REQUIRED);
    }
    throw notFound(`Job not found: ${jobId}`);
  }
}
