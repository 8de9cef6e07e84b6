import { checkTweakInputConflict, defaultRunRequest, parseBoolQuery, parseRunRequest, requestVariablesFrom } from './run-request';

describe('parseRunRequest (Langflow SimplifiedAPIRequest re-parsing)', () => {
  it('reads a flat body', () => {
    expect(parseRunRequest({ input_value: 'hi', input_type: 'text', output_type: 'any', output_component: 'X', session_id: 's', tweaks: { a: 1 } })).toEqual({
      input_value: 'hi', input_type: 'text', output_type: 'any', output_component: 'X', session_id: 's', tweaks: { a: 1 },
    });
  });

  it('reads the embedded form', () => {
    expect(parseRunRequest({ input_request: { input_value: 'x' }, context: { a: 1 } }).input_value).toBe('x');
  });

  it('falls back to all defaults when the flat body is invalid, and for an empty or non-object body', () => {
    expect(parseRunRequest({ input_value: 'x', input_type: 'foo' })).toEqual(defaultRunRequest());
    expect(parseRunRequest({ input_value: 3 })).toEqual(defaultRunRequest());
    expect(parseRunRequest({ tweaks: [1] })).toEqual(defaultRunRequest());
    expect(parseRunRequest(undefined)).toEqual(defaultRunRequest());
    expect(parseRunRequest('text')).toEqual(defaultRunRequest());
  });
});

describe('checkTweakInputConflict', () => {
  const base = { ...defaultRunRequest(), input_value: 'a' };
  it('refuses an input_value for the chat input given twice', () => {
    expect(() => checkTweakInputConflict({ ...base, tweaks: { 'ChatInput-1': { input_value: 'b' } } })).toThrow();
    expect(() => checkTweakInputConflict({ ...base, tweaks: { 'Chat Input': { input_value: 'b' } } })).toThrow();
  });
  it('allows it when the types differ or a side is missing', () => {
    expect(() => checkTweakInputConflict({ ...base, input_type: 'text', tweaks: { 'ChatInput-1': { input_value: 'b' } } })).not.toThrow();
    expect(() => checkTweakInputConflict({ ...base, input_value: null, tweaks: { 'ChatInput-1': { input_value: 'b' } } })).not.toThrow();
    expect(() => checkTweakInputConflict({ ...base, tweaks: { 'ChatInput-1': { other: 'b' } } })).not.toThrow();
  });
  it('applies the same rule to text inputs', () => {
    try {
      checkTweakInputConflict({ ...base, input_type: 'text', tweaks: { 'TextInput-1': { input_value: 'b' } } });
      throw new Error('no error');
    } catch (e) {
      expect((e as { getResponse(): unknown }).getResponse()).toEqual({
        detail: 'If you pass an input_value to the text input, you cannot pass a tweak with the same name.',
      });
    }
  });
});

describe('requestVariablesFrom', () => {
  it('turns X-LANGFLOW-GLOBAL-VAR-* headers into upper-cased names, dashes kept', () => {
    expect(requestVariablesFrom({ 'x-langflow-global-var-openai-api-key': 'sk', 'x-langflow-global-var-user': 'bob', other: 'x' })).toEqual({ 'OPENAI-API-KEY': 'sk', USER: 'bob' });
  });
});

describe('parseBoolQuery', () => {
  it('parses FastAPI booleans and refuses anything else with 422', () => {
    expect(parseBoolQuery(undefined, 'stream', false)).toBe(false);
    expect(parseBoolQuery('true', 'stream', false)).toBe(true);
    expect(parseBoolQuery(['1', '0'], 'stream', false)).toBe(true);
    expect(parseBoolQuery('off', 'stream', true)).toBe(false);
    expect(() => parseBoolQuery('maybe', 'stream', false)).toThrow();
  });
});
