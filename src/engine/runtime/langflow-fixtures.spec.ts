import * as fs from 'node:fs';
import * as path from 'node:path';
import { createDefaultRegistry } from '../components';
import { FixedClock, InMemoryFileStorage, InMemoryMessageStore } from '../ports/memory';
import { FlowEngine } from './engine';
import { toRunResponse } from './results';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '../shared/fixtures/langflow');
const HAVE = fs.existsSync(FIXTURES);
const d = HAVE ? describe : describe.skip;
if (!HAVE) console.warn(`Langflow fixtures not found at ${FIXTURES}: fixture tests skipped`);

function load(rel: string): any {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, rel), 'utf8'));
}

function engineWith(opts: { files?: Record<string, string> } = {}) {
  const messages = new InMemoryMessageStore();
  const clock = new FixedClock(new Date('2026-01-16T10:00:00Z'));
  const files = new InMemoryFileStorage(opts.files ?? {});
  const engine = new FlowEngine({ registry: createDefaultRegistry(), ports: { messages, clock, files } });
  return { engine, messages, clock };
}

d('Langflow fixtures', () => {
  it('simple-apitest: ChatInput text echoed by ChatOutput, sender name from TextInput', async () => {
    const { engine, messages } = engineWith();
    const flow = load('test-flows/simple-apitest.json');
    const result = await engine.run(engine.compile(flow), { inputValue: 'hello there', sessionId: 'api-1' });
    const resp: any = toRunResponse(result);
    expect(resp.session_id).toBe('api-1');
    expect(resp.outputs[0].outputs).toHaveLength(1);
    const out = resp.outputs[0].outputs[0];
    expect(out.component_id).toBe('ChatOutput-J6aor');
    expect(out.results.message.text).toBe('hello there');
    expect(out.results.message.sender).toBe('Machine');
    expect(out.results.message.sender_name).toBe('AI');
    expect(out.outputs.message.message).toBe('hello there');
    const stored = await messages.list({ session_id: 'api-1' });
    expect(stored.map((m) => [m.sender, m.sender_name, m.text])).toEqual([
      ['User', 'User', 'hello there'],
      ['Machine', 'AI', 'hello there'],
    ]);
    // ChatOutput wired straight to ChatInput stores a new message, not the user's one
    expect(stored[0].id).not.toBe(stored[1].id);
  });

  it('memory-chatbot-no-llm: the second run of a session recalls the first turn', async () => {
    const { engine, messages, clock } = engineWith();
    const plan = engine.compile(load('test-flows/memory-chatbot-no-llm.json'));
    const r1: any = toRunResponse(await engine.run(plan, { inputValue: 'My name is Alice', sessionId: 'chat-1' }));
    const t1: string = r1.outputs[0].outputs[0].results.message.text;
    // Memory runs after ChatInput stored the question, so the context already holds it
    expect(t1).toContain('| My name is Alice');
    expect(t1.endsWith('\n\nUser: My name is Alice\nAI: ')).toBe(true);
    // Memory's DataFrame has the message table's columns, in table order
    const header = t1.split('\n')[0].split('|').map((c) => c.trim()).filter(Boolean);
    expect(header).toEqual(['timestamp', 'sender', 'sender_name', 'session_id', 'context_id', 'text', 'files', 'error', 'edit', 'properties', 'category', 'content_blocks', 'id', 'flow_id']);
    expect(t1.split('\n')[2]).toContain('| 2026-01-16 10:00:00+00:00 | User     | User          | chat-1       |');
    clock.advance(5000);
    const r2: any = toRunResponse(await engine.run(plan, { inputValue: 'What is my name?', sessionId: 'chat-1' }));
    const t2: string = r2.outputs[0].outputs[0].results.message.text;
    expect(t2).toContain('My name is Alice');
    expect(t2).toContain('What is my name?');
    expect(t2.endsWith('User: What is my name?\nAI: ')).toBe(true);
    // a different session does not see it
    const r3: any = toRunResponse(await engine.run(plan, { inputValue: 'Who am I?', sessionId: 'chat-2' }));
    expect(r3.outputs[0].outputs[0].results.message.text).not.toContain('Alice');
    expect((await messages.list({ session_id: 'chat-1' })).length).toBe(4);
  });

  it('loop-csv-test: loops over CSV rows and collects the results on done', async () => {
    const { engine, messages } = engineWith({ files: { 'loop_test.csv': 'number,letter\n1,a\n2,b\n3,c\n' } });
    const flow = load('test-flows/loop-csv-test.json');
    const result = await engine.run(engine.compile(flow), { sessionId: 'loop-1' });
    const resp: any = toRunResponse(result);
    const outs = resp.outputs[0].outputs;
    // node order: ChatOutput-MZask (done) then ChatOutput-tJacB (loop body, last iteration)
    expect(outs.map((o: any) => o.component_id)).toEqual(['ChatOutput-MZask', 'ChatOutput-tJacB']);
    // the flow wires the "number" selection into {letter} and vice versa
    expect(outs[1].results.message.text).toBe("{'letter': 'c'}\n\n{'number': 3}");
    const done: string = outs[0].results.message.text;
    const lines = done.split('\n');
    expect(lines).toHaveLength(2 + 3);
    expect(lines[0]).toMatch(/^\| text /);
    expect(lines[2]).toContain("{'letter': 'a'}<br/><br/>{'number': 1}");
    expect(lines[4]).toContain("{'letter': 'c'}<br/><br/>{'number': 3}");
    // the body ran once per row
    expect(result.buildOrder.filter((id) => id === 'Prompt Template-JXGuO')).toHaveLength(3);
    expect(result.buildOrder.filter((id) => id === 'LoopComponent-kBJgN')).toHaveLength(4);
    const stored = (await messages.list({ session_id: 'loop-1' })).map((m) => m.text);
    expect(stored.slice(0, 3)).toEqual([
      "{'letter': 'a'}\n\n{'number': 1}",
      "{'letter': 'b'}\n\n{'number': 2}",
      "{'letter': 'c'}\n\n{'number': 3}",
    ]);
    expect(stored).toHaveLength(4);
  });

  it('basic-prompt-chaining: the chain of prompts ends in the last prompt text', async () => {
    const { engine } = engineWith();
    const flow = load('starter-projects/basic-prompt-chaining.json');
    const last = flow.data.nodes.find((n: any) => n.id === 'Prompt-7PuDH').data.node.template.template.value as string;
    const result = await engine.run(engine.compile(flow), { inputValue: 'An app for plant care', sessionId: 's' });
    const resp: any = toRunResponse(result);
    expect(resp.outputs[0].outputs[0].component_id).toBe('ChatOutput-mc2Rz');
    expect(resp.outputs[0].outputs[0].results.message.text).toBe(last);
    expect(result.buildOrder).toEqual(['ChatInput-B7vXK', 'Prompt-RcCgD', 'Prompt-gxyFu', 'Prompt-7PuDH', 'ChatOutput-mc2Rz']);
  });
});
