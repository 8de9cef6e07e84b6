import { Component, setCurrentFields } from '../../component/component';
import { DropdownInput, HandleInput, IntInput, MessageTextInput, MultilineInput, Output, outputJson, TabInput } from '../../component/fields';
import { dataToText } from '../../schema/convert';
import { DataFrame } from '../../schema/dataframe';
import { formatTimestamp, Message } from '../../schema/message';

/** Message History: retrieve a session's messages (or store one) through the message store. */
export class MemoryComponent extends Component {
  static override readonly meta = {
    name: 'Memory',
    displayName: 'Message History',
    description: 'Stores or retrieves stored chat messages from Langflow tables or an external memory.',
    icon: 'message-square-more',
    category: 'models_and_agents',
    module: 'lfx.components.models_and_agents.memory.MemoryComponent',
    modules: ['lfx.components.models_and_agents.memory.MemoryComponent', 'lfx.components.helpers.memory.MemoryComponent'],
    aliases: ['MemoryComponent'],
    documentation: 'https://docs.langflow.org/components-helpers#message-history',
  };
  static override readonly inputs = [
    TabInput({ name: 'mode', display_name: 'Mode', options: ['Retrieve', 'Store'], value: 'Retrieve', info: 'Operation mode: Store messages or Retrieve messages.', real_time_refresh: true }),
    MessageTextInput({ name: 'message', display_name: 'Message', info: 'The chat message to be stored.', tool_mode: true, dynamic: true, show: false }),
    HandleInput({ name: 'memory', display_name: 'External Memory', input_types: ['Memory'], info: 'Retrieve messages from an external memory. If empty, it will use the Langflow tables.', advanced: true }),
    DropdownInput({ name: 'sender_type', display_name: 'Sender Type', options: ['Machine', 'User', 'Machine and User'], value: 'Machine and User', info: 'Filter by sender type.', advanced: true }),
    DropdownInput({ name: 'sender', display_name: 'Sender', options: ['Machine', 'User', 'Machine and User'], value: 'Machine', info: 'The sender of the message. Might be Machine or User. If empty, the current sender parameter will be used.', advanced: true }),
    MessageTextInput({ name: 'sender_name', display_name: 'Sender Name', info: 'Filter by sender name.', advanced: true, show: false }),
    IntInput({ name: 'n_messages', display_name: 'Number of Messages', value: 100, info: 'Number of messages to retrieve.', advanced: true, show: true }),
    MessageTextInput({ name: 'session_id', display_name: 'Session ID', info: 'The session ID of the chat. If empty, the current session ID parameter will be used.', value: '', advanced: true }),
    MessageTextInput({ name: 'context_id', display_name: 'Context ID', info: 'The context ID of the chat. Adds an extra layer to the local memory.', value: '', advanced: true }),
    DropdownInput({ name: 'order', display_name: 'Order', options: ['Ascending', 'Descending'], value: 'Ascending', info: 'Order of the messages.', advanced: true, tool_mode: true, required: true }),
    MultilineInput({ name: 'template', display_name: 'Template', info: 'The template to use for formatting the data. It can contain the keys {text}, {sender} or any other key in the message data.', value: '{sender_name}: {text}', advanced: true, show: false }),
  ];
  static override readonly outputs = [
    Output({ display_name: 'Message', name: 'messages_text', method: 'retrieve_messages_as_text', types: ['Message'], dynamic: true }),
    Output({ display_name: 'Dataframe', name: 'dataframe', method: 'retrieve_messages_dataframe', types: ['DataFrame'], dynamic: true }),
  ];

  static readonly modeConfig: Record<string, string[]> = {
    Store: ['message', 'memory', 'sender', 'sender_name', 'session_id', 'context_id'],
    Retrieve: ['n_messages', 'order', 'template', 'memory', 'session_id', 'context_id'],
  };

  static updateBuildConfig(node: Record<string, any>, field: string, value: unknown): void {
    if (field !== 'mode') return;
    setCurrentFields(node.template, MemoryComponent.modeConfig, String(value), ['mode', 'memory', 'session_id', 'context_id']);
    node.outputs =
      value === 'Store'
        ? [outputJson(Output({ display_name: 'Stored Messages', name: 'stored_messages', method: 'store_message', types: ['Message'], hidden: true, dynamic: true }))]
        : MemoryComponent.outputs.map(outputJson);
  }

  async retrieve_messages(): Promise<Message[]> {
    const p = this.params;
    let senderType: string | null = p.sender_type ?? null;
    if (senderType === 'Machine and User') senderType = null;
    const n = p.n_messages === undefined || p.n_messages === null || p.n_messages === '' ? 100 : Number(p.n_messages);
    if (n === 0) return [];
    const order = p.order === 'Descending' ? 'DESC' : 'ASC';
    const query = { sender: senderType, sender_name: p.sender_name || null, session_id: p.session_id || this.ctx.sessionId, context_id: p.context_id || null };
    if (!(n > 0)) return this.ctx.ports.messages.list({ ...query, order, limit: 10000 });
    // Langflow reads up to 10,000 rows in `order` and keeps the last n. Reading n rows in the
    // opposite order and reversing them gives the same messages without scanning long sessions.
    const stored = await this.ctx.ports.messages.list({ ...query, order: order === 'ASC' ? 'DESC' : 'ASC', limit: n });
    stored.reverse();
    return stored;
  }

  async retrieve_messages_as_text(): Promise<Message> {
    const stored = await this.retrieve_messages();
    return new Message({ text: dataToText(this.params.template ?? '{sender_name}: {text}', stored) });
  }

  async retrieve_messages_dataframe(): Promise<DataFrame> {
    return new DataFrame(await this.retrieve_messages());
  }

  async store_message(): Promise<Message> {
    const p = this.params;
    const m = p.message instanceof Message ? p.message : new Message({ text: p.message ?? '', timestamp: formatTimestamp(this.ctx.ports.clock.now()) });
    m.context_id = p.context_id || m.context_id;
    m.session_id = p.session_id || m.session_id || this.ctx.sessionId;
    m.sender = p.sender || m.sender || 'Machine';
    m.sender_name = p.sender_name || m.sender_name || 'AI';
    m.flow_id = this.ctx.flowId;
    await this.storeMessage(m);
    const stored = await this.ctx.ports.messages.list({ session_id: m.session_id, context_id: m.context_id, sender_name: m.sender_name, sender: m.sender });
    if (!stored.length) throw new Error('No messages were stored. Please ensure that the session ID and sender are properly set.');
    this.status = stored[0];
    return stored[0];
  }
}
