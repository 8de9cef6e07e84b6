import { generateApiKey, hashApiKey, maskApiKey } from './api-key-format';

describe('api key format', () => {
  it('looks like a Langflow key', () => {
    expect(generateApiKey()).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
  });
  it('masks all but the first 8 characters', () => {
    expect(maskApiKey('sk-abcdefghij')).toBe('sk-abcde*****');
  });
  it('hashes deterministically without revealing the key', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toContain(key.slice(3));
  });
});
