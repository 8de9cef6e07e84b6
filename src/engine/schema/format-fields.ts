/**
 * Python `str.format` field scanning, shared by Data/DataFrame text formatting and f-string
 * prompts: `{{` and `}}` are literal braces; each `{field}` becomes `value(name)`, where name is
 * the field before any `!conversion` or `:spec`. An unclosed `{` fails as Python's does.
 */
export function substituteFormatFields(template: string, value: (name: string) => string): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i++;
        continue;
      }
      const end = template.indexOf('}', i);
      if (end < 0) throw new Error("Single '{' encountered in format string");
      out += value(template.slice(i + 1, end).split(/[!:]/)[0]);
      i = end;
    } else if (ch === '}') {
      if (template[i + 1] === '}') i++;
      out += '}';
    } else out += ch;
  }
  return out;
}
