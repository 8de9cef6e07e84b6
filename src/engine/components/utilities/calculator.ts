import { Component } from '../../component/component';
import { MessageTextInput, Output } from '../../component/fields';
import { Data } from '../../schema/data';

/** Calculator: evaluates `+ - * / **` on numbers (no names, no calls). */
export class CalculatorComponent extends Component {
  static override readonly meta = {
    name: 'CalculatorComponent',
    displayName: 'Calculator',
    description: 'Perform basic arithmetic operations on a given expression.',
    icon: 'calculator',
    category: 'utilities',
    module: 'lfx.components.utilities.calculator_core.CalculatorComponent',
    modules: ['lfx.components.utilities.calculator_core.CalculatorComponent', 'lfx.components.helpers.calculator_core.CalculatorComponent'],
    aliases: ['Calculator'],
    documentation: 'https://docs.langflow.org/components-helpers#calculator',
  };
  static override readonly inputs = [
    MessageTextInput({ name: 'expression', display_name: 'Expression', info: "The arithmetic expression to evaluate (e.g., '4*4*(33/22)+12-20').", tool_mode: true }),
  ];
  static override readonly outputs = [Output({ display_name: 'Data', name: 'result', method: 'evaluate_expression', types: ['Data'] })];

  evaluate_expression(): Data {
    const expr = String(this.params.expression ?? '');
    let d: Data;
    try {
      const v = evaluateArithmetic(expr);
      d = new Data({ result: formatResult(v) });
    } catch (e) {
      if (e instanceof ZeroDivision) d = new Data({ error: 'Error: Division by zero', input: expr });
      else d = new Data({ error: `Invalid expression: ${(e as Error).message}`, input: expr });
    }
    this.status = d;
    return d;
  }
}

class ZeroDivision extends Error {}

/** `f"{float(v):.6f}".rstrip("0").rstrip(".")` */
export function formatResult(v: number): string {
  return v.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** Parse and evaluate an arithmetic expression with Python semantics for + - * / ** and unary ±. */
export function evaluateArithmetic(src: string): number {
  const toks = src.match(/\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\*\*|[-+*/()]|\S/g) ?? [];
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++];
  const expr = (): number => {
    let v = term();
    while (peek() === '+' || peek() === '-') v = next() === '+' ? v + term() : v - term();
    return v;
  };
  const term = (): number => {
    let v = unary();
    while (peek() === '*' || peek() === '/') {
      const op = next();
      const r = unary();
      if (op === '/') {
        if (r === 0) throw new ZeroDivision('division by zero');
        v = v / r;
      } else v = v * r;
    }
    return v;
  };
  const unary = (): number => {
    if (peek() === '-') {
      next();
      return -unary();
    }
    if (peek() === '+') {
      next();
      return unary();
    }
    return power();
  };
  const power = (): number => {
    const b = atom();
    if (peek() === '**') {
      next();
      const e = unary();
      if (b === 0 && e < 0) throw new ZeroDivision('division by zero');
      return Math.pow(b, e);
    }
    return b;
  };
  const atom = (): number => {
    const t = next();
    if (t === undefined) throw new Error('unexpected end of expression');
    if (t === '(') {
      const v = expr();
      if (next() !== ')') throw new Error("'(' was never closed");
      return v;
    }
    if (/^[\d.]/.test(t)) return Number(t);
    throw new Error(`Unsupported operation or token: ${t}`);
  };
  if (!toks.length) throw new Error('empty expression');
  const v = expr();
  if (i < toks.length) throw new Error(`invalid syntax near '${toks[i]}'`);
  return v;
}
