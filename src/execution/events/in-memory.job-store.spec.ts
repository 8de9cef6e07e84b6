import { InMemoryJobStore } from './in-memory.job-store';
import type { JobEvent, JobRecord } from '../job.types';

const record = (id: string): JobRecord => ({ id, kind: 'build', flowId: 'f', owner: { userId: 'u' }, status: 'queued', createdAt: 0 });

function collect(store: InMemoryJobStore, id: string, from: number) {
  const events: [JobEvent, number][] = [];
  const closed = new Promise<JobRecord>((resolve) => store.subscribe(id, from, { onEvent: (e, i) => events.push([e, i]), onClose: resolve }));
  return { events, closed };
}

describe('InMemoryJobStore', () => {
  it('delivers past and live events in order from an index, then closes once', async () => {
    const store = new InMemoryJobStore();
    await store.create(record('j'));
    expect(await store.markRunning('j')).toBe(true);
    expect(await store.markRunning('j')).toBe(false);
    const w = store.writer('j');
    w.append('a', 1);
    w.append('b', 2);
    const all = collect(store, 'j', 0);
    const late = collect(store, 'j', 1);
    await Promise.resolve();
    w.append('c', 3);
    await w.close('completed');
    const rec = await all.closed;
    await late.closed;
    expect(rec.status).toBe('completed');
    expect(all.events.map(([e, i]) => `${e.event}${i}`)).toEqual(['a0', 'b1', 'c2']);
    expect(late.events.map(([e, i]) => `${e.event}${i}`)).toEqual(['b1', 'c2']);
    w.append('d', 4); // ignored after the end
    expect(await store.read('j', 0)).toHaveLength(3);
    await store.close();
  });

  it('replays a finished job and closes at once', async () => {
    const store = new InMemoryJobStore();
    await store.create(record('k'));
    const w = store.writer('k');
    w.append('x', null);
    await w.close('failed', { status: 500, detail: 'boom' });
    const r = collect(store, 'k', 0);
    expect((await r.closed).failure).toEqual({ status: 500, detail: 'boom' });
    expect(r.events).toHaveLength(1);
    await store.close();
  });

  it('routes cancel requests to the handler and remembers them', async () => {
    const store = new InMemoryJobStore();
    await store.create(record('c'));
    const seen: string[] = [];
    store.onCancel((id) => seen.push(id));
    await store.requestCancel('c');
    expect(seen).toEqual(['c']);
    expect(await store.cancelRequested('c')).toBe(true);
    await store.close();
  });

  it('keeps a polling cursor per job and closes a subscription to an unknown job', async () => {
    const store = new InMemoryJobStore();
    await store.create(record('p'));
    await store.setCursor('p', 4);
    expect(await store.cursor('p')).toBe(4);
    const r = collect(store, 'nope', 0);
    expect((await r.closed).status).toBe('failed');
    await store.close();
  });
});
