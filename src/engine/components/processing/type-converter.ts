import { Component } from '../../component/component';
import { BoolInput, HandleInput, Output, outputJson, TabInput } from '../../component/fields';
import { toData, toDataFrame, toMessage } from '../../schema/convert';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { parseCsv } from '../files_and_knowledge/csv';

/** Type Convert: Message / Data / DataFrame → the type chosen in `output_type` (§3.4 rules). */
export class TypeConverterComponent extends Component {
  static override readonly meta = {
    name: 'TypeConverterComponent',
    displayName: 'Type Convert',
    description: 'Convert between different types (Message, Data, DataFrame)',
    icon: 'repeat',
    category: 'processing',
    module: 'lfx.components.processing.converter.TypeConverterComponent',
    modules: ['lfx.components.processing.converter.TypeConverterComponent'],
    documentation: 'https://docs.langflow.org/components-processing#type-convert',
    baseClasses: ['Message'],
  };
  static override readonly inputs = [
    HandleInput({ name: 'input_data', display_name: 'Input', input_types: ['Message', 'Data', 'DataFrame'], info: 'Accept Message, Data or DataFrame as input', required: true }),
    BoolInput({ name: 'auto_parse', display_name: 'Auto Parse', info: 'Detect and convert JSON/CSV strings automatically.', advanced: true, value: false, required: false }),
    TabInput({ name: 'output_type', display_name: 'Output Type', options: ['Message', 'Data', 'DataFrame'], info: 'Select the desired output data type', real_time_refresh: true, value: 'Message' }),
  ];
  /** Langflow declares only the Message output; the node's outputs switch with `output_type`. */
  static override readonly outputs = [Output({ display_name: 'Message Output', name: 'message_output', method: 'convert_to_message', types: ['Message'] })];
  /** The alternatives the UI swaps in. */
  static readonly alternativeOutputs = [
    Output({ display_name: 'Data Output', name: 'data_output', method: 'convert_to_data', types: ['Data'] }),
    Output({ display_name: 'DataFrame Output', name: 'dataframe_output', method: 'convert_to_dataframe', types: ['DataFrame'] }),
  ];

  static updateBuildConfig(node: Record<string, any>, field: string, value: unknown): void {
    if (field !== 'output_type') return;
    const all = [...TypeConverterComponent.outputs, ...TypeConverterComponent.alternativeOutputs];
    const want = value === 'Data' ? 'data_output' : value === 'DataFrame' ? 'dataframe_output' : 'message_output';
    node.outputs = all.filter((o) => o.name === want).map(outputJson);
  }

  private input(): unknown {
    const v = this.params.input_data;
    const x = Array.isArray(v) ? v[0] : v;
    return typeof x === 'string' ? new Message({ text: x }) : x;
  }

  convert_to_message(): Message {
    const r = toMessage(this.input());
    this.status = r;
    return r;
  }

  convert_to_data(): Data {
    const v = this.input();
    let r: Data | undefined;
    if (this.params.auto_parse && v instanceof Message) {
      const parsed = tryJson(v.getText());
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) r = new Data(parsed as Record<string, unknown>);
    }
    r ??= toData(v);
    this.status = r;
    return r;
  }

  convert_to_dataframe(): DataFrame {
    const v = this.input();
    let r: DataFrame | undefined;
    if (this.params.auto_parse && v instanceof Message) {
      const t = v.getText();
      const parsed = tryJson(t);
      if (Array.isArray(parsed)) r = new DataFrame(parsed.filter((x) => x && typeof x === 'object'));
      else if (parsed && typeof parsed === 'object') r = new DataFrame([parsed as Record<string, unknown>]);
      else if (t.includes(',') && t.includes('\n')) r = new DataFrame(parseCsv(t));
    }
    r ??= toDataFrame(v);
    this.status = r;
    return r;
  }
}

function tryJson(s: string): unknown {
  const t = s.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}
