import { isSensitiveKey, maskSensitive } from './sensitive';

describe('maskSensitive', () => {
  it('masks long and short secrets under sensitive keys, at any depth', () => {
    const input = {
      api_key: 'sk-1234567890abcdef',
      nested: { openai_api_key: 'short', password: 'hunter2hunter2x', items: [{ token: 'abcdefghijklmnop' }] },
      text: 'sk-1234567890abcdef',
      max_tokens: 'unlimited-tokens-value',
      count: 3,
    };
    expect(maskSensitive(input)).toEqual({
      api_key: 'sk-1...cdef',
      nested: { openai_api_key: '***REDACTED***', password: 'hunt...er2x', items: [{ token: 'abcd...mnop' }] },
      text: 'sk-1234567890abcdef',
      max_tokens: 'unlimited-tokens-value',
      count: 3,
    });
    // the input is not modified, and masking twice changes nothing
    expect(input.api_key).toBe('sk-1234567890abcdef');
    expect(maskSensitive(maskSensitive(input))).toEqual(maskSensitive(input));
  });

  it('recognises the usual secret key spellings only', () => {
    for (const k of ['api_key', 'OPENAI_API_KEY', 'x-api-key', 'apiKey', 'password', 'client_secret', 'access_token', 'Authorization', 'token']) {
      expect([k, isSensitiveKey(k)]).toEqual([k, true]);
    }
    for (const k of ['max_tokens', 'input_value', 'model_name', 'tokens', 'session_id']) {
      expect([k, isSensitiveKey(k)]).toEqual([k, false]);
    }
  });
});
