import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RunRecorder } from '../../src/monitor/run-recorder';
import { insertFlowRow } from '../factories/flow.factory';
import { autoLoginHeader, createActiveUser, createTestApp, currentUserId, TestApp } from '../setup/create-test-app';

/** /api/v1/monitor builds and transactions, recorded through RunRecorder, with small retention caps. */
describe('monitor: builds and transactions', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let adminId: string;
  let recorder: RunRecorder;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        LANGFLOW_MAX_TRANSACTIONS_TO_KEEP: '5',
        LANGFLOW_MAX_VERTEX_BUILDS_TO_KEEP: '6',
        LANGFLOW_MAX_VERTEX_BUILDS_PER_VERTEX: '2',
      },
    });
    admin = await autoLoginHeader(t);
    adminId = await currentUserId(t, admin);
    recorder = t.app.get(RunRecorder);
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const newFlow = (userId: string) => insertFlowRow(t, userId);
  const rows = async (table: string, flowId?: string) =>
    Number((await ds.query(`SELECT COUNT(*) AS n FROM "${table}"${flowId ? ` WHERE "flow_id" = '${flowId}'` : ''}`))[0].n);

  function build(flowId: string, vertex: string, n: number, valid = true) {
    return recorder.recordVertexBuild({
      flow_id: flowId,
      vertex_id: vertex,
      valid,
      params: valid ? null : `failure ${n}`,
      data: { results: {}, outputs: { message: { message: `out ${n}`, type: 'text' } }, logs: {}, message: {}, artifacts: {}, timedelta: 0.01, duration: '10 ms', used_frozen_result: false },
      artifacts: { message: `out ${n}` },
    });
  }

  it('returns the last builds of each vertex in Langflow\'s shape, capped per vertex', async () => {
    const flowId = await newFlow(adminId);
    for (let n = 1; n <= 4; n++) build(flowId, 'ChatInput-abc', n);
    build(flowId, 'ChatOutput-xyz', 9, false);
    const res = await t.http.get('/api/v1/monitor/builds').query({ flow_id: flowId }).set(admin).expect(200);
    expect(Object.keys(res.body)).toEqual(['vertex_builds']);
    expect(Object.keys(res.body.vertex_builds).sort()).toEqual(['ChatInput-abc', 'ChatOutput-xyz']);
    const input = res.body.vertex_builds['ChatInput-abc'];
    expect(input.map((b: { artifacts: { message: string } }) => b.artifacts.message)).toEqual(['out 3', 'out 4']);
    expect(Object.keys(input[0]).sort()).toEqual(['artifacts', 'build_id', 'data', 'flow_id', 'id', 'params', 'timestamp', 'valid']);
    expect(input[1]).toMatchObject({ id: 'ChatInput-abc', valid: true, params: null, flow_id: flowId, data: { outputs: { message: { message: 'out 4', type: 'text' } }, duration: '10 ms' } });
    expect(input[1].timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/);
    expect(res.body.vertex_builds['ChatOutput-xyz'][0]).toMatchObject({ valid: false, params: 'failure 9' });
    // the table itself is pruned (amortised: with these small caps, at every write)
    expect(await rows('vertex_build', flowId)).toBe(3);
  });

  it('keeps at most LANGFLOW_MAX_VERTEX_BUILDS_TO_KEEP builds overall', async () => {
    const flowId = await newFlow(adminId);
    for (let v = 0; v < 5; v++) build(flowId, `Vertex-${v}`, v);
    await recorder.prune();
    expect(await rows('vertex_build')).toBeLessThanOrEqual(6);
    const res = await t.http.get('/api/v1/monitor/builds').query({ flow_id: flowId }).set(admin).expect(200);
    expect(Object.keys(res.body.vertex_builds).sort()).toEqual(['Vertex-0', 'Vertex-1', 'Vertex-2', 'Vertex-3', 'Vertex-4']);
  });

  it('deletes a flow\'s builds (204)', async () => {
    const flowId = await newFlow(adminId);
    build(flowId, 'A-1', 1);
    await t.http.delete('/api/v1/monitor/builds').query({ flow_id: flowId }).set(admin).expect(204);
    expect((await t.http.get('/api/v1/monitor/builds').query({ flow_id: flowId }).set(admin).expect(200)).body).toEqual({ vertex_builds: {} });
    expect((await t.http.get('/api/v1/monitor/builds').set(admin).expect(422)).body.detail[0]).toMatchObject({ type: 'missing', loc: ['query', 'flow_id'] });
  });

  it('pages transactions newest first, masks secrets and keeps LANGFLOW_MAX_TRANSACTIONS_TO_KEEP per flow', async () => {
    const flowId = await newFlow(adminId);
    for (let n = 1; n <= 7; n++) {
      recorder.recordTransaction({
        flow_id: flowId,
        vertex_id: `Prompt-${n}`,
        target_id: 'ChatOutput-1',
        inputs: { template: `t${n}`, api_key: 'sk-abcdefghijklmnopqrstuvwxyz', password: 'short' },
        outputs: { prompt: { message: `p${n}`, type: 'text' } },
        status: n === 7 ? 'error' : 'success',
        error: n === 7 ? 'boom' : null,
      });
    }
    const res = await t.http.get('/api/v1/monitor/transactions').query({ flow_id: flowId, page: 1, size: 2 }).set(admin).expect(200);
    expect(res.body).toMatchObject({ total: 5, page: 1, size: 2, pages: 3 });
    expect(res.body.items.map((i: { vertex_id: string }) => i.vertex_id)).toEqual(['Prompt-7', 'Prompt-6']);
    const first = res.body.items[0];
    expect(Object.keys(first).sort()).toEqual(['id', 'inputs', 'outputs', 'status', 'target_id', 'timestamp', 'vertex_id']);
    expect(first).toMatchObject({ status: 'error', target_id: 'ChatOutput-1', inputs: { template: 't7', api_key: 'sk-a...wxyz', password: '***REDACTED***' }, outputs: { prompt: { message: 'p7' } } });
    const last = await t.http.get('/api/v1/monitor/transactions').query({ flow_id: flowId, page: 3, size: 2 }).set(admin).expect(200);
    expect(last.body.items.map((i: { vertex_id: string }) => i.vertex_id)).toEqual(['Prompt-3']);
    const defaults = await t.http.get('/api/v1/monitor/transactions').query({ flow_id: flowId }).set(admin).expect(200);
    expect(defaults.body).toMatchObject({ total: 5, page: 1, size: 50, pages: 1 });
    expect(await rows('transaction', flowId)).toBe(5);
    // secrets never reach the table
    const stored = await ds.query(`SELECT "inputs" FROM "transaction" WHERE "flow_id" = '${flowId}'`);
    expect(stored.map((r: { inputs: string }) => r.inputs).join('')).not.toContain('abcdefghijklmnop');
    expect((await t.http.get('/api/v1/monitor/transactions').query({ flow_id: flowId, size: 101 }).set(admin).expect(422)).body.detail[0]).toMatchObject({ loc: ['query', 'size'], input: 101 });
    expect((await t.http.get('/api/v1/monitor/transactions').query({ flow_id: flowId, page: 0 }).set(admin).expect(422)).body.detail[0]).toMatchObject({ loc: ['query', 'page'], input: 0 });
    expect((await t.http.get('/api/v1/monitor/transactions').query({ flow_id: flowId, page: 'abc' }).set(admin).expect(422)).body.detail[0]).toMatchObject({ type: 'int_type', loc: ['query', 'page'], input: 'abc' });
    await t.http.get('/api/v1/monitor/transactions').set(admin).expect(422);
  });

  it('skips transactions without a flow and drops those of unknown flows', async () => {
    expect(recorder.recordTransaction({ flow_id: null, vertex_id: 'X-1', status: 'success' })).toBeNull();
    const before = await rows('transaction');
    recorder.recordTransaction({ flow_id: randomUUID(), vertex_id: 'X-1', status: 'success' });
    await recorder.flush();
    expect(await rows('transaction')).toBe(before);
  });

  it('keeps users out of each other\'s builds and transactions', async () => {
    const flowId = await newFlow(adminId);
    build(flowId, 'Secret-1', 1);
    recorder.recordTransaction({ flow_id: flowId, vertex_id: 'Secret-1', status: 'success', inputs: { q: 'private' } });
    const other = await createActiveUser(t, admin, `viewer-${Date.now()}`);
    expect((await t.http.get('/api/v1/monitor/builds').query({ flow_id: flowId }).set(other.header).expect(200)).body).toEqual({ vertex_builds: {} });
    expect((await t.http.get('/api/v1/monitor/transactions').query({ flow_id: flowId }).set(other.header).expect(200)).body).toEqual({ items: [], total: 0, page: 1, size: 50, pages: 0 });
    await t.http.delete('/api/v1/monitor/builds').query({ flow_id: flowId }).set(other.header).expect(204);
    expect(Object.keys((await t.http.get('/api/v1/monitor/builds').query({ flow_id: flowId }).set(admin).expect(200)).body.vertex_builds)).toEqual(['Secret-1']);
    expect((await t.http.get('/api/v1/monitor/transactions').query({ flow_id: flowId }).set(admin).expect(200)).body.total).toBe(1);
  });
});
