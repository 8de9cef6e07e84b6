import { Component } from '../component/component';
import { BoolInput, HandleInput, IntInput, MessageTextInput, Output } from '../component/fields';
import { Message } from '../schema/message';
import { toPromptText } from '../schema/convert';

/** Test/bench helper: passes its input through as a Message (text = input text + suffix). */
export class PassThrough extends Component {
  static override readonly meta = { name: 'PassThrough', displayName: 'Pass Through', description: 'Test component.', category: 'testing' };
  static override readonly inputs = [
    HandleInput({ name: 'input_value', display_name: 'Input', input_types: ['Message', 'Data'], list: true }),
    MessageTextInput({ name: 'suffix', display_name: 'Suffix', value: '' }),
  ];
  static override readonly outputs = [Output({ name: 'output', display_name: 'Output', method: 'pass', types: ['Message'] })];
  static builds = 0;
  pass(): Message {
    PassThrough.builds++;
    const v = this.params.input_value;
    const text = Array.isArray(v) ? v.map(toPromptText).join('|') : toPromptText(v);
    return new Message({ text: text + (this.params.suffix ?? '') });
  }
}

/** Test helper: waits `delay_ms` (abortable) and records start/end order. */
export class Slow extends Component {
  static override readonly meta = { name: 'Slow', displayName: 'Slow', description: 'Test component.', category: 'testing' };
  static override readonly inputs = [
    HandleInput({ name: 'input_value', display_name: 'Input', input_types: ['Message'] }),
    IntInput({ name: 'delay_ms', display_name: 'Delay', value: 20 }),
    MessageTextInput({ name: 'label', display_name: 'Label', value: '' }),
  ];
  static override readonly outputs = [Output({ name: 'output', display_name: 'Output', method: 'run_slow', types: ['Message'] })];
  static log: string[] = [];
  async run_slow(): Promise<Message> {
    const label = this.params.label || this.vertex.id;
    Slow.log.push(`start:${label}`);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, Number(this.params.delay_ms));
      this.ctx.signal.addEventListener('abort', () => {
        clearTimeout(t);
        reject(this.ctx.signal.reason ?? new Error('aborted'));
      }, { once: true });
    });
    Slow.log.push(`end:${label}`);
    return new Message({ text: label });
  }
}

/** Test helper: always throws. */
export class Boom extends Component {
  static override readonly meta = { name: 'Boom', displayName: 'Boom', description: 'Test component.', category: 'testing' };
  static override readonly inputs = [HandleInput({ name: 'input_value', display_name: 'Input', input_types: ['Message'] })];
  static override readonly outputs = [Output({ name: 'output', display_name: 'Output', method: 'explode', types: ['Message'] })];
  explode(): Message {
    throw new Error('kaboom');
  }
}

/** Test helper: a component with a `stream` field that emits tokens for a stored message when streaming. */
export class Streamer extends Component {
  static override readonly meta = { name: 'Streamer', displayName: 'Streamer', description: 'Test component.', category: 'testing' };
  static override readonly inputs = [
    HandleInput({ name: 'input_value', display_name: 'Input', input_types: ['Message'] }),
    BoolInput({ name: 'stream', display_name: 'Stream', value: false }),
  ];
  static override readonly outputs = [Output({ name: 'text_output', display_name: 'Text', method: 'respond', types: ['Message'] })];
  async respond(): Promise<Message> {
    const text = `echo: ${toPromptText(this.params.input_value)}`;
    if (!this.params.stream || !this.isConnectedToChatOutput()) return new Message({ text, extra_stream: false } as any);
    let m = new Message({ text: '', sender: 'Machine', sender_name: 'AI', session_id: this.ctx.sessionId, properties: { state: 'partial' } });
    m = await this.storeMessage(m);
    for (const chunk of text.match(/.{1,4}/g) ?? []) this.emitToken(chunk, m.id);
    m.text = text;
    m.properties.state = 'complete';
    return m;
  }
}
