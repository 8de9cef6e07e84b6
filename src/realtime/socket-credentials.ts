import type { IncomingHttpHeaders } from 'node:http';

/** What a socket.io client sent to prove who it is. */
export type SocketCredentials = { kind: 'api-key'; value: string } | { kind: 'jwt'; value: string } | { kind: 'none' };

export interface HandshakeLike {
  auth?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

const ACCESS_COOKIE = 'access_token_lf';

function firstString(value: unknown): string | undefined {
  if (Array.isArray(value)) value = value[0];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw) || undefined;
      } catch {
        return raw || undefined;
      }
    }
  }
  return undefined;
}

/**
 * Reads the credentials of a handshake, in the order the HTTP API weighs them: an API key
 * (`auth.apiKey`, then `?x-api-key=`, then the `x-api-key` header) wins over a JWT (`auth.token`,
 * `?token=`, `Authorization: Bearer`, then the `access_token_lf` cookie).
 */
export function socketCredentials(handshake: HandshakeLike): SocketCredentials {
  const auth = handshake.auth ?? {};
  const query = handshake.query ?? {};
  const apiKey = firstString(auth.apiKey) ?? firstString(auth['x-api-key']) ?? firstString(query['x-api-key']) ?? firstString(handshake.headers['x-api-key']);
  if (apiKey) return { kind: 'api-key', value: apiKey };
  const bearer = firstString(handshake.headers.authorization);
  const fromHeader = bearer && /^bearer\s+/i.test(bearer) ? bearer.replace(/^bearer\s+/i, '') : undefined;
  const token =
    firstString(auth.token)?.replace(/^bearer\s+/i, '') ??
    firstString(query.token) ??
    fromHeader ??
    cookieValue(firstString(handshake.headers.cookie), ACCESS_COOKIE);
  if (token) return { kind: 'jwt', value: token };
  return { kind: 'none' };
}
