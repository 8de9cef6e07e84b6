import { startFakeOpenAI, FakeOpenAI } from '../../../test/support/fake-openai';
import { startFakeWeb, FakeWeb } from '../../../test/support/fake-openai/fake-web';
import { createDefaultRegistry } from '../components';
import { FlowEngine, RunOptions } from '../runtime/engine';
import { InMemoryFileStorage, InMemoryMessageStore } from '../ports/memory';
import { Message } from '../schema/message';
import { listStarterProjects, StarterProject } from './index';

const REQUIRED = ['Basic Prompting', 'Memory Chatbot', 'Document Q&A', 'Simple Agent'];

function decode(h: string): any {
  return JSON.parse(h.replace(/œ/g, '"'));
}

describe('Nestflow starter projects', () => {
  const projects = listStarterProjects();
  const byName = (n: string): StarterProject => {
    const p = projects.find((x) => x.name === n);
    if (!p) throw new Error(`starter project ${n} not built`);
    return p;
  };

  it('lists the required projects in Langflow export format', () => {
    for (const n of REQUIRED) expect(projects.map((p) => p.name)).toContain(n);
    for (const p of projects) {
      expect(p).toMatchObject({ endpoint_name: null, is_component: false });
      expect(typeof p.description).toBe('string');
      for (const n of p.data.nodes) {
        expect(n.type).toBe('genericNode');
        expect(n.id.startsWith(`${n.data.type}-`)).toBe(true);
        expect(n.data.node.template._type).toBe('Component');
        expect(Array.isArray(n.data.node.outputs)).toBe(true);
      }
      for (const e of p.data.edges) {
        expect(decode(e.sourceHandle)).toEqual(e.data.sourceHandle);
        expect(decode(e.targetHandle)).toEqual(e.data.targetHandle);
        const target = p.data.nodes.find((n: any) => n.id === e.target);
        expect(target.data.node.template[e.data.targetHandle.fieldName]).toBeDefined();
      }
    }
    // stable ids between calls
    expect(listStarterProjects().map((p) => p.id)).toEqual(projects.map((p) => p.id));
    const prompt = byName('Memory Chatbot').data.nodes.find((n: any) => n.data.type === 'Prompt');
    expect(prompt.data.node.custom_fields.template).toEqual(['history']);
    const agentTools = byName('Simple Agent').data.nodes.filter((n: any) => n.data.node.tool_mode);
    expect(agentTools.map((n: any) => n.data.node.outputs[0].name)).toEqual(['component_as_tool', 'component_as_tool']);
  });

  describe('run against the fake OpenAI server', () => {
    let fake: FakeOpenAI;
    let web: FakeWeb;
    let engine: FlowEngine;
    beforeAll(async () => {
      fake = await startFakeOpenAI();
      web = await startFakeWeb();
      const files = new InMemoryFileStorage({ 'docs/handbook.txt': 'The office opens at 9am. Lunch is served at noon.' });
      engine = new FlowEngine({ registry: createDefaultRegistry(), ports: { messages: new InMemoryMessageStore(), files }, settings: { openaiBaseUrl: fake.url } });
    });
    afterAll(async () => {
      await fake.close();
      await web.close();
    });

    const run = async (name: string, opts: RunOptions) => {
      const p = byName(name);
      const plan = engine.compile(p);
      const res = await engine.run(plan, { requestVariables: { OPENAI_API_KEY: 'sk-starter' }, ...opts });
      return res.outputIds.map((id) => (Object.values(res.vertices.get(id)!.results)[0] as Message).getText());
    };
    const lastChat = () => fake.requestsTo('/chat/completions').slice(-1)[0];

    it('Basic Prompting', async () => {
      const [text] = await run('Basic Prompting', { inputValue: 'hi', sessionId: 'sp-basic' });
      expect(text).toMatch(/^You said: hi\nSystem prompt: \d+ chars$/);
      expect(lastChat().headers.authorization).toBe('Bearer sk-starter');
      expect(lastChat().body.temperature).toBe(0.3);
    });

    it('Memory Chatbot recalls the first turn', async () => {
      await run('Memory Chatbot', { inputValue: 'I parked on level 3', sessionId: 'sp-mem' });
      const [text] = await run('Memory Chatbot', { inputValue: 'Can you recall where I parked?', sessionId: 'sp-mem' });
      expect(text).toContain('I parked on level 3');
    });

    it('Document Q&A answers from the file', async () => {
      const p = byName('Document Q&A');
      const fileId = p.data.nodes.find((n: any) => n.data.type === 'File').id;
      const [text] = await run('Document Q&A', { inputValue: 'When is lunch?', sessionId: 'sp-doc', tweaks: { [fileId]: { path: ['docs/handbook.txt'] } } });
      expect(text).toContain('You said: When is lunch?');
      expect(lastChat().body.messages[0].content).toContain('Lunch is served at noon.');
    });

    it('Simple Agent uses its tools', async () => {
      const [text] = await run('Simple Agent', { inputValue: `Compute 6 * 7 and read ${web.url}/page/x`, sessionId: 'sp-agent' });
      expect(text).toContain('42');
      expect(text).toContain('Nestflow fixture page content: /page/x');
    });

    it('Structured Extraction', async () => {
      if (!projects.some((p) => p.name === 'Structured Extraction')) return;
      const [text] = await run('Structured Extraction', { inputValue: 'Ada Lovelace, ada@example.com, Analytical Engines Ltd', sessionId: 'sp-so' });
      expect(text).toBe('name value <email value> at company value');
    });
  });
});
