/**
 * Agent (`Agent`): Langflow's tool-calling loop.
 *
 * Messages: system prompt (skipped when blank), the session's last `n_messages` (without the current
 * input), the user input ("Continue the conversation." when empty). Each iteration calls the model
 * with the tool definitions; tool calls run (errors go back to the model as text) and their results
 * are appended as tool messages; the loop ends when the model answers without tool calls, or after
 * `max_iterations` model calls.
 *
 * Progress lives in one agent message (content block "Agent Steps": Input, one tool_use entry per
 * call, Output). When the agent feeds a ChatOutput it stores that message and re-sends it
 * (`add_message`, same id) at every step, and streams model tokens (`token`) as they arrive.
 */
import { Component, ComponentMeta } from '../../component/component';
import {
  BoolInput,
  HandleInput,
  IntInput,
  MessageInput,
  MessageTextInput,
  MultilineInput,
  Output,
  TableInput,
} from '../../component/fields';
import { Message } from '../../schema/message';
import { buildChatModel } from '../../llm/model-config';
import type { ChatMessage, ChatModel, ToolCall } from '../../llm/types';
import { inputText, llmContext, messageContent, roleOf } from '../models/llm-support';
import { apiKeyField, modelField } from '../models/model-fields';
import { currentDateTool } from '../tools/current-date';
import { EngineTool, isEngineTool, toolSpec } from '../tools/toolkit';

export const AGENT_SYSTEM_PROMPT = 'You are a helpful assistant that can use tools to answer questions and perform tasks.';
export const MAX_ITERATIONS_TEXT = 'Agent stopped due to max iterations.';

