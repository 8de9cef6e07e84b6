import { Component } from '../../component/component';
import { HandleInput, Output } from '../../component/fields';
import { messageToData } from '../../schema/convert';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';

/**
 * Loop: emits one item of `data` per iteration on `item`; what comes back on the `item` handle
 * (the loop body's last output, wired into the looping output) is aggregated; when the items are
 * exhausted `item` is switched off and `done` returns the aggregated DataFrame.
 * State lives in the run's shared state under `<id>_data|_index|_aggregated|_initialized`.
 */
export class LoopComponent extends Component {
  static override readonly meta = {
    name: 'LoopComponent',
    displayName: 'Loop',
    description:
      'Iterates over a list of Data or Message objects, outputting one item at a time and aggregating results from loop inputs. Message objects are automatically converted to Data objects for consistent processing.',
    icon: 'infinity',
    category: 'flow_controls',
    module: 'lfx.components.flow_controls.loop.LoopComponent',
    modules: ['lfx.components.flow_controls.loop.LoopComponent', 'lfx.components.logic.loop.LoopComponent'],
    documentation: 'https://docs.langflow.org/loop',
  };
  static override readonly inputs = [
    HandleInput({ name: 'data', display_name: 'Inputs', info: 'The initial DataFrame to iterate over.', input_types: ['DataFrame'] }),
  ];
  static override readonly outputs = [
    Output({ display_name: 'Item', name: 'item', method: 'item_output', types: ['Data'], allows_loop: true, loop_types: ['Message'], group_outputs: true }),
    Output({ display_name: 'Done', name: 'done', method: 'done_output', types: ['DataFrame'], group_outputs: true }),
  ];

  private key(k: string): string {
    return `${this.vertex.id}_${k}`;
  }
  private get<T>(k: string, d: T): T {
    const s = this.ctx.state;
    return s.has(this.key(k)) ? (s.get(this.key(k)) as T) : d;
  }
  private set(k: string, v: unknown): void {
    this.ctx.state.set(this.key(k), v);
  }

  private initialize(): void {
    if (this.get('initialized', false)) return;
    this.set('data', toDataList(this.params.data));
    this.set('index', 0);
    this.set('aggregated', []);
    this.set('initialized', true);
  }

  private finished(): boolean {
    return this.get('index', 0) > this.get<Data[]>('data', []).length;
  }

  item_output(): Data {
    this.initialize();
    let current = new Data({ text: '' });
    if (this.finished()) {
      this.stop('item');
    } else {
      const list = this.get<Data[]>('data', []);
      const index = this.get('index', 0);
      if (index < list.length) current = list[index];
      this.aggregate();
      this.set('index', index + 1);
    }
    return current;
  }

  done_output(): DataFrame {
    this.initialize();
    if (this.finished()) {
      this.stop('item');
      this.start('done');
      return new DataFrame(this.get<Data[]>('aggregated', []));
    }
    this.stop('done');
    return new DataFrame([]);
  }

  private aggregate(): void {
    const list = this.get<Data[]>('data', []);
    const agg = this.get<Data[]>('aggregated', []);
    let v = this.params.item;
    if (v !== null && v !== undefined && typeof v !== 'string' && agg.length <= list.length) {
      if (v instanceof Message) v = messageToData(v);
      agg.push(v);
      this.set('aggregated', agg);
    }
  }
}

function toDataList(v: unknown): Data[] {
  if (v instanceof DataFrame) return v.toDataList();
  if (v instanceof Message) return [messageToData(v)];
  if (v instanceof Data) return [v];
  if (Array.isArray(v) && v.every((x) => x instanceof Data)) return v.map((x) => (x instanceof Message ? messageToData(x) : x));
  throw new TypeError("The 'data' input must be a DataFrame, a list of Data/Message objects, or a single Data/Message object.");
}
