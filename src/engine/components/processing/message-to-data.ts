import { Component } from '../../component/component';
import { MessageInput, Output } from '../../component/fields';
import { Data } from '../../schema/data';
import { Message } from '../../schema/message';

/** Message to Data (beta): the message fields as a Data. */
export class MessageToDataComponent extends Component {
  static override readonly meta = {
    name: 'MessagetoData',
    displayName: 'Message to Data',
    description: 'Convert a Message object to a Data object',
    icon: 'message-square-share',
    category: 'processing',
    beta: true,
    module: 'lfx.components.processing.message_to_data.MessageToDataComponent',
    modules: ['lfx.components.processing.message_to_data.MessageToDataComponent'],
    aliases: ['MessageToDataComponent'],
  };
  static override readonly inputs = [MessageInput({ name: 'message', display_name: 'Message', info: 'The Message object to convert to a Data object' })];
  static override readonly outputs = [Output({ display_name: 'Data', name: 'data', method: 'convert_message_to_data', types: ['Data'] })];

  convert_message_to_data(): Data {
    const m = this.params.message;
    if (m instanceof Message) return new Data({ ...m.data });
    const msg = 'Error converting Message to Data: Input must be a Message object';
    this.status = msg;
    return new Data({ error: msg });
  }
}
