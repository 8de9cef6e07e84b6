import { Component } from '../../component/component';
import { MultilineInput, Output } from '../../component/fields';
import { Message } from '../../schema/message';

export class TextOutput extends Component {
  static override readonly meta = {
    name: 'TextOutput',
    displayName: 'Text Output',
    description: 'Sends text output via API.',
    icon: 'type',
    category: 'input_output',
    module: 'lfx.components.input_output.text_output.TextOutputComponent',
    modules: ['lfx.components.input_output.text_output.TextOutputComponent'],
    aliases: ['TextOutputComponent'],
    isOutput: true,
    documentation: 'https://docs.langflow.org/components-io#text-output',
  };
  static override readonly inputs = [MultilineInput({ name: 'input_value', display_name: 'Inputs', info: 'Text to be passed as output.' })];
  static override readonly outputs = [Output({ display_name: 'Output Text', name: 'text', method: 'text_response', types: ['Message'] })];

  text_response(): Message {
    const m = new Message({ text: this.params.input_value ?? '' });
    this.status = m;
    return m;
  }
}
