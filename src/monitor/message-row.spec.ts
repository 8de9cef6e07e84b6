import { sortInstant } from './message-row';

describe('sortInstant', () => {
  const now = new Date('2026-01-16T10:00:05.250Z');
  it('uses the current millisecond for a message stamped this second', () => {
    expect(sortInstant('2026-01-16 10:00:05 UTC', now).toISOString()).toBe('2026-01-16T10:00:05.250Z');
  });
  it('puts a message created just before a second boundary at the end of its second', () => {
    expect(sortInstant('2026-01-16 10:00:04 UTC', now).toISOString()).toBe('2026-01-16T10:00:04.999Z');
  });
  it('keeps older, future and ISO timestamps as they are', () => {
    expect(sortInstant('2020-01-01 00:00:00 UTC', now).toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(sortInstant('2026-01-16 10:00:09 UTC', now).toISOString()).toBe('2026-01-16T10:00:09.000Z');
    expect(sortInstant('2026-01-16T09:00:00.123+00:00', now).toISOString()).toBe('2026-01-16T09:00:00.123Z');
    expect(sortInstant('2026-01-16 09:00:00', now).toISOString()).toBe('2026-01-16T09:00:00.000Z');
  });
  it('falls back to now for a missing or unreadable timestamp', () => {
    expect(sortInstant(undefined, now)).toBe(now);
    expect(sortInstant('yesterday-ish', now)).toBe(now);
  });
});
