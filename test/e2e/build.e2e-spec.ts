import { startFakeOpenAI, FakeOpenAI } from '../support/fake-openai';
import { autoLoginHeader, createActiveUser, createTestApp, TestApp } from '../setup/create-test-app';
import { ExecutionService } from '../../src/execution/execution.service';
import type { JobRecord } from '../../src/execution/job.types';
import { eventually, haveFixtures, importFlow, loadFixture, nodeId, openStream, parseFrames, pointOpenAIBaseAt, streamingPromptingFlow } from '../support/execution';

const d = haveFixtures ? describe : describe.skip;

d('build: /api/v1/build/{flow_id}/flow and job events', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let admin: Record<string, string>;
  let flow: any;
  let flowId: string;
  let restoreOpenAIBase: () => void;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    restoreOpenAIBase = pointOpenAIBaseAt(fake.url);
    t = await createTestApp();
    admin = await autoLoginHeader(t);
    flow = streamingPromptingFlow();
    flowId = await importFlow(t, admin, flow);
  });
  afterAll(async () => {
    fake.release();
    await t.close();
    await fake.close();
    restoreOpenAIBase?.();
  });

  async function startBuild(query = '', body: object = { inputs: { input_value: 'hello build', session: 'build-session' } }): Promise<string> {
    const res = await t.http.post(`/api/v1/build/${flowId}/flow${query}`).set(admin).send(body).expect(200);
    expect(Object.keys(res.body)).toEqual(['job_id']);
    return res.body.job_id;
  }

  it('streams NDJSON events from vertices_sorted to end', async () => {
    const jobId = await startBuild('?event_delivery=streaming');
    const res = await t.http.get(`/api/v1/build/${jobId}/events`).set(admin).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.text).toMatch(/^\{"event": "vertices_sorted", "data": \{"ids": \[/);
    expect(res.text.endsWith('}\n\n')).toBe(true);
    const events = parseFrames(res.text);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('vertices_sorted');
    expect(names.at(-1)).toBe('end');
    expect(events[0].data.to_run).toEqual(expect.arrayContaining([nodeId(flow, 'ChatInput'), nodeId(flow, 'ChatOutput')]));
    const built = events.filter((e) => e.event === 'end_vertex').map((e) => e.data.build_data);
    expect(built.map((b) => b.id)).toEqual(expect.arrayContaining([nodeId(flow, 'ChatInput'), nodeId(flow, 'Prompt'), nodeId(flow, 'LanguageModelComponent'), nodeId(flow, 'ChatOutput')]));
    for (const b of built) {
      expect(b.valid).toBe(true);
      expect(Array.isArray(b.next_vertices_ids)).toBe(true);
      expect(Array.isArray(b.top_level_vertices)).toBe(true);
      expect(typeof b.data.outputs).toBe('object');
    }
    const messages = events.filter((e) => e.event === 'add_message').map((e) => e.data);
    expect(messages[0]).toMatchObject({ text: 'hello build', sender: 'User', session_id: 'build-session' });
    expect(messages.some((m) => m.sender === 'Machine' && /^You said: hello build/.test(m.text))).toBe(true);
    // Replaying a finished job gives the same events (any number of times).
    const again = await t.http.get(`/api/v1/build/${jobId}/events`).set(admin).expect(200);
    expect(parseFrames(again.text).map((e) => e.event)).toEqual(names);
  });

  it('polling returns the same events, each poll what is new, joined by single newlines', async () => {
    const jobId = await startBuild();
    const polled: { event: string; data: any }[] = [];
    for (let i = 0; i < 100 && polled.at(-1)?.event !== 'end'; i++) {
      const res = await t.http.get(`/api/v1/build/${jobId}/events?event_delivery=polling`).set(admin).set('Accept', 'application/x-ndjson').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      expect(res.text).not.toMatch(/\n\n/);
      if (res.text) polled.push(...res.text.split('\n').map((l) => JSON.parse(l)));
    }
    expect(polled.at(-1)!.event).toBe('end');
    const streamed = parseFrames((await t.http.get(`/api/v1/build/${jobId}/events`).set(admin).expect(200)).text);
    expect(polled.map((e) => e.event)).toEqual(streamed.map((e) => e.event));
    expect(polled).toEqual(streamed);
  });

  it('event_delivery=direct makes the POST itself the stream', async () => {
    const res = await t.http.post(`/api/v1/build/${flowId}/flow?event_delivery=direct`).set(admin).send({ inputs: { input_value: 'direct' } }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const names = parseFrames(res.text).map((e) => e.event);
    expect(names[0]).toBe('vertices_sorted');
    expect(names.at(-1)).toBe('end');
  });

  it('a client that reconnects resumes from an event index (?from=, or Last-Event-ID)', async () => {
    const jobId = await startBuild();
    const all = parseFrames((await t.http.get(`/api/v1/build/${jobId}/events`).set(admin).expect(200)).text);
    const from3 = parseFrames((await t.http.get(`/api/v1/build/${jobId}/events?from=3`).set(admin).expect(200)).text);
    expect(from3).toEqual(all.slice(3));
    const afterLast = parseFrames((await t.http.get(`/api/v1/build/${jobId}/events`).set(admin).set('Last-Event-ID', '1').expect(200)).text);
    expect(afterLast).toEqual(all.slice(2));
    await t.http.get(`/api/v1/build/${jobId}/events?from=-1`).set(admin).expect(422);
  });

  it('cancel stops a build whose model is still streaming; the job reports cancelled', async () => {
    fake.hold();
    try {
      const jobId = await startBuild();
      // As a browser asks: the stream must still come uncompressed, event by event.
      const stream = await openStream(t, 'GET', `/api/v1/build/${jobId}/events`, { ...admin, 'Accept-Encoding': 'gzip, deflate, br' });
      let e = await stream.next();
      while (e && e.event !== 'token') e = await stream.next();
      expect(e?.event).toBe('token');
      const upstream = fake.requestsTo('/chat/completions').at(-1)!;
      expect(upstream.done).toBe(false);
      const cancel = await t.http.post(`/api/v1/build/${jobId}/cancel`).set(admin).expect(200);
      expect(cancel.body).toEqual({ success: true, message: 'Flow build cancelled successfully' });
      const rest = await stream.rest();
      expect(rest.map((x) => x.event)).not.toContain('end');
      const status = await t.http.get(`/api/v1/build/${jobId}/status`).set(admin).expect(200);
      expect(status.body).toMatchObject({ job_id: jobId, status: 'cancelled', kind: 'build' });
      await eventually(async () => upstream.aborted || upstream.done, 'the model request to stop');
      expect(upstream.aborted).toBe(true);
    } finally {
      fake.release();
    }
  });

  it('records vertex builds when log_builds is true', async () => {
    const jobId = await startBuild('?log_builds=true');
    await t.http.get(`/api/v1/build/${jobId}/events`).set(admin).expect(200);
    const builds = await eventually(async () => {
      const res = await t.http.get(`/api/v1/monitor/builds?flow_id=${flowId}`).set(admin);
      return res.status === 200 && res.body.vertex_builds?.[nodeId(flow, 'ChatOutput')] ? res.body.vertex_builds : null;
    }, 'vertex builds');
    expect(builds[nodeId(flow, 'ChatOutput')][0]).toMatchObject({ valid: true });
  });

  it('a failing component ends its branch: error and end_vertex valid:false, then end', async () => {
    const jobId = await startBuild('', { inputs: { input_value: 'fail with status 500' } });
    const events = parseFrames((await t.http.get(`/api/v1/build/${jobId}/events`).set(admin).expect(200)).text);
    const failed = events.find((e) => e.event === 'end_vertex' && !e.data.build_data.valid)!;
    expect(failed.data.build_data.id).toBe(nodeId(flow, 'LanguageModelComponent'));
    expect(Object.values(failed.data.build_data.data.outputs)[0]).toMatchObject({ type: 'error' });
    const error = events.find((e) => e.event === 'error')!;
    expect(error.data).toMatchObject({ category: 'error', error: true });
    expect(events.at(-1)!.event).toBe('end');
  });

  it('builds the graph sent in the body instead of the stored one', async () => {
    const other = loadFixture('test-flows/simple-apitest');
    const res = await t.http.post(`/api/v1/build/${flowId}/flow?event_delivery=direct`).set(admin).send({ inputs: { input_value: 'override' }, data: other.data }).expect(200);
    const sorted = parseFrames(res.text)[0];
    expect(sorted.data.to_run).toEqual(expect.arrayContaining([nodeId(other, 'ChatOutput')]));
  });

  it('a graph that cannot be built answers {job_id}; the failure comes as an error event, without end', async () => {
    const bad = { nodes: [{ id: 'Mystery-1', type: 'genericNode', data: { id: 'Mystery-1', type: 'NoSuchComponent', node: { template: {} } } }], edges: [] };
    const jobId = await startBuild('', { data: bad });
    const events = parseFrames((await t.http.get(`/api/v1/build/${jobId}/events`).set(admin).expect(200)).text);
    expect(events.map((e) => e.event)).toEqual(['error']);
    expect(events[0].data).toMatchObject({ category: 'error', error: true });
    expect(events[0].data.text).toMatch(/NoSuchComponent/);
    const status = await t.http.get(`/api/v1/build/${jobId}/status`).set(admin).expect(200);
    expect(status.body.status).toBe('failed');
  });

  it('validates the body like Langflow (extra keys in inputs are refused)', async () => {
    const res = await t.http.post(`/api/v1/build/${flowId}/flow`).set(admin).send({ inputs: { input_value: 'x', nope: 1 } }).expect(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'inputs', 'nope'] });
    await t.http.post('/api/v1/build/not-a-uuid/flow').set(admin).send({}).expect(422);
    const missing = await t.http.post('/api/v1/build/00000000-0000-4000-8000-000000000000/flow').set(admin).send({}).expect(404);
    expect(missing.body).toEqual({ detail: 'Flow with id 00000000-0000-4000-8000-000000000000 not found' });
  });

  it('answers 404 for an unknown job', async () => {
    const res = await t.http.get('/api/v1/build/nope/events').set(admin).expect(404);
    expect(res.body).toEqual({ detail: 'Job not found: nope' });
    await t.http.post('/api/v1/build/nope/cancel').set(admin).expect(404);
  });

  describe('ownership', () => {
    let other: { id: string; header: Record<string, string> };
    let jobId: string;
    beforeAll(async () => {
      other = await createActiveUser(t, admin, 'build-other');
      jobId = await startBuild();
      await t.http.get(`/api/v1/build/${jobId}/events`).set(admin).expect(200);
    });

    it("cannot build another user's flow", async () => {
      await t.http.post(`/api/v1/build/${flowId}/flow`).set(other.header).send({}).expect(404);
    });

    it("cannot stream, poll, cancel or inspect another user's job", async () => {
      await t.http.get(`/api/v1/build/${jobId}/events`).set(other.header).expect(404);
      await t.http.get(`/api/v1/build/${jobId}/events?event_delivery=polling`).set(other.header).expect(404);
      await t.http.post(`/api/v1/build/${jobId}/cancel`).set(other.header).expect(404);
      await t.http.get(`/api/v1/build/${jobId}/status`).set(other.header).expect(404);
    });

    it('needs credentials to read a job', async () => {
      const res = await t.http.get(`/api/v1/build/${jobId}/events`).expect(403);
      expect(res.body.detail).toMatch(/API key/);
      await t.http.get(`/api/v1/build/${jobId}/events`).set('Authorization', 'Bearer not-a-token').expect(401);
    });
  });

  describe('build_public_tmp', () => {
    it('needs a client_id cookie and a PUBLIC flow; the visitor owns the job', async () => {
      const noCookie = await t.http.post(`/api/v1/build_public_tmp/${flowId}/flow`).send({}).expect(400);
      expect(noCookie.body).toEqual({ detail: 'No client_id cookie found' });
      const notPublic = await t.http.post(`/api/v1/build_public_tmp/${flowId}/flow`).set('Cookie', 'client_id=visitor-1').send({}).expect(403);
      expect(notPublic.body).toEqual({ detail: 'Flow is not public' });

      const publicId = await importFlow(t, admin, flow, { access_type: 'PUBLIC' });
      const started = await t.http
        .post(`/api/v1/build_public_tmp/${publicId}/flow`)
        .set('Cookie', 'client_id=visitor-1')
        .send({ inputs: { input_value: 'public hello' } })
        .expect(200);
      const jobId = started.body.job_id;
      const events = parseFrames((await t.http.get(`/api/v1/build/${jobId}/events`).set('Cookie', 'client_id=visitor-1').expect(200)).text);
      expect(events.at(-1)!.event).toBe('end');
      const user = events.find((e) => e.event === 'add_message')!.data;
      // Messages go under uuid5(NAMESPACE_DNS, "<client_id>_<flow_id>"), not the owner's flow id.
      expect(user.flow_id).not.toBe(publicId);
      expect(user.session_id).toBe(user.flow_id);
      await t.http.get(`/api/v1/build/${jobId}/events`).set('Cookie', 'client_id=visitor-2').expect(404);
      await t.http.get(`/api/v1/build/${jobId}/events`).expect(403);
    });
  });

  describe('run timeout', () => {
    let slow: TestApp;
    beforeAll(async () => {
      slow = await createTestApp({ env: { NESTFLOW_RUN_TIMEOUT_SECONDS: '1' } });
    });
    afterAll(() => slow.close());

    it('stops a build that runs past NESTFLOW_RUN_TIMEOUT_SECONDS: error event, status failed', async () => {
      const header = await autoLoginHeader(slow);
      const id = await importFlow(slow, header, flow);
      fake.hold();
      try {
        const started = await slow.http.post(`/api/v1/build/${id}/flow`).set(header).send({ inputs: { input_value: 'too slow' } }).expect(200);
        const events = parseFrames((await slow.http.get(`/api/v1/build/${started.body.job_id}/events`).set(header).expect(200)).text);
        expect(events.at(-1)!.event).toBe('error');
        expect(events.at(-1)!.data.text).toMatch(/did not finish within 1 seconds/);
        const status = await slow.http.get(`/api/v1/build/${started.body.job_id}/status`).set(header).expect(200);
        expect(status.body.status).toBe('failed');
      } finally {
        fake.release();
      }
    });
  });

  it('on shutdown, a build still running after the grace period ends failed with an error event', async () => {
    const closing = await createTestApp({ env: { NESTFLOW_SHUTDOWN_GRACE_SECONDS: '1' } });
    const header = await autoLoginHeader(closing);
    const id = await importFlow(closing, header, flow);
    fake.hold();
    try {
      const started = await closing.http.post(`/api/v1/build/${id}/flow`).set(header).send({ inputs: { input_value: 'shutdown' } }).expect(200);
      const execution = closing.app.get(ExecutionService);
      const seen: string[] = [];
      let sawToken!: () => void;
      const token = new Promise<void>((r) => (sawToken = r));
      const ended = new Promise<JobRecord>((resolve) =>
        execution.subscribe(started.body.job_id, 0, {
          onEvent: (e) => {
            seen.push(e.event);
            if (e.event === 'token') sawToken();
          },
          onClose: resolve,
        }),
      );
      await token;
      await closing.close();
      const record = await ended;
      expect(record.status).toBe('failed');
      expect(seen.at(-1)).toBe('error');
    } finally {
      fake.release();
    }
  });
});
