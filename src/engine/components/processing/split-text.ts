import { CharacterTextSplitter } from '@langchain/textsplitters';
import { Component } from '../../component/component';
import { DropdownInput, HandleInput, IntInput, MessageTextInput, Output } from '../../component/fields';
import { messageToData } from '../../schema/convert';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';

/** Split Text: LangChain CharacterTextSplitter over Data / DataFrame / Message inputs → DataFrame of chunks. */
export class SplitTextComponent extends Component {
  static override readonly meta = {
    name: 'SplitText',
    displayName: 'Split Text',
    description: 'Split text into chunks based on specified criteria.',
    icon: 'scissors-line-dashed',
    category: 'processing',
    module: 'lfx.components.processing.split_text.SplitTextComponent',
    modules: ['lfx.components.processing.split_text.SplitTextComponent'],
    aliases: ['SplitTextComponent'],
    documentation: 'https://docs.langflow.org/components-processing#split-text',
  };
  static override readonly inputs = [
    HandleInput({ name: 'data_inputs', display_name: 'Input', info: 'The data with texts to split in chunks.', input_types: ['Data', 'DataFrame', 'Message'], required: true }),
    IntInput({ name: 'chunk_overlap', display_name: 'Chunk Overlap', info: 'Number of characters to overlap between chunks.', value: 200 }),
    IntInput({ name: 'chunk_size', display_name: 'Chunk Size', info: "The maximum length of each chunk. Text is first split by separator, then chunks are merged up to this size. Individual splits larger than this won't be further divided.", value: 1000 }),
    MessageTextInput({ name: 'separator', display_name: 'Separator', info: 'The character to split on. Use \\n for newline. Examples: \\n\\n for paragraphs, \\n for lines, . for sentences', value: '\n' }),
    MessageTextInput({ name: 'text_key', display_name: 'Text Key', info: 'The key to use for the text column.', value: 'text', advanced: true }),
    DropdownInput({ name: 'keep_separator', display_name: 'Keep Separator', info: 'Whether to keep the separator in the output chunks and where to place it.', options: ['False', 'True', 'Start', 'End'], value: 'False', advanced: true }),
  ];
  static override readonly outputs = [Output({ display_name: 'Chunks', name: 'dataframe', method: 'split_text', types: ['DataFrame'] })];

  private inputs(): Data[] {
    const v = this.params.data_inputs;
    const items = Array.isArray(v) ? v : [v];
    const out: Data[] = [];
    for (const x of items) {
      if (x instanceof DataFrame) out.push(...x.toDataList());
      else if (x instanceof Message) out.push(messageToData(x));
      else if (x instanceof Data) out.push(x);
      else if (typeof x === 'string') out.push(new Data({ text: x }));
      else if (x !== undefined && x !== null) throw new TypeError(`Unsupported input type: ${typeof x}`);
    }
    return out;
  }

  async split_text(): Promise<DataFrame> {
    const p = this.params;
    let sep: string = p.separator ?? '\n';
    sep = sep.replace(/\/n/g, '\n').replace(/\\n/g, '\n');
    const keep = String(p.keep_separator ?? 'False');
    const splitter = new CharacterTextSplitter({
      separator: sep,
      chunkSize: Number(p.chunk_size ?? 1000),
      chunkOverlap: Number(p.chunk_overlap ?? 200),
      keepSeparator: keep === 'True' || keep === 'Start' || keep === 'End',
    });
    const textKey: string = p.text_key || 'text';
    const rows: Record<string, unknown>[] = [];
    for (const d of this.inputs()) {
      const meta = { ...d.data };
      const text = textKey in meta ? meta[textKey] : d.defaultValue;
      delete meta[textKey];
      const chunks = await splitter.splitText(typeof text === 'string' ? text : String(text ?? ''));
      for (const c of chunks) rows.push({ ...meta, [textKey]: keep === 'End' && !c.endsWith(sep) ? c : c });
    }
    const df = new DataFrame(rows, textKey);
    this.status = df;
    return df;
  }
}
