import { startFakeMcp, FakeMcp, STDIO_SCRIPT } from '../../../../test/support/fake-openai/fake-mcp';
import { startFakeOpenAI, FakeOpenAI } from '../../../../test/support/fake-openai';
import { createDefaultRegistry } from '../index';
import { FlowEngine } from '../../runtime/engine';
import { FlowBuilder } from '../../starter-projects/flow-builder';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { McpClient, mcpResultText } from './mcp-client';
import type { EngineTool } from './toolkit';

const registry = createDefaultRegistry();

describe('MCP client and MCP Tools', () => {
  let mcp: FakeMcp;
  let fake: FakeOpenAI;
  beforeAll(async () => {
    mcp = await startFakeMcp();
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await mcp.close();
    await fake.close();
  });

  it.each([
    ['streamable HTTP (JSON)', () => ({ url: mcp.url })],
    ['streamable HTTP (SSE answers)', () => ({ url: mcp.sseAnswerUrl })],
    ['HTTP+SSE', () => ({ url: mcp.legacySseUrl, transport: 'sse' })],
    ['stdio', () => ({ command: process.execPath, args: [STDIO_SCRIPT, '--stdio'] })],
  ])('%s: initialize, list and call tools', async (_n, cfg) => {
    const c = await McpClient.connect(cfg());
    try {
      expect((await c.listTools()).map((t) => t.name)).toEqual(['echo', 'add', 'fail']);
      expect(mcpResultText(await c.callTool('add', { a: 2, b: 3 }))).toBe('5');
      await expect(c.callTool('nope', {})).rejects.toThrow(/Unknown tool/);
    } finally {
      await c.close();
    }
  });

  it('tool mode exposes the server tools to an agent (tools_metadata can disable one)', async () => {
    const engine = new FlowEngine({ registry, settings: { openaiBaseUrl: fake.url, mcpServers: { local: { url: mcp.url } } } });
    const b = new FlowBuilder(registry, 'mcp');
    const tools = b.add('MCPTools', { position: { x: 0, y: 0 }, toolMode: true, values: { mcp_server: { name: 'local' } } });
    const input = b.add('ChatInput', { position: { x: 0, y: 300 } });
    const agent = b.add('Agent', { position: { x: 400, y: 0 }, values: { model: [{ name: 'gpt-4o-mini', provider: 'OpenAI' }], api_key: 'k', add_current_date_tool: false } });
    const out = b.add('ChatOutput', { position: { x: 800, y: 0 } });
    b.connect(tools, 'component_as_tool', agent, 'tools');
    b.connect(input, 'message', agent, 'input_value');
    b.connect(agent, 'response', out, 'input_value');
    const flow = b.build();
    const node: any = flow.nodes.find((n) => n.id === tools);
    node.data.node.template.tools_metadata.value = [{ name: 'fail', tags: ['fail'], status: false }];
    const events: string[] = [];
    const res = await engine.run(engine.compile(flow), { inputValue: 'please use echo', sessionId: 'mcp', onEvent: (e) => void events.push(e) });
    const offered = fake.requestsTo('/chat/completions').slice(-2)[0].body.tools.map((t: any) => t.function.name);
    expect(offered).toEqual(['echo', 'add']);
    expect((res.vertices.get(out)!.results.message as Message).getText()).toBe('Tool results: echo: please use echo');
    expect(events).toContain('build_start');
    const toolkit = res.vertices.get(tools)!.results.component_as_tool as EngineTool[];
    expect(await toolkit[1].invoke({ a: 1, b: 2 })).toBe('3');
  });

  it('one call of the selected tool (response output)', async () => {
    const engine = new FlowEngine({ registry });
    const b = new FlowBuilder(registry, 'mcp-one');
    const id = b.add('MCPTools', { position: { x: 0, y: 0 }, values: { mcp_server: { name: 'inline', config: { url: mcp.url } }, tool: 'echo' }, fieldProps: { tool: { show: true } } });
    const flow = b.build();
    (flow.nodes[0] as any).data.node.template.text = { type: 'str', value: 'hi there', show: true, name: 'text' };
    const res = await engine.run(engine.compile(flow), { outputType: 'debug' });
    expect((res.vertices.get(id)!.results.response as DataFrame).rows).toEqual([{ text: 'echo: hi there' }]);
  });
});
