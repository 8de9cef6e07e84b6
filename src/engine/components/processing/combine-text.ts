import { Component } from '../../component/component';
import { MessageTextInput, Output } from '../../component/fields';
import { Message } from '../../schema/message';

export class CombineTextComponent extends Component {
  static override readonly meta = {
    name: 'CombineText',
    displayName: 'Combine Text',
    description: 'Concatenate two text sources into a single text chunk using a specified delimiter.',
    icon: 'merge',
    category: 'processing',
    module: 'lfx.components.processing.combine_text.CombineTextComponent',
    modules: ['lfx.components.processing.combine_text.CombineTextComponent'],
    aliases: ['CombineTextComponent'],
  };
  static override readonly inputs = [
    MessageTextInput({ name: 'text1', display_name: 'First Text', info: 'The first text input to concatenate.' }),
    MessageTextInput({ name: 'text2', display_name: 'Second Text', info: 'The second text input to concatenate.' }),
    MessageTextInput({ name: 'delimiter', display_name: 'Delimiter', info: 'A string used to separate the two text inputs. Defaults to a whitespace.', value: ' ' }),
  ];
  static override readonly outputs = [Output({ display_name: 'Combined Text', name: 'combined_text', method: 'combine_texts', types: ['Message'] })];

  combine_texts(): Message {
    const p = this.params;
    const text = [p.text1 ?? '', p.text2 ?? ''].join(p.delimiter ?? ' ');
    this.status = text;
    return new Message({ text });
  }
}
