import { Component } from '../../component/component';
import { BoolInput, HandleInput, MessageTextInput, MultilineInput, Output, TabInput } from '../../component/fields';
import { formatMap, safeConvert } from '../../schema/convert';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';

/** Parser: format each DataFrame row / a Data with a template, or stringify the input. */
export class ParserComponent extends Component {
  static override readonly meta = {
    name: 'ParserComponent',
    displayName: 'Parser',
    description: 'Extracts text using a template.',
    icon: 'braces',
    category: 'processing',
    module: 'lfx.components.processing.parser.ParserComponent',
    modules: ['lfx.components.processing.parser.ParserComponent'],
    aliases: ['parser'],
    documentation: 'https://docs.langflow.org/components-processing#parser',
  };
  static override readonly inputs = [
    TabInput({ name: 'mode', display_name: 'Mode', options: ['Parser', 'Stringify'], value: 'Parser', info: 'Convert into raw string instead of using a template.', real_time_refresh: true }),
    MultilineInput({ name: 'pattern', display_name: 'Template', value: 'Text: {text}', dynamic: true, show: true, required: true, info: 'Use variables within curly brackets to extract column values for DataFrames or key values for Data.For example: `Name: {Name}, Age: {Age}, Country: {Country}`' }),
    HandleInput({ name: 'input_data', display_name: 'Data or DataFrame', input_types: ['DataFrame', 'Data'], info: 'Accepts either a DataFrame or a Data object.', required: true }),
    MessageTextInput({ name: 'sep', display_name: 'Separator', advanced: true, value: '\n', info: 'String used to separate rows/items.' }),
    BoolInput({ name: 'clean_data', display_name: 'Clean Data', value: true, advanced: true, info: 'Enable to clean the data by removing empty rows and lines in each cell of the DataFrame/ Data object.', show: false }),
  ];
  static override readonly outputs = [Output({ display_name: 'Parsed Text', name: 'parsed_text', method: 'parse_combined_text', types: ['Message'] })];

  static updateBuildConfig(node: Record<string, any>, field: string, value: unknown): void {
    if (field !== 'mode') return;
    const t = node.template;
    const parser = value !== 'Stringify';
    if (t.pattern) Object.assign(t.pattern, { show: parser, required: parser });
    if (!parser) t.clean_data = { ...ParserComponent.inputs.find((f) => f.name === 'clean_data')!, show: true, value: true };
    else delete t.clean_data;
  }

  parse_combined_text(): Message {
    const p = this.params;
    if (p.mode === 'Stringify') return this.convert_to_string();
    const input = p.input_data;
    const pattern: string = p.pattern ?? '';
    const lines: string[] = [];
    if (Array.isArray(input)) {
      if (input.every((x) => x instanceof Data)) throw new Error('List of Data objects is not supported.');
    }
    if (input instanceof DataFrame) {
      for (const row of input.rows) lines.push(formatMap(pattern, row, (k) => { throw new Error(`'${k}'`); }));
    } else if (input instanceof Data) {
      lines.push(formatMap(pattern, input.data, () => input.defaultValue || ''));
    } else {
      const t = input === null || input === undefined ? 'NoneType' : Array.isArray(input) ? 'list' : typeof input === 'string' ? 'str' : (input as object).constructor?.name;
      throw new Error(`Unsupported input type: <class '${t}'>. Expected DataFrame or Data.`);
    }
    const text = lines.join(p.sep ?? '\n');
    this.status = text;
    return new Message({ text });
  }

  convert_to_string(): Message {
    const p = this.params;
    const input = p.input_data;
    const text = Array.isArray(input) ? input.map((x) => safeConvert(x, !!p.clean_data)).join('\n') : safeConvert(input ?? false);
    this.log(`Converted to string with length: ${text.length}`);
    const m = new Message({ text });
    this.status = m;
    return m;
  }
}
