import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret key signs JWTs and derives the variable-encryption key. When
 * LANGFLOW_SECRET_KEY is unset it is generated once and kept in the config
 * dir (mode 0600) so tokens and encrypted values survive restarts.
 */
export function resolveSecretKey(configDir: string, explicit: string | undefined): string {
  if (explicit) return explicit;
  const file = join(configDir, 'secret_key');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored) return stored;
  }
  mkdirSync(configDir, { recursive: true });
  const generated = randomBytes(32).toString('base64url');
  // 'wx' so two processes starting together never overwrite each other's key.
  try {
    writeFileSync(file, generated, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return generated;
}
