import type { CookieOptions, Response } from 'express';
import { ServerConfig } from '../config/config.module';
import { TokenPair } from './auth.service';
import { ACCESS_COOKIE } from './strategies/jwt.strategy';

export const REFRESH_COOKIE = 'refresh_token_lf';
export const STORE_KEY_COOKIE = 'apikey_tkn_lflw';

/** Sets Langflow's session cookies with its flags (LANGFLOW_*_SAME_SITE/SECURE/HTTPONLY). */
export function setAuthCookies(res: Response, config: ServerConfig, tokens: TokenPair): void {
  const { cookies } = config;
  const domain = cookies.domain ? { domain: cookies.domain } : {};
  if (tokens.refresh_token) {
    res.cookie(REFRESH_COOKIE, tokens.refresh_token, {
      httpOnly: cookies.refreshHttpOnly, sameSite: cookies.refreshSameSite, secure: cookies.refreshSecure,
      maxAge: config.refreshTokenExpireSeconds * 1000, ...domain,
    } satisfies CookieOptions);
  }
  res.cookie(ACCESS_COOKIE, tokens.access_token, {
    httpOnly: cookies.accessHttpOnly, sameSite: cookies.accessSameSite, secure: cookies.accessSecure,
    ...(tokens.refresh_token ? { maxAge: config.accessTokenExpireSeconds * 1000 } : {}), ...domain,
  } satisfies CookieOptions);
}

export function clearAuthCookies(res: Response, config: ServerConfig): void {
  const domain = config.cookies.domain ? { domain: config.cookies.domain } : {};
  for (const name of [REFRESH_COOKIE, ACCESS_COOKIE, STORE_KEY_COOKIE]) res.clearCookie(name, domain);
}
