import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ServerConfig } from '../config/config.module';
import { buildDataSourceOptions } from '../database/data-source.options';
import { runMigrations } from '../database/migrate';
import { RunRecorder, pruneEvery } from './run-recorder';

describe('RunRecorder (SQLite)', () => {
  let ds: DataSource;
  let flowId: string;

  beforeEach(async () => {
    ds = await new DataSource(buildDataSourceOptions({ type: 'sqlite', path: ':memory:' })).initialize();
    await runMigrations(ds);
    flowId = randomUUID();
    await ds.query(`INSERT INTO "flow" ("id", "name", "updated_at") VALUES (?, 'f', '2026-01-01 00:00:00.000')`, [flowId]);
  });
  afterEach(() => ds.destroy());

  const recorder = (caps: Partial<ServerConfig>) =>
    new RunRecorder(ds, { maxTransactionsToKeep: 3000, maxVertexBuildsToKeep: 3000, maxVertexBuildsPerVertex: 2, ...caps } as ServerConfig);
  const count = async (table: string) => Number((await ds.query(`SELECT COUNT(*) AS n FROM "${table}"`))[0].n);

  it('prunes in batches: a tenth of the cap between prunes, never per insert', async () => {
    expect(pruneEvery(3000)).toBe(300);
    expect(pruneEvery(5)).toBe(1);
    expect(pruneEvery(1_000_000)).toBe(500);
    const r = recorder({ maxTransactionsToKeep: 50 });
    const deletes = jest.spyOn(r.sql, 'run');
    for (let i = 0; i < 4; i++) r.recordTransaction({ flow_id: flowId, vertex_id: `V-${i}`, status: 'success' });
    await r.flush();
    expect(deletes).not.toHaveBeenCalled();
    for (let i = 0; i < 60; i++) r.recordTransaction({ flow_id: flowId, vertex_id: `V-${i}`, status: 'success' });
    await r.flush();
    expect(deletes.mock.calls.filter(([sql]) => sql.startsWith('DELETE')).length).toBe(1);
    expect(await count('transaction')).toBe(50);
    const newest = await ds.query(`SELECT "vertex_id" FROM "transaction" ORDER BY "timestamp" DESC, rowid DESC LIMIT 1`);
    expect(newest[0].vertex_id).toBe('V-59');
  });

  it('applies every cap on prune(): per vertex and in total', async () => {
    const r = recorder({ maxVertexBuildsToKeep: 5, maxVertexBuildsPerVertex: 2 });
    const other = randomUUID();
    await ds.query(`INSERT INTO "flow" ("id", "name", "updated_at") VALUES (?, 'g', '2026-01-01 00:00:00.000')`, [other]);
    for (let i = 0; i < 4; i++) r.recordVertexBuild({ flow_id: flowId, vertex_id: 'A', valid: true, data: { n: i } });
    for (let i = 0; i < 3; i++) r.recordVertexBuild({ flow_id: other, vertex_id: `B-${i}`, valid: true });
    for (let i = 0; i < 3; i++) r.recordVertexBuild({ flow_id: other, vertex_id: `C-${i}`, valid: true });
    await r.prune();
    const rows = await ds.query(`SELECT "id", "data" FROM "vertex_build" ORDER BY "timestamp", rowid`);
    expect(rows).toHaveLength(5);
    // oldest go first: both remaining A builds were dropped before any newer vertex
    expect(rows.map((x: { id: string }) => x.id)).toEqual(['B-1', 'B-2', 'C-0', 'C-1', 'C-2']);
  });

  it('returns ids, skips rows without a flow and masks secrets before writing', async () => {
    const r = recorder({});
    expect(r.recordTransaction({ flow_id: undefined, vertex_id: 'X', status: 'success' })).toBeNull();
    const id = r.recordTransaction({ flow_id: flowId, vertex_id: 'X', status: 'success', inputs: { openai_api_key: 'sk-0123456789abcdef' } });
    const buildId = r.recordVertexBuild({ flow_id: flowId, vertex_id: 'X', valid: false, params: 'boom' });
    await r.flush();
    const [tx] = await ds.query(`SELECT "id", "inputs" FROM "transaction"`);
    expect(tx).toEqual({ id, inputs: JSON.stringify({ openai_api_key: 'sk-0...cdef' }) });
    const [b] = await ds.query(`SELECT "build_id", "valid", "params" FROM "vertex_build"`);
    expect(b).toEqual({ build_id: buildId, valid: 0, params: 'boom' });
  });
});
