import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ChatInput } from '../../src/engine/components/input_output/chat-input';
import { ChatOutput } from '../../src/engine/components/input_output/chat-output';
import { TextInput } from '../../src/engine/components/input_output/text-input';
import { TextOutput } from '../../src/engine/components/input_output/text-output';
import { FlowBuilder } from '../../src/engine';
import { VectorIndex } from '../../src/engine/components/knowledge/vector-index';
import { autoLoginHeader, createActiveUser, createTestApp, currentUserId, TestApp } from '../setup/create-test-app';
import { haveFixtures, importFlow, loadFixture, nodeId } from '../support/execution';

const API = '/api/v1';

const TYPE_CONVERTER_CODE = 'from lfx.custom import Component\n\nclass TypeConverterComponent(Component):\n    display_name = "Type Convert"\n    name = "TypeConverterComponent"\n';
const CHAT_INPUT_CODE = 'from lfx.base.io.chat import ChatComponent\n\nclass ChatInput(ChatComponent):\n    display_name = "Chat Input"\n    name = "ChatInput"\n';

describe('ui-compat: calls of Langflow\'s web UI', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let adminId: string;
  const savedKey = process.env.ANTHROPIC_API_KEY;

  beforeAll(async () => {
    delete process.env.ANTHROPIC_API_KEY;
    t = await createTestApp();
    admin = await autoLoginHeader(t);
    adminId = await currentUserId(t, admin);
  });
  afterAll(async () => {
    await t.close();
    if (savedKey !== undefined) process.env.ANTHROPIC_API_KEY = savedKey;
  });

  describe('POST /custom_component/update', () => {
    it('updates the node for the changed field, keeping the code it was sent with', async () => {
      const catalog = await t.http.get(`${API}/all`).set(admin).expect(200);
      const node = Object.values<any>(catalog.body).map((c) => c.TypeConverterComponent).find(Boolean);
      expect(node).toBeDefined();
      const template = { ...node.template, code: { ...node.template.code, value: TYPE_CONVERTER_CODE }, _frontend_node_flow_id: { value: randomUUID() }, is_refresh: false };
      const res = await t.http
        .post(`${API}/custom_component/update`)
        .set(admin)
        .send({ code: TYPE_CONVERTER_CODE, template, field: 'output_type', field_value: 'DataFrame', tool_mode: false })
        .expect(200);
      expect(res.body.template.output_type.value).toBe('DataFrame');
      expect(res.body.outputs.map((o: any) => o.name)).toEqual(['dataframe_output']);
      expect(res.body.template.code.value).toBe(TYPE_CONVERTER_CODE);
      expect(res.body.tool_mode).toBe(false);
      expect(res.body.display_name).toBe(node.display_name);

      const message = await t.http.post(`${API}/custom_component/update`).set(admin).send({ code: TYPE_CONVERTER_CODE, template, field: 'output_type', field_value: 'Message' }).expect(200);
      expect(message.body.outputs.map((o: any) => o.name)).toEqual(['message_output']);
      expect(message.body.tool_mode).toBe(false);
    });

    it('keeps the values of the template it was sent', async () => {
      const res = await t.http
        .post(`${API}/custom_component/update`)
        .set(admin)
        .send({ code: CHAT_INPUT_CODE, template: { input_value: { type: 'str', value: 'kept text', show: true } }, field: 'sender_name', field_value: 'Tester' })
        .expect(200);
      expect(res.body.template.input_value.value).toBe('kept text');
      expect(res.body.template.sender_name.value).toBe('Tester');
      expect(res.body.outputs.map((o: any) => o.name)).toEqual(['message']);
    });

    (haveFixtures ? it : it.skip)('refreshes a Langflow starter project node from its Python code', async () => {
      const flow = loadFixture('starter-projects/basic-prompting');
      const lm = flow.data.nodes.find((n: any) => n.id === nodeId(flow, 'LanguageModelComponent')).data.node;
      const res = await t.http
        .post(`${API}/custom_component/update`)
        .set(admin)
        .send({ code: lm.template.code.value, template: { ...lm.template, is_refresh: true }, field: 'model', field_value: lm.template.model.value, tool_mode: false })
        .expect(200);
      expect(res.body.template.model).toBeDefined();
      expect(res.body.template.code.value).toBe(lm.template.code.value);
      expect(Array.isArray(res.body.outputs)).toBe(true);
    });

    it('switches tool mode: the Toolset output and its actions, and back', async () => {
      const catalog = await t.http.get(`${API}/all`).set(admin).expect(200);
      const calc = Object.values<any>(catalog.body).map((c) => c.CalculatorComponent).find(Boolean);
      expect(calc).toBeDefined();
      const code = calc.template.code.value;
      const on = await t.http.post(`${API}/custom_component/update`).set(admin).send({ code, template: calc.template, field: 'tool_mode', field_value: true, tool_mode: true }).expect(200);
      expect(on.body.tool_mode).toBe(true);
      expect(on.body.outputs.map((o: any) => o.name)).toEqual(['component_as_tool']);
      expect(on.body.outputs[0]).toMatchObject({ method: 'to_toolkit', types: ['Tool'] });
      const actions = on.body.template.tools_metadata.value;
      expect(actions.length).toBeGreaterThan(0);
      expect(actions[0]).toMatchObject({ status: true, name: expect.any(String), args: expect.any(Object) });

      // Another field refreshed while in tool mode keeps the Toolset output and edited actions.
      const edited = { ...on.body.template, tools_metadata: { ...on.body.template.tools_metadata, value: [{ ...actions[0], name: 'my_calc' }] } };
      const again = await t.http.post(`${API}/custom_component/update`).set(admin).send({ code, template: edited, field: 'expression', field_value: '1+1', tool_mode: true }).expect(200);
      expect(again.body.outputs.map((o: any) => o.name)).toEqual(['component_as_tool']);
      expect(again.body.template.tools_metadata.value[0].name).toBe('my_calc');

      const off = await t.http.post(`${API}/custom_component/update`).set(admin).send({ code, template: again.body.template, field: 'tool_mode', field_value: false, tool_mode: false }).expect(200);
      expect(off.body.tool_mode).toBe(false);
      expect(off.body.outputs.map((o: any) => o.name)).toEqual(calc.outputs.map((o: any) => o.name));
      expect(off.body.template.tools_metadata).toBeUndefined();
    });

    it('answers 400 for code that names no component Nestflow has, 422 for a bad body, 403 without credentials', async () => {
      const unknown = await t.http
        .post(`${API}/custom_component/update`)
        .set(admin)
        .send({ code: 'class MyThing(Component):\n    name = "MyThing"\n', template: {}, field: 'x', field_value: 1 })
        .expect(400);
      expect(unknown.body.detail).toMatch(/does not run component code/);
      const missing = await t.http.post(`${API}/custom_component/update`).set(admin).send({ code: TYPE_CONVERTER_CODE, template: {} }).expect(422);
      expect(missing.body.detail[0]).toMatchObject({ loc: ['body', 'field'] });
      await t.http.post(`${API}/custom_component/update`).set(admin).send({ code: TYPE_CONVERTER_CODE, field: 'x', template: 'nope' }).expect(422);
      await t.http.post(`${API}/custom_component/update`).send({ code: TYPE_CONVERTER_CODE, template: {}, field: 'x' }).expect(403);
    });
  });

  describe('POST /custom_component', () => {
    it('answers {data, type} with the catalog node, keeping the values of the node sent', async () => {
      const res = await t.http
        .post(`${API}/custom_component`)
        .set(admin)
        .send({ code: CHAT_INPUT_CODE, frontend_node: { template: { input_value: { value: 'hello there' }, should_store_message: { value: false } } } })
        .expect(200);
      expect(res.body.type).toBe('ChatInput');
      expect(res.body.data.display_name).toBe('Chat Input');
      expect(res.body.data.template.input_value.value).toBe('hello there');
      expect(res.body.data.template.should_store_message.value).toBe(false);
      expect(res.body.data.outputs.map((o: any) => o.name)).toEqual(['message']);

      const bare = await t.http.post(`${API}/custom_component`).set(admin).send({ code: TYPE_CONVERTER_CODE }).expect(200);
      expect(bare.body.type).toBe('TypeConverterComponent');
      expect(bare.body.data.tool_mode).toBe(false);

      const tool = await t.http.post(`${API}/custom_component`).set(admin).send({ code: TYPE_CONVERTER_CODE, frontend_node: { tool_mode: true, template: {} } }).expect(200);
      expect(tool.body.data.tool_mode).toBe(true);
      expect(tool.body.data.outputs.map((o: any) => o.name)).toEqual(['component_as_tool']);
      expect(Array.isArray(tool.body.data.template.tools_metadata.value)).toBe(true);
    });

    it('keeps the variable fields a Prompt node added (custom_fields)', async () => {
      const catalog = await t.http.get(`${API}/all`).set(admin).expect(200);
      const prompt = Object.values<any>(catalog.body).map((c) => c.Prompt).find(Boolean);
      const variable = { name: 'topic', display_name: 'topic', type: 'str', value: 'cats', show: true, input_types: ['Message'] };
      const res = await t.http
        .post(`${API}/custom_component`)
        .set(admin)
        .send({ code: prompt.template.code.value, frontend_node: { ...prompt, custom_fields: { template: ['topic'] }, template: { ...prompt.template, template: { ...prompt.template.template, value: 'About {topic}' }, topic: variable } } })
        .expect(200);
      expect(res.body.type).toBe('Prompt');
      expect(res.body.data.template.template.value).toBe('About {topic}');
      expect(res.body.data.template.topic).toMatchObject({ value: 'cats', input_types: ['Message'] });
      expect(res.body.data.custom_fields).toEqual({ template: ['topic'] });
    });

    it('answers 400 {error, traceback} for code Nestflow cannot map, 422 without code', async () => {
      const res = await t.http.post(`${API}/custom_component`).set(admin).send({ code: 'print("hi")' }).expect(400);
      expect(res.body.detail.error).toMatch(/does not run component code/);
      expect(res.body.detail).toHaveProperty('traceback');
      await t.http.post(`${API}/custom_component`).set(admin).send({}).expect(422);
    });
  });

  describe('POST /build/{flow_id}/vertices[/{vertex_id}] (deprecated)', () => {
    let flowId: string;
    const data = new FlowBuilder()
      .node(ChatInput, 'ChatInput-aaaaa', { input_value: 'stored hello' })
      .node(ChatOutput, 'ChatOutput-bbbbb')
      .edge('ChatInput-aaaaa', 'message', 'ChatOutput-bbbbb', 'input_value')
      .node(TextInput, 'TextInput-ccccc', { input_value: 'some text' })
      .node(TextOutput, 'TextOutput-ddddd')
      .edge('TextInput-ccccc', 'text', 'TextOutput-ddddd', 'input_value')
      .build();

    beforeAll(async () => {
      flowId = await importFlow(t, admin, { name: 'legacy build', data });
    });

    it('sorts the saved flow: first layer, run id, every vertex to run', async () => {
      const res = await t.http.post(`${API}/build/${flowId}/vertices`).set(admin).send({ nodes: [], edges: [] }).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['ids', 'run_id', 'vertices_to_run']);
      expect(res.body.ids).toEqual(['ChatInput-aaaaa']);
      expect(res.body.vertices_to_run.sort()).toEqual(['ChatInput-aaaaa', 'ChatOutput-bbbbb', 'TextInput-ccccc', 'TextOutput-ddddd']);
      expect(res.body.run_id).toMatch(/^[0-9a-f-]{36}$/);

      const stop = await t.http.post(`${API}/build/${flowId}/vertices?stop_component_id=TextOutput-ddddd`).set(admin).send({}).expect(200);
      expect(stop.body.ids).toEqual(['TextInput-ccccc']);
      expect(stop.body.vertices_to_run).toEqual(['TextInput-ccccc', 'TextOutput-ddddd']);

      const start = await t.http.post(`${API}/build/${flowId}/vertices?start_component_id=ChatInput-aaaaa`).set(admin).expect(200);
      expect(start.body.vertices_to_run).toEqual(['ChatInput-aaaaa', 'ChatOutput-bbbbb']);
    });

    it('sorts a graph sent in the body ({data} as Langflow, or the UI\'s {nodes, edges})', async () => {
      const only = new FlowBuilder().node(TextInput, 'TextInput-zzzzz', { input_value: 'x' }).build();
      const embedded = await t.http.post(`${API}/build/${flowId}/vertices`).set(admin).send({ data: only }).expect(200);
      expect(embedded.body.vertices_to_run).toEqual(['TextInput-zzzzz']);
      const top = await t.http.post(`${API}/build/${flowId}/vertices`).set(admin).send(only).expect(200);
      expect(top.body.vertices_to_run).toEqual(['TextInput-zzzzz']);
      await t.http.post(`${API}/build/${flowId}/vertices`).set(admin).send({ data: { nodes: [] } }).expect(422);
      // Back to the saved flow for the next tests.
      await t.http.post(`${API}/build/${flowId}/vertices`).set(admin).send({}).expect(200);
    });

    it('builds one vertex and what it needs, answering its VertexBuildResponse (recorded as a build)', async () => {
      const res = await t.http.post(`${API}/build/${flowId}/vertices/TextOutput-ddddd`).set(admin).send({}).expect(200);
      expect(res.body).toMatchObject({ id: 'TextOutput-ddddd', valid: true });
      expect(Array.isArray(res.body.next_vertices_ids)).toBe(true);
      expect(Array.isArray(res.body.top_level_vertices)).toBe(true);
      expect(JSON.stringify(res.body.data.outputs)).toContain('some text');
      expect(typeof res.body.data.duration).toBe('string');

      const chat = await t.http
        .post(`${API}/build/${flowId}/vertices/ChatOutput-bbbbb`)
        .set(admin)
        .send({ inputs: { input_value: 'typed hello', session: 'legacy-session' } })
        .expect(200);
      expect(chat.body.valid).toBe(true);
      expect(JSON.stringify(chat.body.data)).toContain('typed hello');

      const builds = await t.http.get(`${API}/monitor/builds?flow_id=${flowId}`).set(admin).expect(200);
      expect(Object.keys(builds.body.vertex_builds)).toEqual(expect.arrayContaining(['TextInput-ccccc', 'TextOutput-ddddd', 'ChatOutput-bbbbb']));
    });

    it('answers Langflow\'s errors: unknown vertex 500, unknown or foreign flow 404, bad id 422, bad inputs 422', async () => {
      const missing = await t.http.post(`${API}/build/${flowId}/vertices?stop_component_id=Nope-1`).set(admin).expect(500);
      expect(missing.body.detail).toMatch(/Nope-1/);
      const noVertex = await t.http.post(`${API}/build/${flowId}/vertices/Nope-2`).set(admin).send({}).expect(500);
      expect(noVertex.body.detail).toMatch(/Nope-2/);
      await t.http.post(`${API}/build/${randomUUID()}/vertices`).set(admin).expect(404);
      await t.http.post(`${API}/build/not-a-uuid/vertices`).set(admin).expect(422);
      await t.http.post(`${API}/build/${flowId}/vertices/TextOutput-ddddd`).set(admin).send({ inputs: { input_value: 5 } }).expect(422);
      const other = await createActiveUser(t, admin, `legacy-${Date.now()}`);
      await t.http.post(`${API}/build/${flowId}/vertices`).set(other.header).expect(404);
      await t.http.post(`${API}/build/${flowId}/vertices/TextOutput-ddddd`).set(other.header).expect(404);
      await t.http.post(`${API}/build/${flowId}/vertices`).expect(403);
    });
  });

  describe('store leftovers', () => {
    it('reports the store disabled, no store key and no tags', async () => {
      expect((await t.http.get(`${API}/store/check/`).expect(200)).body).toEqual({ enabled: false });
      expect((await t.http.get(`${API}/store/check/api_key`).set(admin).expect(200)).body).toEqual({ has_api_key: false, is_valid: false });
      expect((await t.http.get(`${API}/store/tags`).set(admin).expect(200)).body).toEqual([]);
      await t.http.get(`${API}/store/check/api_key`).expect(403);
    });
  });

  describe('models', () => {
    it('lists the providers and models our components support; a provider is enabled once its key variable exists', async () => {
      expect((await t.http.get(`${API}/models/provider-variable-mapping`).expect(200)).body).toMatchObject({ OpenAI: 'OPENAI_API_KEY', Anthropic: 'ANTHROPIC_API_KEY' });
      const before = await t.http.get(`${API}/models`).set(admin).expect(200);
      const anthropic = before.body.find((p: any) => p.provider === 'Anthropic');
      expect(anthropic.is_enabled).toBe(false);
      expect(anthropic.models.length).toBeGreaterThan(0);
      expect(anthropic.models[0]).toEqual({ model_name: expect.any(String), metadata: expect.objectContaining({ model_type: 'llm' }) });

      await t.http.post(`${API}/variables/`).set(admin).send({ name: 'ANTHROPIC_API_KEY', value: 'sk-ant-test', type: 'Credential', default_fields: [] }).expect(201);
      const after = await t.http.get(`${API}/models?provider=Anthropic`).set(admin).expect(200);
      expect(after.body.map((p: any) => p.provider)).toEqual(['Anthropic']);
      expect(after.body[0].is_enabled).toBe(true);
      const enabled = await t.http.get(`${API}/models/enabled_models`).set(admin).expect(200);
      expect(Object.values(enabled.body.enabled_models.Anthropic).every((v) => v === true)).toBe(true);
      const status = await t.http.get(`${API}/models/enabled_providers`).set(admin).expect(200);
      expect(status.body.enabled_providers).toContain('Anthropic');

      const embeddings = await t.http.get(`${API}/models?model_type=embeddings`).set(admin).expect(200);
      expect(embeddings.body.map((p: any) => p.provider)).toEqual(['OpenAI']);
      expect(embeddings.body[0].models.map((m: any) => m.model_name)).toContain('text-embedding-3-small');
      expect((await t.http.get(`${API}/models?model_type=speech`).set(admin).expect(200)).body).toEqual([]);
      await t.http.get(`${API}/models?reasoning=maybe`).set(admin).expect(422);
      await t.http.get(`${API}/models`).expect(403);
    });

    it('switches models off and on per user (hidden from the variables list)', async () => {
      const off = await t.http
        .post(`${API}/models/enabled_models`)
        .set(admin)
        .send([{ provider: 'Anthropic', model_id: 'claude-opus-4-5-20251101', enabled: false }])
        .expect(200);
      expect(off.body.enabled_models.Anthropic['claude-opus-4-5-20251101']).toBe(false);
      expect(off.body.enabled_models.Anthropic['claude-haiku-4-5-20251001']).toBe(true);
      const read = await t.http.get(`${API}/models/enabled_models`).set(admin).expect(200);
      expect(read.body.enabled_models.Anthropic['claude-opus-4-5-20251101']).toBe(false);
      const names = (await t.http.get(`${API}/variables/`).set(admin).expect(200)).body.map((v: any) => v.name);
      expect(names).not.toContain('__disabled_models__');

      const other = await createActiveUser(t, admin, `models-${Date.now()}`);
      await t.http.post(`${API}/variables/`).set(other.header).send({ name: 'ANTHROPIC_API_KEY', value: 'k', type: 'Credential', default_fields: [] }).expect(201);
      expect((await t.http.get(`${API}/models/enabled_models`).set(other.header).expect(200)).body.enabled_models.Anthropic['claude-opus-4-5-20251101']).toBe(true);

      await t.http.post(`${API}/models/enabled_models`).set(admin).send([{ provider: 'Anthropic', model_id: 'claude-opus-4-5-20251101', enabled: true }]).expect(200);
      expect((await t.http.get(`${API}/models/enabled_models`).set(admin).expect(200)).body.enabled_models.Anthropic['claude-opus-4-5-20251101']).toBe(true);

      const bad = await t.http.post(`${API}/models/enabled_models`).set(admin).send([{ provider: 'OpenAI', model_id: 'gpt-4o' }]).expect(422);
      expect(bad.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 0, 'enabled'] });
      await t.http.post(`${API}/models/enabled_models`).set(admin).send({ provider: 'OpenAI' }).expect(422);
      await t.http.post(`${API}/models/enabled_models`).send([]).expect(403);
    });

    it('gives the options of language and embedding model fields', async () => {
      const language = await t.http.get(`${API}/model_options/language`).set(admin).expect(200);
      expect(language.body.find((o: any) => o.name === 'gpt-4o-mini')).toMatchObject({ provider: 'OpenAI', category: 'OpenAI' });
      const embedding = await t.http.get(`${API}/model_options/embedding`).set(admin).expect(200);
      expect(embedding.body.map((o: any) => o.name)).toContain('text-embedding-3-small');
    });
  });

  describe('registration (v2)', () => {
    it('keeps the last registered email; POST is public, GET needs credentials', async () => {
      expect((await t.http.get('/api/v2/registration/').set(admin).expect(200)).body).toEqual({ message: 'No user registered' });
      expect((await t.http.post('/api/v2/registration/').send({ email: 'first@example.com' }).expect(200)).body).toEqual({ email: 'first@example.com' });
      await t.http.post('/api/v2/registration/').send({ email: 'second@example.com' }).expect(200);
      const got = await t.http.get('/api/v2/registration/').set(admin).expect(200);
      expect(got.body).toMatchObject({ email: 'second@example.com', registered_at: expect.any(String) });
      const bad = await t.http.post('/api/v2/registration/').send({ email: 'not an email' }).expect(422);
      expect(bad.body.detail[0].loc).toEqual(['body', 'email']);
      await t.http.post('/api/v2/registration/').send({}).expect(422);
      await t.http.get('/api/v2/registration/').expect(403);
    });
  });

  describe('knowledge bases', () => {
    function writeKb(userId: string, name: string, texts: string[]): void {
      const dir = join(t.configDir, 'knowledge_bases', userId, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'embedding_metadata.json'), JSON.stringify({ embedding_provider: 'OpenAI', embedding_model: 'text-embedding-3-small', created_at: new Date().toISOString() }));
      const index = new VectorIndex();
      index.add(texts.map((text, i) => ({ id: `r${i}`, text, metadata: {}, embedding: [1, 0] })));
      index.save(join(dir, 'vectors.json'));
    }

    it('lists, reads and deletes the caller\'s knowledge bases', async () => {
      expect((await t.http.get(`${API}/knowledge_bases`).set(admin).expect(200)).body).toEqual([]);
      writeKb(adminId, 'docs', ['one two three', 'four five']);
      writeKb(adminId, 'notes', ['alpha']);
      const other = await createActiveUser(t, admin, `kb-${Date.now()}`);
      writeKb(other.id, 'theirs', ['secret']);

      const list = await t.http.get(`${API}/knowledge_bases/`).set(admin).expect(200);
      expect(list.body.map((k: any) => k.name)).toEqual(['docs', 'notes']);
      expect(list.body[0]).toMatchObject({ id: 'docs', embedding_provider: 'OpenAI', embedding_model: 'text-embedding-3-small', chunks: 2, words: 5, characters: 22, avg_chunk_size: 11 });
      expect(list.body[0].size).toBeGreaterThan(0);
      expect((await t.http.get(`${API}/knowledge_bases/notes`).set(admin).expect(200)).body.chunks).toBe(1);
      await t.http.get(`${API}/knowledge_bases/theirs`).set(admin).expect(404);
      await t.http.get(`${API}/knowledge_bases/..`).set(admin).expect(400);

      expect((await t.http.delete(`${API}/knowledge_bases/notes`).set(admin).expect(200)).body.message).toMatch(/notes/);
      await t.http.delete(`${API}/knowledge_bases/notes`).set(admin).expect(404);
      const many = await t.http.delete(`${API}/knowledge_bases`).set(admin).send({ kb_names: ['docs', 'ghost'] }).expect(200);
      expect(many.body).toMatchObject({ deleted_count: 1, not_found: ['ghost'] });
      await t.http.delete(`${API}/knowledge_bases`).set(admin).send({ kb_names: 'docs' }).expect(422);
      expect((await t.http.get(`${API}/knowledge_bases`).set(admin).expect(200)).body).toEqual([]);
      expect(existsSync(join(t.configDir, 'knowledge_bases', other.id, 'theirs'))).toBe(true);
      await t.http.get(`${API}/knowledge_bases`).expect(403);
    });
  });
});
