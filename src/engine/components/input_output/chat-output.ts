import { Component } from '../../component/component';
import { BoolInput, DropdownInput, MessageInput, MessageTextInput, Output } from '../../component/fields';
import { safeConvert } from '../../schema/convert';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { formatTimestamp, Message } from '../../schema/message';

/** Chat Output: shows (and stores) the incoming value as a Machine message. */
export class ChatOutput extends Component {
  static override readonly meta = {
    name: 'ChatOutput',
    displayName: 'Chat Output',
    description: 'Display a chat message in the Playground.',
    icon: 'MessagesSquare',
    category: 'input_output',
    module: 'lfx.components.input_output.chat_output.ChatOutput',
    modules: ['lfx.components.input_output.chat_output.ChatOutput'],
    isOutput: true,
    documentation: 'https://docs.langflow.org/components-io#chat-output',
  };
  static override readonly inputs = [
    MessageInput({ name: 'input_value', display_name: 'Inputs', info: 'Message to be passed as output.', input_types: ['Data', 'DataFrame', 'Message'], required: true }),
    BoolInput({ name: 'should_store_message', display_name: 'Store Messages', info: 'Store the message in the history.', value: true, advanced: true }),
    DropdownInput({ name: 'sender', display_name: 'Sender Type', options: ['Machine', 'User'], value: 'Machine', advanced: true, info: 'Type of sender.' }),
    MessageTextInput({ name: 'sender_name', display_name: 'Sender Name', info: 'Name of the sender.', value: 'AI', advanced: true }),
    MessageTextInput({ name: 'session_id', display_name: 'Session ID', info: 'The session ID of the chat. If empty, the current session ID parameter will be used.', advanced: true }),
    MessageTextInput({ name: 'context_id', display_name: 'Context ID', info: 'The context ID of the chat. Adds an extra layer to the local memory.', value: '', advanced: true }),
    MessageTextInput({ name: 'data_template', display_name: 'Data Template', value: '{text}', advanced: true, info: "Template to convert Data to Text. If left empty, it will be dynamically set to the Data's text key." }),
    MessageTextInput({ name: 'background_color', display_name: 'Background Color', info: 'The background color of the icon.', advanced: true }),
    MessageTextInput({ name: 'chat_icon', display_name: 'Icon', info: 'The icon of the message.', advanced: true }),
    MessageTextInput({ name: 'text_color', display_name: 'Text Color', info: 'The text color of the name', advanced: true }),
    BoolInput({ name: 'clean_data', display_name: 'Basic Clean Data', value: true, advanced: true, info: 'Whether to clean data before converting to string.' }),
  ];
  static override readonly outputs = [Output({ display_name: 'Output Message', name: 'message', method: 'message_response', types: ['Message'] })];

  private convertToString(): string | AsyncIterable<string> {
    const v = this.params.input_value;
    if (v === null || v === undefined) throw new Error('Input data cannot be None');
    if (Array.isArray(v)) {
      const bad = v.filter((x) => !(x instanceof Data || x instanceof DataFrame || typeof x === 'string'));
      if (bad.length) throw new TypeError(`Expected Data or DataFrame or Message or str, got ${bad.map(typeName).join(', ')}`);
      return v.map((x) => safeConvert(x, !!this.params.clean_data)).join('\n');
    }
    if (v instanceof Message && v.isStream) return v.text;
    if (!(v instanceof Data || v instanceof DataFrame || typeof v === 'string')) {
      throw new TypeError(`Expected Data or DataFrame or Message or str, Generator or None, got ${typeName(v)}`);
    }
    return safeConvert(v);
  }

  private connectedToChatInput(): boolean {
    return this.vertex.incoming.some((e) => e.targetField === 'input_value' && e.sourceType === 'ChatInput');
  }

  async message_response(): Promise<Message> {
    const p = this.params;
    const text = this.convertToString();
    const src = this.vertex.incoming.find((e) => e.targetField === 'input_value');
    let message: Message;
    let existingSession: string | null = null;
    const input = p.input_value;
    if (input instanceof Message && !this.connectedToChatInput()) {
      message = input;
      message.text = text;
      existingSession = message.session_id;
      if (!message.id) message.timestamp = formatTimestamp(this.ctx.ports.clock.now());
    } else {
      message = new Message({ text, timestamp: formatTimestamp(this.ctx.ports.clock.now()) });
    }
    message.sender = p.sender;
    message.sender_name = p.sender_name;
    message.session_id = p.session_id || existingSession || this.ctx.sessionId || '';
    message.context_id = p.context_id || null;
    message.flow_id = this.ctx.flowId;
    // Langflow names the upstream model (if any) as the source; LLM components put it in their message's source
    const model = input instanceof Message ? input.properties?.source?.source ?? (input.extra?.model_name as string | undefined) ?? null : null;
    if (p.background_color) message.properties.background_color = p.background_color;
    if (p.text_color) message.properties.text_color = p.text_color;
    if (p.chat_icon) message.properties.icon = p.chat_icon;
    message.properties.source = { id: src?.sourceId ?? null, display_name: src?.sourceDisplayName ?? null, source: model };
    if (message.session_id && p.should_store_message !== false) message = await this.storeMessage(message);
    this.status = message;
    return message;
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v === 'boolean' ? 'bool' : typeof v;
}
