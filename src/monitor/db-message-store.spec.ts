import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../database/data-source.options';
import { runMigrations } from '../database/migrate';
import { InMemoryMessageStore } from '../engine/ports/memory';
import type { MessageQuery } from '../engine/ports/ports';
import { Message, formatTimestamp } from '../engine/schema/message';
import { DbMessageStore } from './db-message-store';
import { MessageChange, MessageEvents } from './message-events';

describe('DbMessageStore (SQLite)', () => {
  let ds: DataSource;
  let store: DbMessageStore;
  let events: MessageEvents;
  let flowId: string;

  beforeEach(async () => {
    ds = await new DataSource(buildDataSourceOptions({ type: 'sqlite', path: ':memory:' })).initialize();
    await runMigrations(ds);
    const userId = randomUUID();
    flowId = randomUUID();
    await ds.query(`INSERT INTO "user" ("id", "username", "password", "is_active", "is_superuser", "create_at", "updated_at") VALUES (?, 'u', 'x', 1, 0, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')`, [userId]);
    await ds.query(`INSERT INTO "flow" ("id", "name", "updated_at", "user_id") VALUES (?, 'f', '2026-01-01 00:00:00.000', ?)`, [flowId, userId]);
    events = new MessageEvents();
    store = new DbMessageStore(ds, events);
  });

  afterEach(async () => {
    await store.flush();
    await ds.destroy();
  });

  const msg = (text: string, extra: Partial<ConstructorParameters<typeof Message>[0]> = {}) =>
    new Message({ text, sender: 'User', sender_name: 'User', session_id: 's1', flow_id: flowId, ...extra });
  const texts = (ms: Message[]) => ms.map((m) => m.text);
  const count = async () => Number((await ds.query('SELECT COUNT(*) AS n FROM "message"'))[0].n);

  it('stores messages with an id and lists them in order, before and after the batch is written', async () => {
    const first = msg('hello');
    const stored = await store.add(first);
    await store.add(msg('hi there', { sender: 'Machine', sender_name: 'AI' }));
    expect(first.id).toBe(stored.id);
    expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.pendingCount).toBe(2);
    expect(await count()).toBe(0);
    expect(texts(await store.list({ session_id: 's1' }))).toEqual(['hello', 'hi there']);
    await store.flush();
    expect(store.pendingCount).toBe(0);
    expect(await count()).toBe(2);
    const listed = await store.list({ session_id: 's1' });
    expect(texts(listed)).toEqual(['hello', 'hi there']);
    expect(listed[0]).toMatchObject({ id: stored.id, sender: 'User', sender_name: 'User', session_id: 's1', flow_id: flowId, error: false, edit: false, category: 'message', files: [] });
    expect(listed[0].timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    expect(listed[0].properties).toMatchObject({ state: 'complete', source: { id: null } });
  });

  it('returns the latest messages for Memory-style reads, mixing written and queued rows', async () => {
    for (let i = 0; i < 5; i++) await store.add(msg(`m${i}`));
    await store.flush();
    for (let i = 5; i < 8; i++) await store.add(msg(`m${i}`));
    expect(texts(await store.list({ session_id: 's1', order: 'DESC', limit: 4 }))).toEqual(['m7', 'm6', 'm5', 'm4']);
    expect(texts(await store.list({ session_id: 's1', order: 'ASC', limit: 3 }))).toEqual(['m0', 'm1', 'm2']);
    await store.flush();
    expect(texts(await store.list({ session_id: 's1', order: 'DESC', limit: 4 }))).toEqual(['m7', 'm6', 'm5', 'm4']);
  });

  it('orders by the message timestamp, then by arrival', async () => {
    await store.add(msg('now'));
    await store.add(msg('older', { timestamp: '2020-01-01 10:00:00 UTC' }));
    expect(texts(await store.list({ session_id: 's1' }))).toEqual(['older', 'now']);
    await store.flush();
    const listed = await store.list({ session_id: 's1' });
    expect(texts(listed)).toEqual(['older', 'now']);
    expect(listed[0].timestamp).toBe('2020-01-01 10:00:00 UTC');
  });

  it('updates in place, keeping the position; an error update hides the message', async () => {
    const a = await store.add(msg('a'));
    await store.add(msg('b'));
    await store.flush();
    a.text = 'a edited';
    await store.update(a);
    expect(texts(await store.list({ session_id: 's1' }))).toEqual(['a edited', 'b']);
    await store.flush();
    expect(texts(await store.list({ session_id: 's1' }))).toEqual(['a edited', 'b']);
    expect(await count()).toBe(2);
    a.error = true;
    await store.update(a);
    expect(texts(await store.list({ session_id: 's1' }))).toEqual(['b']);
    await store.flush();
    expect(texts(await store.list({ session_id: 's1' }))).toEqual(['b']);
  });

  it('merges an update of a message whose insert is still queued', async () => {
    const partial = msg('', { sender: 'Machine', sender_name: 'AI' });
    partial.properties.state = 'partial';
    await store.add(partial);
    partial.text = 'streamed answer';
    partial.properties.state = 'complete';
    await store.update(partial);
    expect(store.pendingCount).toBe(1);
    await store.flush();
    const [row] = await store.list({ session_id: 's1' });
    expect(row).toMatchObject({ id: partial.id, text: 'streamed answer' });
    expect(row.properties.state).toBe('complete');
  });

  it('filters like the in-memory store', async () => {
    const memory = new InMemoryMessageStore();
    const rows: Message[] = [];
    const senders = [['User', 'User'], ['Machine', 'AI'], ['Machine', 'Bot']];
    for (let i = 0; i < 30; i++) {
      const [sender, sender_name] = senders[i % 3];
      rows.push(new Message({
        id: randomUUID(), text: `t${i}`, sender, sender_name, session_id: `s${i % 2}`, context_id: i % 4 === 0 ? 'ctx' : null,
        flow_id: flowId, error: i % 7 === 0, timestamp: formatTimestamp(new Date(Date.UTC(2026, 0, 1, 0, 0, i % 10))),
      }));
    }
    for (const [i, m] of rows.entries()) {
      await memory.add(m.clone());
      await store.add(m.clone());
      if (i === 14) await store.flush();
    }
    const queries: MessageQuery[] = [
      {}, { session_id: 's0' }, { session_id: 's1', order: 'DESC' }, { sender: 'Machine' }, { sender_name: 'Bot', order: 'DESC', limit: 3 },
      { context_id: 'ctx' }, { context_id: '' }, { sender_name: '' }, { flow_id: flowId, limit: 5 }, { flow_id: randomUUID() },
      { session_id: 's0', sender: 'User', order: 'DESC', limit: 2 },
    ];
    for (const flushed of [false, true]) {
      if (flushed) await store.flush();
      for (const q of queries) {
        expect([q, texts(await store.list(q))]).toEqual([q, texts(await memory.list(q))]);
      }
    }
  });

  it('keeps messages of a flow that is not stored, with a null flow_id', async () => {
    const ghost = randomUUID();
    await store.add(msg('ad hoc', { flow_id: ghost, session_id: 'adhoc' }));
    await store.add(msg('stored', { session_id: 'adhoc' }));
    await store.flush();
    const listed = await store.list({ session_id: 'adhoc' });
    expect(texts(listed)).toEqual(['ad hoc', 'stored']);
    expect(listed.map((m) => m.flow_id)).toEqual([null, flowId]);
  });

  it('drops queued messages of a flow deleted before they were written', async () => {
    await store.add(msg('first'));
    await store.flush();
    await store.add(msg('late', { session_id: 'late' }));
    await ds.query('DELETE FROM "flow" WHERE "id" = ?', [flowId]);
    await store.flush();
    expect(await count()).toBe(0);
    expect(await store.list({ session_id: 'late' })).toEqual([]);
  });

  it('deletes by id, queued or written, and with the flow (foreign key cascade)', async () => {
    const a = await store.add(msg('a'));
    await store.flush();
    const b = await store.add(msg('b'));
    await store.add(msg('c'));
    await store.delete(a.id!);
    await store.delete(b.id!);
    expect(texts(await store.list({ session_id: 's1' }))).toEqual(['c']);
    await ds.query('DELETE FROM "flow" WHERE "id" = ?', [flowId]);
    expect(await store.list({ session_id: 's1' })).toEqual([]);
    expect(await count()).toBe(0);
  });

  it('announces added and updated messages', async () => {
    const seen: MessageChange[] = [];
    const off = events.onChange((c) => seen.push(c));
    const added: string[] = [];
    events.onAdded((m) => added.push(m.text as string));
    const m = await store.add(msg('x'));
    m.text = 'y';
    await store.update(m);
    off();
    await store.add(msg('z'));
    expect(seen.map((c) => [c.type, 'message' in c ? c.message.text : null])).toEqual([['added', 'x'], ['updated', 'y']]);
    expect(added).toEqual(['x', 'z']);
  });

  it('stores streams and extras as plain rows', async () => {
    async function* gen() {
      yield 'never read';
    }
    const m = new Message({ text: gen(), sender: 'Machine', sender_name: 'AI', session_id: 's1', flow_id: flowId, template: '{x}', files: ['a/b.png'] });
    const returned = await store.add(m);
    expect(returned.extra).toEqual({ template: '{x}' });
    expect(returned.id).toBe(m.id);
    const [listed] = await store.list({ session_id: 's1' });
    expect(listed.text).toBe('');
    expect(listed.extra).toEqual({});
    await store.flush();
    const [read] = await store.list({ session_id: 's1' });
    expect(read.files).toEqual(['a/b.png']);
    expect(read.extra).toEqual({});
  });
});
