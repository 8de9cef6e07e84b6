import { eventFrame, pyJsonDumps } from './python-json';

describe('pyJsonDumps (Python json.dumps defaults)', () => {
  it('uses ", " and ": " separators', () => {
    expect(pyJsonDumps({ a: 1, b: [1, 2, { c: null }], d: {} , e: [] })).toBe('{"a": 1, "b": [1, 2, {"c": null}], "d": {}, "e": []}');
  });

  it('escapes non-ASCII as \\uXXXX with lower-case hex and surrogate pairs', () => {
    expect(pyJsonDumps('héllo ✓ 😀')).toBe('"h\\u00e9llo \\u2713 \\ud83d\\ude00"');
    expect(pyJsonDumps('œ\u007f')).toBe('"\\u0153\\u007f"');
  });

  it('escapes quotes, backslashes and control characters as Python does', () => {
    expect(pyJsonDumps('a"b\\c\nd\te\u0001\b\f\r')).toBe('"a\\"b\\\\c\\nd\\te\\u0001\\b\\f\\r"');
  });

  it('skips undefined members, honours toJSON and spells NaN like Python', () => {
    const when = new Date('2026-01-01T00:00:00.000Z');
    expect(pyJsonDumps({ a: undefined, b: when, c: NaN, d: -Infinity, e: [undefined] })).toBe(
      '{"b": "2026-01-01T00:00:00.000Z", "c": NaN, "d": -Infinity, "e": [null]}',
    );
  });

  it('frames events as Langflow does', () => {
    expect(eventFrame('token', { chunk: 'hé', id: 'x' })).toBe('{"event": "token", "data": {"chunk": "h\\u00e9", "id": "x"}}\n\n');
  });
});
