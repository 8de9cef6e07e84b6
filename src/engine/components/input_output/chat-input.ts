import { Component } from '../../component/component';
import { BoolInput, DropdownInput, FileInput, MessageTextInput, MultilineInput, Output } from '../../component/fields';
import { formatTimestamp, Message } from '../../schema/message';

/** Chat Input: the request's `input_value` as a User message, stored in the session history. */
export class ChatInput extends Component {
  static override readonly meta = {
    name: 'ChatInput',
    displayName: 'Chat Input',
    description: 'Get chat inputs from the Playground.',
    icon: 'MessagesSquare',
    category: 'input_output',
    module: 'lfx.components.input_output.chat.ChatInput',
    modules: ['lfx.components.input_output.chat.ChatInput', 'langflow.components.inputs.ChatInput'],
    isInput: true,
    documentation: 'https://docs.langflow.org/components-io#chat-input',
  };
  static override readonly inputs = [
    MultilineInput({ name: 'input_value', display_name: 'Input Text', value: '', info: 'Message to be passed as input.', input_types: [] }),
    BoolInput({ name: 'should_store_message', display_name: 'Store Messages', info: 'Store the message in the history.', value: true, advanced: true }),
    DropdownInput({ name: 'sender', display_name: 'Sender Type', options: ['Machine', 'User'], value: 'User', info: 'Type of sender.', advanced: true }),
    MessageTextInput({ name: 'sender_name', display_name: 'Sender Name', info: 'Name of the sender.', value: 'User', advanced: true }),
    MessageTextInput({ name: 'session_id', display_name: 'Session ID', info: 'The session ID of the chat. If empty, the current session ID parameter will be used.', advanced: true }),
    MessageTextInput({ name: 'context_id', display_name: 'Context ID', info: 'The context ID of the chat. Adds an extra layer to the local memory.', value: '', advanced: true }),
FileInput({ name: 'files', display_name: 'Files', info: 'Files to be sent with the message.', advanced: true, list: true, temp_file: true }),
    MessageTextInput({ name: 'background_color', display_name: 'Background Color', info: 'The background color of the icon.', advanced: true }),
    MessageTextInput({ name: 'chat_icon', display_name: 'Icon', info: 'The icon of the message.', advanced: true }),
    MessageTextInput({ name: 'text_color', display_name: 'Text Color', info: 'The text color of the name', advanced: true }),
  ];
  static override readonly outputs = [Output({ display_name: 'Chat Message', name: 'message', method: 'message_response', types: ['Message'] })];

  async message_response(): Promise<Message> {
    const p = this.params;
    const files = Array.isArray(p.files) ? p.files : p.files ? [p.files] : [];
    let message = new Message({
      text: typeof p.input_value === 'string' ? p.input_value : p.input_value == null ? '' : String(p.input_value),
      sender: p.sender,
      sender_name: p.sender_name,
      session_id: p.session_id || this.ctx.sessionId,
      context_id: p.context_id || null,
      files,
      flow_id: this.ctx.flowId,
      timestamp: formatTimestamp(this.ctx.ports.clock.now()),
      properties: { background_color: p.background_color ?? '', text_color: p.text_color ?? '', icon: p.chat_icon ?? '' },
    });
    if (message.session_id && p.should_store_message !== false) message = await this.storeMessage(message);
    this.status = message;
    return message;
  }
}
