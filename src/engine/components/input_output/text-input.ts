import { Component } from '../../component/component';
import { MultilineInput, Output } from '../../component/fields';
import { Message } from '../../schema/message';

export class TextInput extends Component {
  static override readonly meta = {
    name: 'TextInput',
    displayName: 'Text Input',
    description: 'Get user text inputs.',
    icon: 'type',
    category: 'input_output',
    module: 'lfx.components.input_output.text.TextInputComponent',
    modules: ['lfx.components.input_output.text.TextInputComponent'],
    aliases: ['TextInputComponent'],
    isInput: true,
    documentation: 'https://docs.langflow.org/components-io#text-input',
  };
  static override readonly inputs = [MultilineInput({ name: 'input_value', display_name: 'Text', info: 'Text to be passed as input.' })];
  static override readonly outputs = [Output({ display_name: 'Output Text', name: 'text', method: 'text_response', types: ['Message'] })];

  text_response(): Message {
    const m = new Message({ text: this.params.input_value ?? '' });
    this.status = m;
    return m;
  }
}
