import { LogBuffer, MAX_LINE_LENGTH } from './log-buffer';

describe('LogBuffer', () => {
  it('keeps the last N lines, oldest first', () => {
    const buffer = new LogBuffer(3);
    for (let i = 1; i <= 5; i += 1) buffer.write(`line ${i}`, 1000 + i);
    expect(buffer.entries().map((e) => e.line)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(buffer.lastN(2)).toEqual({ 1004: 'line 4', 1005: 'line 5' });
    expect(buffer.lastN(10)).toEqual({ 1003: 'line 3', 1004: 'line 4', 1005: 'line 5' });
  });

  it('gives lines logged in the same millisecond their own keys', () => {
    const buffer = new LogBuffer(10);
    buffer.write('a', 5000);
    buffer.write('b', 5000);
    buffer.write('c', 4999);
    expect(buffer.lastN(3)).toEqual({ 5000: 'a', 5001: 'b', 5002: 'c' });
  });

  it('answers before and after a timestamp as Langflow', () => {
    const buffer = new LogBuffer(10);
    for (const ts of [10, 20, 30, 40, 50]) buffer.write(`at ${ts}`, ts);
    expect(buffer.before(30, 1)).toEqual({ 20: 'at 20' });
    expect(buffer.before(30, 5)).toEqual({ 10: 'at 10', 20: 'at 20' });
    // No line at or after the timestamp: the last n lines.
    expect(buffer.before(99, 2)).toEqual({ 40: 'at 40', 50: 'at 50' });
    expect(buffer.after(30, 2)).toEqual({ 30: 'at 30', 40: 'at 40' });
    expect(buffer.after(99, 2)).toEqual({});
  });

  it('notifies subscribers until they leave', () => {
    const buffer = new LogBuffer(2);
    const seen: string[] = [];
    const stop = buffer.subscribe((e) => seen.push(e.line));
    buffer.write('one');
    stop();
    buffer.write('two');
    expect(seen).toEqual(['one']);
  });

  it('cuts very long lines and keeps nothing when disabled', () => {
    const buffer = new LogBuffer(1);
    buffer.write('x'.repeat(MAX_LINE_LENGTH * 2));
    expect(buffer.entries()[0].line.length).toBe(MAX_LINE_LENGTH + 1);
    const off = new LogBuffer(0);
    off.write('ignored');
    expect(off.enabled).toBe(false);
    expect(off.lastN(5)).toEqual({});
  });
});
