import { WriteBehindQueue } from './write-behind';

describe('WriteBehindQueue', () => {
  function setup(delayMs = 1000, maxBatch = 100) {
    const written: string[][] = [];
    let gate: Promise<void> = Promise.resolve();
    const q = new WriteBehindQueue<string, string>({
      write: async (batch) => {
        await gate;
        written.push(batch);
      },
      onError: () => undefined,
      delayMs,
      maxBatch,
    });
    return { q, written, hold: (p: Promise<void>) => (gate = p) };
  }

  it('writes in batches, keeps a replaced key in place and exposes pending entries', async () => {
    const { q, written } = setup();
    q.put('a', 'a1');
    q.put('b', 'b1');
    q.put('a', 'a2');
    expect([...q.pending()]).toEqual(['a2', 'b1']);
    await q.flush();
    expect(written).toEqual([['a2', 'b1']]);
    expect(q.size).toBe(0);
    await q.flush();
    expect(written).toHaveLength(1);
  });

  it('writes on its own after the delay, and at once when a batch is full', async () => {
    const { q, written } = setup(5, 3);
    q.put('a', 'a');
    await new Promise((r) => setTimeout(r, 30));
    expect(written).toEqual([['a']]);
    q.put('b', 'b');
    q.put('c', 'c');
    q.put('d', 'd');
    await Promise.resolve();
    await Promise.resolve();
    expect(written).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('resolves a flush once its own entries are written, whatever is put afterwards', async () => {
    const { q, written, hold } = setup();
    let release!: () => void;
    hold(new Promise<void>((r) => (release = r)));
    q.put('a', 'a');
    const first = q.flush();
    q.put('b', 'b');
    expect([...q.pending()]).toEqual(['a', 'b']);
    const second = q.flush();
    let firstDone = false;
    void first.then(() => (firstDone = true));
    release();
    await first;
    expect(firstDone).toBe(true);
    expect(written[0]).toEqual(['a']);
    await second;
    expect(written).toEqual([['a'], ['b']]);
  });

  it('drops queued entries', async () => {
    const { q, written } = setup();
    q.put('a', 'a');
    q.put('b', 'b');
    q.drop((_v, k) => k === 'a');
    await q.flush();
    expect(written).toEqual([['b']]);
  });
});
