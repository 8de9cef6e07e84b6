import { Component } from '../../component/component';
import { DataInput, MultilineInput, Output, StrInput } from '../../component/fields';
import { dataToText } from '../../schema/convert';
import { Data } from '../../schema/data';
import { Message } from '../../schema/message';

/** Data to Message (legacy "Parse Data"): formats each Data with the template, joined by `sep`. */
export class ParseDataComponent extends Component {
  static override readonly meta = {
    name: 'ParseData',
    displayName: 'Data to Message',
    description: 'Convert Data objects into Messages using any {field_name} from input data.',
    icon: 'message-square',
    category: 'processing',
    legacy: true,
    module: 'lfx.components.processing.parse_data.ParseDataComponent',
    modules: ['lfx.components.processing.parse_data.ParseDataComponent'],
    aliases: ['ParseDataComponent'],
  };
  static override readonly inputs = [
    DataInput({ name: 'data', display_name: 'Data', info: 'The data to convert to text.', is_list: true, required: true }),
    MultilineInput({ name: 'template', display_name: 'Template', info: 'The template to use for formatting the data. It can contain the keys {text}, {data} or any other key in the Data.', value: '{text}', required: true }),
    StrInput({ name: 'sep', display_name: 'Separator', advanced: true, value: '\n' }),
  ];
  static override readonly outputs = [
    Output({ display_name: 'Message', name: 'text', method: 'parse_data', types: ['Message'], info: 'Data as a single Message, with each input Data separated by Separator' }),
    Output({ display_name: 'Data List', name: 'data_list', method: 'parse_data_as_list', types: ['Data'], info: 'Data as a list of new Data, each having `text` formatted by Template' }),
  ];

  private list(): Data[] {
    const d = this.params.data;
    return (Array.isArray(d) ? d : [d]).filter((x) => x !== undefined && x !== null);
  }

  parse_data(): Message {
    const text = dataToText(this.params.template ?? '{text}', this.list(), this.params.sep ?? '\n');
    this.status = text;
    return new Message({ text });
  }

  parse_data_as_list(): Data[] {
    const out = this.list().map((d) => {
      const n = new Data({ ...d.data }, d.textKey, d.defaultValue);
      n.data[d.textKey] = dataToText(this.params.template ?? '{text}', d);
      return n;
    });
    this.status = out;
    return out;
  }
}
