import { Component } from '../../component/component';
import { BoolInput, DropdownInput, IntInput, MessageInput, MessageTextInput, Output } from '../../component/fields';
import { Message } from '../../schema/message';

export const ROUTER_OPERATORS = [
  'equals', 'not equals', 'contains', 'starts with', 'ends with', 'regex',
  'less than', 'less than or equal', 'greater than', 'greater than or equal',
];

/** If-Else: compares `input_text` with `match_text`; the matching output carries its case message, the other branch is switched off. */
export class ConditionalRouterComponent extends Component {
  static override readonly meta = {
    name: 'ConditionalRouter',
    displayName: 'If-Else',
    description: 'Routes an input message to a corresponding output based on text comparison.',
    icon: 'split',
    category: 'flow_controls',
    module: 'lfx.components.flow_controls.conditional_router.ConditionalRouterComponent',
    modules: ['lfx.components.flow_controls.conditional_router.ConditionalRouterComponent', 'lfx.components.logic.conditional_router.ConditionalRouterComponent'],
    aliases: ['ConditionalRouterComponent'],
    documentation: 'https://docs.langflow.org/components-logic#conditional-router-if-else-component',
  };
  static override readonly inputs = [
    MessageTextInput({ name: 'input_text', display_name: 'Text Input', info: 'The primary text input for the operation.', required: true }),
    DropdownInput({ name: 'operator', display_name: 'Operator', options: ROUTER_OPERATORS, info: 'The operator to apply for comparing the texts.', value: 'equals', real_time_refresh: true }),
    MessageTextInput({ name: 'match_text', display_name: 'Match Text', info: 'The text input to compare against.', required: true }),
    BoolInput({ name: 'case_sensitive', display_name: 'Case Sensitive', info: 'If true, the comparison will be case sensitive.', value: true, advanced: true }),
    MessageInput({ name: 'true_case_message', display_name: 'Case True', info: "The message to pass if the condition is True. Defaults to the input text.", advanced: true }),
    MessageInput({ name: 'false_case_message', display_name: 'Case False', info: "The message to pass if the condition is False. Defaults to the input text.", advanced: true }),
    IntInput({ name: 'max_iterations', display_name: 'Max Iterations', info: 'The maximum number of iterations for the conditional router.', value: 10, advanced: true }),
    DropdownInput({ name: 'default_route', display_name: 'Default Route', options: ['true_result', 'false_result'], info: 'The default route to take when max iterations are reached.', value: 'false_result', advanced: true }),
  ];
  static override readonly outputs = [
    Output({ display_name: 'True', name: 'true_result', method: 'true_response', types: ['Message'], group_outputs: true }),
    Output({ display_name: 'False', name: 'false_result', method: 'false_response', types: ['Message'], group_outputs: true }),
  ];

  evaluate(): boolean {
    const p = this.params;
    let a = String(p.input_text ?? '');
    let b = String(p.match_text ?? '');
    const op: string = p.operator ?? 'equals';
    if (!p.case_sensitive && op !== 'regex') {
      a = a.toLowerCase();
      b = b.toLowerCase();
    }
    switch (op) {
      case 'equals': return a === b;
      case 'not equals': return a !== b;
      case 'contains': return a.includes(b);
      case 'starts with': return a.startsWith(b);
      case 'ends with': return a.endsWith(b);
      case 'regex':
        try {
          const m = new RegExp(b, p.case_sensitive ? '' : 'i').exec(a);
          return !!m && m.index === 0;
        } catch {
          return false;
        }
      default: {
        const x = Number(a.trim()), y = Number(b.trim());
        if (a.trim() === '' || b.trim() === '' || Number.isNaN(x) || Number.isNaN(y)) return false;
        if (op === 'less than') return x < y;
        if (op === 'less than or equal') return x <= y;
        if (op === 'greater than') return x > y;
        if (op === 'greater than or equal') return x >= y;
        return false;
      }
    }
  }

  private iteration(): number {
    const key = `${this.vertex.id}_iteration`;
    return (this.ctx.state.get(key) as number | undefined) ?? 0;
  }

  private counted = false;
  /** Count one iteration per build (whichever output method runs first) and switch `route` off. */
  private iterateAndStopOnce(route: string): void {
    if (!this.counted) {
      this.ctx.state.set(`${this.vertex.id}_iteration`, this.iteration() + 1);
      this.counted = true;
    }
    this.stop(route);
  }

  private caseMessage(which: 'true_case_message' | 'false_case_message'): Message {
    const v = this.params[which];
    if (v instanceof Message && v.getText() !== '') return v;
    if (typeof v === 'string' && v !== '') return new Message({ text: v });
    return new Message({ text: String(this.params.input_text ?? '') });
  }

  true_response(): Message {
    return this.respond(true);
  }

  false_response(): Message {
    return this.respond(false);
  }

  /**
   * One branch's output: its case message when the condition lands on it (or max iterations force
   * the default route there), switching the other branch off; else an empty message, this branch off.
   */
  private respond(branch: boolean): Message {
    const own = branch ? 'true_result' : 'false_result';
    const other = branch ? 'false_result' : 'true_result';
    const force = this.iteration() >= Number(this.params.max_iterations ?? 10) && this.params.default_route === own;
    if (this.evaluate() === branch || force) {
      const m = this.caseMessage(branch ? 'true_case_message' : 'false_case_message');
      this.status = m;
      if (!force) this.iterateAndStopOnce(other);
      return m;
    }
    this.iterateAndStopOnce(own);
    return new Message({ text: '' });
  }
}
