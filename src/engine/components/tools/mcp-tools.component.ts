/**
 * MCP Tools (`MCPTools`): the tools of an MCP server, for agents (tool mode) or one call (`response`).
 *
 * Server config: `mcp_server` = {name, config?}. An inline `config` ({url, headers, transport} or
 * {command, args, env}) is used as is; otherwise the name is looked up in the host settings:
 * `settings.mcpServers[name]` or `await settings.resolveMcpServer(name, userId)` (the per-user MCP
 * server list of /api/v2/mcp/servers).
 */
import { Component, ComponentMeta } from '../../component/component';
import { BoolInput, DictInput, DropdownInput, McpInput, MessageTextInput, Output } from '../../component/fields';
import { DataFrame } from '../../schema/dataframe';
import { McpClient, McpServerConfig, McpTool, mcpResultText } from './mcp-client';
import { cleanToolName, emitToolEvent, EngineTool } from './toolkit';

export class MCPToolsComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'MCPTools',
    displayName: 'MCP Tools',
    description: 'Connect to an MCP server to use its tools.',
    icon: 'Mcp',
    category: 'agents',
    aliases: ['MCPToolsComponent'],
    modules: ['lfx.components.models_and_agents.mcp_component.MCPToolsComponent', 'lfx.components.agents.mcp_component.MCPToolsComponent'],
    module: 'lfx.components.models_and_agents.mcp_component.MCPToolsComponent',
    documentation: 'https://docs.langflow.org/mcp-client',
  };
  static override readonly inputs = [
    McpInput({ name: 'mcp_server', display_name: 'MCP Server', info: 'Select the MCP Server that will be used by this component', real_time_refresh: true }),
    BoolInput({ name: 'use_cache', display_name: 'Use Cached Server', info: 'Enable caching of MCP Server and tools to improve performance.', value: false, advanced: true }),
    BoolInput({ name: 'verify_ssl', display_name: 'Verify SSL Certificate', info: 'Enable SSL certificate verification for HTTPS connections.', value: true, advanced: true }),
    DictInput({ name: 'headers', display_name: 'Headers', info: 'HTTP headers to include with MCP server requests.', advanced: true, is_list: true }),
    DropdownInput({ name: 'tool', display_name: 'Tool', options: [], value: '', info: 'Select the tool to execute', show: false, required: true, real_time_refresh: true }),
    MessageTextInput({ name: 'tool_placeholder', display_name: 'Tool Placeholder', info: 'Placeholder for the tool', value: '', show: false, tool_mode: false }),
  ];
  static override readonly outputs = [Output({ name: 'response', display_name: 'Response', method: 'build_output', types: ['DataFrame'] })];

  private async serverConfig(): Promise<McpServerConfig> {
    const v = this.params.mcp_server;
    const name: string = typeof v === 'string' ? v : v?.name ?? '';
    let cfg: McpServerConfig | undefined = v && typeof v === 'object' && v.config && (v.config.url || v.config.command) ? v.config : undefined;
    const settings = this.ctx?.settings ?? {};
    if (!cfg && name) {
      const map = settings.mcpServers as Record<string, McpServerConfig> | undefined;
      cfg = map?.[name];
      const resolver = settings.resolveMcpServer as ((n: string, userId: string | null) => Promise<McpServerConfig | undefined>) | undefined;
      if (!cfg && typeof resolver === 'function') cfg = await resolver(name, this.ctx.userId);
    }
    if (!cfg) throw new Error(name ? `MCP server '${name}' not found.` : 'Please select an MCP server.');
    const extra = Array.isArray(this.params.headers) ? Object.assign({}, ...this.params.headers) : this.params.headers ?? {};
    return { ...cfg, headers: { ...(cfg.headers ?? {}), ...extra } };
  }

  private async withClient<T>(fn: (c: McpClient) => Promise<T>): Promise<T> {
    const client = await McpClient.connect(await this.serverConfig(), this.ctx.signal);
    try {
      return await fn(client);
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  /** Tool mode: the server's tools (tools_metadata renames or disables them). */
  override async to_toolkit(): Promise<EngineTool[]> {
    const tools: McpTool[] = await this.withClient((c) => c.listTools());
    const meta: any[] = Array.isArray(this.params.tools_metadata) ? this.params.tools_metadata : [];
    const out: EngineTool[] = [];
    for (const t of tools) {
      const entry = meta.find((m) => (Array.isArray(m.tags) && m.tags[0] === t.name) || m.name === t.name);
      if (entry && entry.status === false) continue;
      const original = t.name;
      out.push({
        isEngineTool: true,
        name: cleanToolName(entry?.name || t.name),
        description: entry?.description || t.description || original,
        parameters: t.inputSchema && typeof t.inputSchema === 'object' ? t.inputSchema : { type: 'object', properties: {} },
        tags: [original],
        componentId: this.vertex?.id,
        displayName: this.displayName,
        invoke: async (args) => {
          emitToolEvent(this.ctx, 'build_start', this.vertex?.id);
          try {
            const r = await this.withClient((c) => c.callTool(original, args ?? {}));
            const text = mcpResultText(r);
            if (r?.isError) throw new Error(text || `Tool ${original} failed`);
            return text;
          } finally {
            emitToolEvent(this.ctx, 'build_end', this.vertex?.id);
          }
        },
      });
    }
    return out;
  }

  /** One call of the selected tool with the node's argument fields. */
  async build_output(): Promise<DataFrame> {
    const name = String(this.params.tool ?? '').trim();
    if (!name) throw new Error('Please select a tool.');
    const r = await this.withClient(async (c) => {
      const tool = (await c.listTools()).find((t) => t.name === name);
      if (!tool) throw new Error(`Tool '${name}' not found on the MCP server.`);
      const args: Record<string, unknown> = {};
      for (const k of Object.keys(tool.inputSchema?.properties ?? {})) if (this.params[k] !== undefined && this.params[k] !== '') args[k] = this.params[k];
      return c.callTool(name, args);
    });
    if (r?.isError) throw new Error(mcpResultText(r) || `Tool ${name} failed`);
    const rows: Record<string, unknown>[] = [];
    for (const c of r?.content ?? []) {
      if (c.type !== 'text') {
        rows.push({ ...c });
        continue;
      }
      try {
        const parsed = JSON.parse(String(c.text ?? ''));
        if (Array.isArray(parsed)) rows.push(...parsed.map((x) => (x && typeof x === 'object' ? x : { value: x })));
        else if (parsed && typeof parsed === 'object') rows.push(parsed);
        else rows.push({ text: c.text });
      } catch {
        rows.push({ text: c.text });
      }
    }
    const df = new DataFrame(rows);
    this.status = df.rows;
    return df;
  }
}
