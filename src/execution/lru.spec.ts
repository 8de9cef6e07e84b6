import { Lru } from './lru';

describe('Lru', () => {
  it('evicts the least recently used key', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now newer than b
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
  });

  it('keeps the order right when the newest key is read again and again', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('b')).toBe(2);
    expect(lru.get('b')).toBe(2);
    lru.set('c', 3); // a is the oldest
    expect(lru.get('a')).toBeUndefined();
    expect(lru.size).toBe(2);
  });

  it('forgets the newest key when it is deleted or evicted', () => {
    const lru = new Lru<string, number>(1);
    lru.set('a', 1);
    lru.delete('a');
    expect(lru.get('a')).toBeUndefined();
    lru.set('b', 2);
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('c')).toBe(3);
    lru.set('b', 4);
    expect(lru.get('c')).toBeUndefined();
    expect(lru.get('b')).toBe(4);
  });
});