export class AgentComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'Agent',
    displayName: 'Agent',
    description: 'Define the agent\'s instructions, then enter a task to complete using tools.',
    icon: 'bot',
    category: 'models_and_agents',
    aliases: ['AgentComponent'],
    modules: ['lfx.components.models_and_agents.agent.AgentComponent', 'lfx.components.agents.agent.AgentComponent'],
    module: 'lfx.components.models_and_agents.agent.AgentComponent',
    documentation: 'https://docs.langflow.org/agents',
    beta: false,
  };
  static override readonly inputs = [
    modelField(),
    apiKeyField(),
    MultilineInput({
      name: 'system_prompt',
      display_name: 'Agent Instructions',
      info: 'System Prompt: Initial instructions and context provided to guide the agent\'s behavior.',
      value: AGENT_SYSTEM_PROMPT,
      advanced: false,
    }),
    MessageTextInput({ name: 'context_id', display_name: 'Context ID', info: 'The context ID of the chat. Adds an extra layer to the local memory.', value: '', advanced: true }),
    IntInput({ name: 'n_messages', display_name: 'Number of Chat History Messages', value: 100, info: 'Number of chat history messages to retrieve.', advanced: true, show: true }),
    MultilineInput({
      name: 'format_instructions',
      display_name: 'Output Format Instructions',
      info: 'Generic Template for structured output formatting. Valid only with Structured response.',
      value: 'You are an AI that extracts structured JSON objects from unstructured text. Use a predefined schema with expected types (str, int, float, bool, dict). Extract ALL relevant instances that match the schema - if multiple patterns exist, capture them all. Fill missing or ambiguous values with defaults: null for missing values. Remove exact duplicates but keep variations that have different field values. Always return valid JSON in the expected format, never throw errors. If multiple objects can be extracted, return them all in the structured format.',
      advanced: true,
    }),
    TableInput({
      name: 'output_schema',
      display_name: 'Output Schema',
      info: 'Schema Validation: Define the structure and data types for structured output.',
      advanced: true,
      required: false,
      value: [],
      table_schema: [
        { name: 'name', display_name: 'Name', type: 'str', description: 'Specify the name of the output field.', default: 'field', edit_mode: 'inline' },
        { name: 'description', display_name: 'Description', type: 'str', description: 'Describe the purpose of the output field.', default: 'description of field', edit_mode: 'popover' },
        { name: 'type', display_name: 'Type', type: 'str', edit_mode: 'inline', description: 'Indicate the data type of the output field (e.g., str, int, float, bool, dict).', options: ['str', 'int', 'float', 'bool', 'dict'], default: 'str' },
        { name: 'multiple', display_name: 'As List', type: 'boolean', description: 'Set to True if this output field should be a list of the specified type.', default: 'False', edit_mode: 'inline' },
      ],
    }),
    HandleInput({ name: 'tools', display_name: 'Tools', input_types: ['Tool'], is_list: true, list: true, required: false, info: 'These are the tools that the agent can use to help with tasks.' }),
    MessageInput({ name: 'input_value', display_name: 'Input', info: 'The input provided by the user for the agent to process.', tool_mode: true }),
    BoolInput({ name: 'handle_parsing_errors', display_name: 'Handle Parse Errors', value: true, advanced: true, info: 'Should the Agent fix errors when reading user input for better processing?' }),
    BoolInput({ name: 'verbose', display_name: 'Verbose', value: true, advanced: true }),
    IntInput({ name: 'max_iterations', display_name: 'Max Iterations', value: 15, advanced: true, info: 'The maximum number of attempts the agent can make to complete its task before it stops.' }),
    MultilineInput({ name: 'agent_description', display_name: 'Agent Description [Deprecated]', info: 'The description of the agent. This is only used when in Tool Mode.', advanced: true, value: 'A helpful assistant with access to the following tools:' }),
    BoolInput({ name: 'add_current_date_tool', display_name: 'Current Date', advanced: true, info: 'If true, will add a tool to the agent that returns the current date.', value: true }),
  ];
  static override readonly outputs = [Output({ name: 'response', display_name: 'Response', method: 'message_response', types: ['Message'] })];

  private async chatModel(): Promise<ChatModel> {
    return buildChatModel(this.params, llmContext(this));
  }

  private tools(): EngineTool[] {
    const raw = this.params.tools;
    const list: unknown[] = Array.isArray(raw) ? raw.flat(2) : raw ? [raw] : [];
    const tools = list.filter(isEngineTool);
    if (this.params.add_current_date_tool !== false && !tools.some((t) => t.name === 'get_current_date')) {
      tools.push(currentDateTool(() => this.ctx.ports.clock.now()));
    }
    // function names must be unique for the model: a second "fetch_content" becomes "fetch_content_2"
    const seen = new Map<string, number>();
    return tools.map((t) => {
      const n = (seen.get(t.name) ?? 0) + 1;
      seen.set(t.name, n);
      return n === 1 ? t : { ...t, name: `${t.name.slice(0, 60)}_${n}` };
    });
  }

  private async history(input: unknown): Promise<ChatMessage[]> {
    const n = Number(this.params.n_messages ?? 100);
    if (!(n > 0) || !this.sessionId) return [];
    // the newest n (+ the current input, which ChatInput stored just before), oldest first
    const rows = (
      await this.ctx.ports.messages.list({
        session_id: this.sessionId,
        context_id: this.params.context_id || null,
        order: 'DESC',
        limit: n + 2,
      })
    ).reverse();
    const inputId = input instanceof Message ? input.id : null;
    let kept = rows.filter((m) => m.id !== inputId && typeof m.text === 'string' && m.text !== '');
    // the current input was stored by ChatInput but reached us as plain text: drop it
    const inputStr = inputText(input);
    if (!inputId && kept.length) {
      const last = kept[kept.length - 1];
      if (roleOf(last) === 'user' && last.getText() === inputStr) kept = kept.slice(0, -1);
    }
    return kept.slice(-n).map((m) => ({ role: roleOf(m), content: m.getText() }));
  }

  async message_response(): Promise<Message> {
    const model = await this.chatModel();
    const tools = this.tools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    const input = this.params.input_value;
    const inputStr = inputText(input);
    const system = inputText(this.params.system_prompt);
    const messages: ChatMessage[] = [];
    if (system.trim()) messages.push({ role: 'system', content: system });
    messages.push(...(await this.history(input)));
    messages.push({ role: 'user', content: inputStr.trim() || (input instanceof Message && input.files?.length) ? await messageContent(this, input) : 'Continue the conversation.' });

    const toChat = this.isConnectedToChatOutput() && !!this.sessionId;
    const agentMsg = new Message({
      text: '',
      sender: 'Machine',
      sender_name: toChat ? 'AI' : this.displayName || 'Agent',
      session_id: this.sessionId || null,
      context_id: this.params.context_id || null,
      flow_id: this.ctx.flowId,
      properties: { icon: 'Bot', state: 'partial', source: { id: this.vertex?.id ?? null, display_name: this.displayName ?? null, source: model.model } },
      content_blocks: [{ title: 'Agent Steps', contents: [], allow_markdown: true, media_url: null }],
      model_name: model.model,
    });
    const steps = agentMsg.content_blocks[0].contents;
    steps.push({ type: 'text', text: inputStr || 'Continue the conversation.', duration: null, header: { title: 'Input', icon: 'MessageSquare' } });
    const publish = async () => {
      if (toChat && !this.ctx.signal.aborted) await this.storeMessage(agentMsg);
    };
    await publish();

    try {
      return await this.loop(model, messages, tools, byName, agentMsg, steps, publish, toChat);
    } catch (e) {
      // withdraw the half-built agent message (Langflow's remove_message)
      if (toChat && agentMsg.id && !this.ctx.signal.aborted) {
        await this.ctx.ports.messages.delete?.(agentMsg.id).catch(() => undefined);
        if (this.ctx.hasEventSink) this.ctx.emit('remove_message', { id: agentMsg.id });
      }
      throw e;
    }
  }

  private async loop(
    model: ChatModel,
    messages: ChatMessage[],
    tools: EngineTool[],
    byName: Map<string, EngineTool>,
    agentMsg: Message,
    steps: Record<string, any>[],
    publish: () => Promise<void>,
    toChat: boolean,
  ): Promise<Message> {
    const streamTokens = toChat && this.ctx.hasEventSink;
    const maxIter = Math.max(1, Number(this.params.max_iterations ?? 15) || 15);
    const specs = tools.map(toolSpec);
    let finalText: string | null = null;
    const t0 = Date.now();
    for (let iter = 0; iter < maxIter; iter++) {
      this.checkAborted();
      const res = await model.chat({
        messages,
        tools: specs.length ? specs : undefined,
        signal: this.ctx.signal,
        stream: streamTokens,
        onToken: streamTokens ? (chunk) => this.emitToken(chunk, agentMsg.id) : undefined,
      });
      if (!res.toolCalls.length) {
        finalText = res.text;
        break;
      }
      messages.push({ role: 'assistant', content: res.text || null, tool_calls: res.toolCalls });
      for (const call of res.toolCalls) {
        const out = await this.runTool(call, byName, steps, publish);
        messages.push({ role: 'tool', tool_call_id: call.id, name: call.name, content: out });
      }
    }
    const text = finalText ?? MAX_ITERATIONS_TEXT;
    steps.push({ type: 'text', text, duration: Date.now() - t0, header: { title: 'Output', icon: 'MessageSquare' } });
    agentMsg.text = text;
    agentMsg.properties = { ...agentMsg.properties, state: 'complete' };
    await publish();
    this.status = text;
    return agentMsg;
  }

  private async runTool(
    call: ToolCall,
    byName: Map<string, EngineTool>,
    steps: Record<string, any>[],
    publish: () => Promise<void>,
  ): Promise<string> {
    let args: Record<string, unknown> = {};
    let parseError: string | null = null;
    try {
      const parsed = call.arguments ? JSON.parse(call.arguments) : {};
      args = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { input: parsed };
    } catch (e: any) {
      parseError = `Error: could not parse the arguments of ${call.name} as JSON: ${e?.message ?? e}`;
    }
    const step: Record<string, any> = {
      type: 'tool_use',
      name: call.name,
      tool_input: args,
      output: null,
      error: null,
      duration: null,
      header: { title: `Accessing **${call.name}**`, icon: 'Hammer' },
    };
    steps.push(step);
    await publish();
    const started = Date.now();
    let out: string;
    const tool = byName.get(call.name);
    if (parseError) {
      out = parseError;
      step.error = parseError;
    } else if (!tool) {
      out = `Error: ${call.name} is not a valid tool, try one of [${[...byName.keys()].join(', ')}].`;
      step.error = out;
    } else {
      try {
        out = await tool.invoke(args, { signal: this.ctx.signal });
        step.output = out;
      } catch (e: any) {
        if (this.ctx.signal.aborted) throw e;
        out = `Error: ${e?.message ?? String(e)}`;
        step.error = out;
      }
    }
    step.duration = Date.now() - started;
    step.header = { title: `Executed **${call.name}**`, icon: 'Hammer' };
    await publish();
    return out;
  }
}
