import { renderFString } from '../components/models_and_agents/prompt-template';
import { formatMap } from './convert';

describe('Python format fields', () => {
  it('f-string prompts: escapes, conversions and specs dropped, names cleaned, missing names fail', () => {
    expect(renderFString('Hi {name}! {{literal}} {who!r} {n:>3} }}', { name: 'Ann', who: 'Bo', n: '7' })).toBe('Hi Ann! {literal} Bo 7 }');
    expect(renderFString('{user name}', { username: 'x' })).toBe('x');
    expect(() => renderFString('Hi {name}', {})).toThrow("Missing variable 'name' for the prompt template.");
    expect(() => renderFString('Hi {name', { name: 'x' })).toThrow("Single '{' encountered in format string");
  });

  it('format_map: Python str() of values, missing keys from the callback', () => {
    expect(formatMap('{a} {b} {c} {{x}}', { a: 'A', b: 2, c: true }, () => '?')).toBe('A 2 True {x}');
    expect(formatMap('{absent}', { absent: undefined }, (k) => `<${k}>`)).toBe('<absent>');
    expect(() => formatMap('{k}', {}, (k) => { throw new Error(`'${k}'`); })).toThrow("'k'");
  });
});
