import { SetMetadata } from '@nestjs/common';

/**
 * How a route authenticates, mirroring Langflow's dependencies:
 * - public: no credentials (health, login, public flows, ...)
 * - user: a bearer JWT (or the access_token_lf cookie), else an API key (get_current_active_user)
 * - api-key: an API key only (api_key_security: /run, /run/advanced, /responses)
 * - superuser: as `user`, and the caller must be a superuser
 * Every route must declare one; test/e2e/route-auth.e2e-spec.ts fails otherwise.
 */
export type AuthKind = 'public' | 'user' | 'api-key' | 'superuser';
export const AUTH_KIND = 'nestflow:auth-kind';

export const Public = () => SetMetadata(AUTH_KIND, 'public' satisfies AuthKind);
export const Authenticated = () => SetMetadata(AUTH_KIND, 'user' satisfies AuthKind);
export const ApiKeyAuth = () => SetMetadata(AUTH_KIND, 'api-key' satisfies AuthKind);
export const SuperuserOnly = () => SetMetadata(AUTH_KIND, 'superuser' satisfies AuthKind);
