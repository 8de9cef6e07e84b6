import { isUuid } from '../common/validation/uuid-param.pipe';
import { uuid7 } from './uuid7';

describe('uuid7', () => {
  it('makes distinct version-7 UUIDs that sort by time', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => uuid7(1_764_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) {
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect(uuid7(1_764_000_000_000) < uuid7(1_764_000_000_001)).toBe(true);
    expect(uuid7(1_764_000_000_000).slice(0, 13)).toBe('019ab697-e800');
  });
});
