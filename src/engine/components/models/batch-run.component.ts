import { Component, ComponentMeta } from '../../component/component';
import { BoolInput, DataFrameInput, MessageTextInput, MultilineInput, Output } from '../../component/fields';
import { DataFrame } from '../../schema/dataframe';
import { toDataFrame } from '../../schema/convert';
import { pyStr } from '../../schema/py';
import { buildChatModel } from '../../llm/model-config';
import { inputText, llmContext } from './llm-support';
import { apiKeyField, modelField } from './model-fields';

const CONCURRENCY = 4;

/** Batch Run (`BatchRunComponent`): one model call per DataFrame row, answers in a new column. */
export class BatchRunComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'BatchRunComponent',
    displayName: 'Batch Run',
    description: 'Runs an LLM on each row of a DataFrame column. If no column is specified, all columns are used.',
    icon: 'List',
    category: 'llm_operations',
    modules: ['lfx.components.llm_operations.batch_run.BatchRunComponent', 'lfx.components.processing.batch_run.BatchRunComponent'],
    module: 'lfx.components.llm_operations.batch_run.BatchRunComponent',
  };
  static override readonly inputs = [
    modelField(),
    apiKeyField(),
    MultilineInput({ name: 'system_message', display_name: 'Instructions', info: 'Multi-line system instruction for all rows in the DataFrame.', required: false }),
    DataFrameInput({ name: 'df', display_name: 'DataFrame', info: 'The DataFrame whose column (specified in column_name) we will treat as text messages.', required: true }),
    MessageTextInput({ name: 'column_name', display_name: 'Column Name', info: 'The name of the DataFrame column to treat as text messages. If empty, all columns will be formatted in TOML.', required: false, advanced: false }),
    MessageTextInput({ name: 'output_column_name', display_name: 'Output Column Name', value: 'model_response', info: 'Name of the column where the model\'s response will be stored.', required: false, advanced: true }),
    BoolInput({ name: 'enable_metadata', display_name: 'Enable Metadata', value: false, info: 'If True, add metadata to the output DataFrame.', advanced: true, required: false }),
  ];
  static override readonly outputs = [Output({ name: 'batch_results', display_name: 'LLM Results', method: 'run_batch', types: ['DataFrame'], info: 'A DataFrame with all original columns plus the model\'s response column.' })];

  async run_batch(): Promise<DataFrame> {
    const df = toDataFrame(this.params.df ?? []);
    const column = inputText(this.params.column_name).trim();
    const outCol = inputText(this.params.output_column_name).trim() || 'model_response';
    if (column && df.rows.length && !df.columns.includes(column)) {
      throw new Error(`Column '${column}' not found in the DataFrame. Available columns: ${df.columns.join(', ')}`);
    }
    const model = await buildChatModel(this.params, llmContext(this));
    const system = inputText(this.params.system_message);
    const results: Record<string, unknown>[] = new Array(df.rows.length);
    let next = 0;
    const worker = async () => {
      while (next < df.rows.length) {
        const i = next++;
        this.checkAborted();
        const row = df.rows[i];
        const text = column ? pyStr(row[column] ?? '') : Object.entries(row).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n');
        const out: Record<string, unknown> = { ...row };
        try {
          const res = await model.chat({
            messages: [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: text }],
            signal: this.ctx.signal,
          });
          out[outCol] = res.text;
          if (this.params.enable_metadata) out.metadata = { has_system_message: !!system, input_column: column || null, model: model.model, processing_status: 'success', usage: res.usage ?? null };
        } catch (e: any) {
          if (this.ctx.signal.aborted) throw e;
          out[outCol] = '';
          if (this.params.enable_metadata) out.metadata = { processing_status: 'failed', error: String(e?.message ?? e) };
          else throw e;
        }
        results[i] = out;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, Math.max(1, df.rows.length)) }, worker));
    const res = new DataFrame(results);
    this.status = res.rows;
    return res;
  }
}
