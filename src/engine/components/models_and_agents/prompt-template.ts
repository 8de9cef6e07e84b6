/**
 * Prompt template utilities: variable extraction as Langflow's `process_prompt_template` /
 * POST /api/v1/validate/prompt does, and rendering (f-string or mustache).
 */
import { substituteFormatFields } from '../../schema/format-fields';

export const FORBIDDEN_PROMPT_VARIABLES = [
  'code', 'input_variables', 'output_parser', 'partial_variables', 'template', 'template_format', 'validate_template',
];

const INVALID_CHARS = /[\s,.:;!?/\\()[\]]/g;

/** Clean a variable name as Langflow does (drop spaces/punctuation and a leading digit). */
export function cleanVariableName(name: string): string {
  let n = name.replace(INVALID_CHARS, '');
  while (n && /^\d/.test(n)) n = n.slice(1);
  return n;
}

/**
 * Variables of an f-string template (`{name}`; `{{x}}` is a literal; a JSON-looking `{{ … }}` block
 * is left alone), or of a mustache template (`{{name}}`) when `mustache` is true. Order of first use.
 */
export function extractPromptVariables(template: string, mustache = false): string[] {
  const out: string[] = [];
  const add = (raw: string) => {
    const n = cleanVariableName(raw);
    if (n && !out.includes(n)) out.push(n);
  };
  if (mustache) {
    const re = /\{\{\s*([^{}#^/!>&\s][^{}]*?)\s*\}\}/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(template))) add(m[1]);
  } else {
    for (let i = 0; i < template.length; i++) {
      const ch = template[i];
      if (ch === '{') {
        if (template[i + 1] === '{') {
          i++;
          continue;
        }
        const end = template.indexOf('}', i);
        if (end < 0) throw new Error("Invalid template: single '{' encountered in format string");
        const field = template.slice(i + 1, end);
        if (field.includes('{')) throw new Error(`Invalid template: unexpected '{' in field name`);
        const name = field.split(/[!:]/)[0].split(/[.[]/)[0];
        if (name.trim() === '') throw new Error('Invalid template: empty variable name');
        add(name);
        i = end;
      } else if (ch === '}') {
        if (template[i + 1] === '}') i++;
        else throw new Error("Invalid template: single '}' encountered in format string");
      }
    }
  }
  for (const v of out) {
    if (FORBIDDEN_PROMPT_VARIABLES.includes(v)) throw new Error(`Invalid variable name: ${v}. This is a reserved name.`);
  }
  return out;
}

/** Render an f-string template: `{name}` → value, `{{`/`}}` → braces; a missing variable is an error. */
export function renderFString(template: string, values: Record<string, string>): string {
  return substituteFormatFields(template, (field) => {
    const name = cleanVariableName(field);
    if (!Object.prototype.hasOwnProperty.call(values, name)) throw new Error(`Missing variable '${name}' for the prompt template.`);
    return values[name];
  });
}

/** Render a mustache template with simple `{{name}}` variables (no sections, no HTML escaping). */
export function renderMustache(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([^{}#^/!>&\s][^{}]*?)\s*\}\}/g, (_m, raw: string) => {
    const n = cleanVariableName(raw);
    return Object.prototype.hasOwnProperty.call(values, n) ? values[n] : '';
  });
}
