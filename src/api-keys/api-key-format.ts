import { createHash, randomBytes } from 'node:crypto';

/** "sk-" + 32 random bytes in URL-safe base64, the shape Langflow hands out. */
export function generateApiKey(): string {
  return `sk-${randomBytes(32).toString('base64url')}`;
}

/** Keys are high-entropy, so a plain SHA-256 is enough and keeps lookups O(1). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The first 8 characters, then one `*` per remaining character. */
export function maskApiKey(key: string): string {
  return key.slice(0, 8) + '*'.repeat(Math.max(0, key.length - 8));
}
