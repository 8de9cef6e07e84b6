import { Data, Dict } from './data';
import { DataFrame } from './dataframe';
import { substituteFormatFields } from './format-fields';
import { Message } from './message';
import { pyRepr, pyStr } from './py';

/** Render rows like pandas `to_markdown(index=False)` (tabulate "pipe" format). */
export function rowsToMarkdown(rows: Dict[], columns?: string[]): string {
  const cols = columns ?? new DataFrame(rows).columns;
  if (!cols.length) return '';
  const cells: string[][] = rows.map((r) => cols.map((c) => cellText(r[c])));
  const numeric = cols.map((_, ci) => {
    let any = false;
    for (const r of rows) {
      const v = r[cols[ci]];
      if (v === null || v === undefined || v === '') continue;
      if (typeof v === 'boolean') return false;
      if (typeof v === 'number' || (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v))) any = true;
      else return false;
    }
    return any;
  });
  // tabulate's "decimal" alignment: pad numbers on the right so their decimal points line up
  cols.forEach((_, ci) => {
    if (!numeric[ci]) return;
    const after = cells.map((r) => afterPoint(r[ci]));
    const max = Math.max(...after);
    cells.forEach((r, ri) => {
      if (r[ci] !== '') r[ci] = r[ci] + ' '.repeat(max - after[ri]);
    });
  });
  const widths = cols.map((c, ci) => Math.max(c.length + 2, ...cells.map((r) => r[ci].length)));
  const pad = (s: string, w: number, right: boolean) => (right ? s.padStart(w) : s.padEnd(w));
  const line = (vals: string[]) => '| ' + vals.map((s, ci) => pad(s, widths[ci], numeric[ci])).join(' | ') + ' |';
  const sep = '|' + widths.map((w, ci) => (numeric[ci] ? '-'.repeat(w + 1) + ':' : ':' + '-'.repeat(w + 1))).join('|') + '|';
  return [line(cols), sep, ...cells.map(line)].join('\n');
}

/** tabulate `_afterpoint`: digits after the decimal point (or exponent), -1 for integers. */
function afterPoint(s: string): number {
  const t = s.trim();
  if (t === '' || /^[-+]?\d+$/.test(t)) return -1;
  let pos = t.lastIndexOf('.');
  if (pos < 0) pos = t.toLowerCase().lastIndexOf('e');
  return pos >= 0 ? t.length - pos - 1 : -1;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return pyStr(v);
}

/** DataFrame → Message (Langflow `DataFrame.to_message`). */
export function dataFrameToMarkdown(df: DataFrame): string {
  const rows = df.rows
    .filter((r) => Object.values(r).some((v) => v !== null && v !== undefined))
    .map((r) => {
      const o: Dict = {};
      for (const k of Object.keys(r)) {
        let v = r[k];
        if (typeof v === 'string') {
          if (/^\s*$/.test(v)) v = '';
          v = v.replace(/\n+/g, '\n').replace(/\|/g, '\\|').replace(/\n/g, '<br/>');
        }
        o[k] = v;
      }
      return o;
    });
  return rowsToMarkdown(rows, df.columns);
}

/** Langflow `safe_convert` used by ChatOutput / Parser stringify. */
export function safeConvert(data: unknown, cleanData = false): string {
  if (typeof data === 'string') return cleanString(data);
  if (data instanceof Message) return data.getText();
  if (data instanceof Data) return '```json\n' + JSON.stringify(data.data, null, 2) + '\n```';
  if (data instanceof DataFrame) {
    if (cleanData) return dataFrameToMarkdown(data);
    return rowsToMarkdown(
      data.rows.map((r) => mapValues(r, (v) => (typeof v === 'string' ? v.replace(/\|/g, '\\|').replace(/\n/g, '<br/>') : v))),
      data.columns,
    );
  }
  if (Array.isArray(data)) return data.map((d) => safeConvert(d, cleanData)).join('\n');
  if (data === null || data === undefined) return '';
  return pyStr(data);
}

function cleanString(s: string): string {
  return s
    .split('\n')
    .map((l) => (l.trim() === '' ? '' : l))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

function mapValues(o: Dict, f: (v: any) => any): Dict {
  const r: Dict = {};
  for (const k of Object.keys(o)) r[k] = f(o[k]);
  return r;
}

// ---- the §3.4 conversions ----

export function messageToData(m: Message): Data {
  return new Data({ ...m.data });
}

export function messageToDataFrame(m: Message): DataFrame {
  return new DataFrame([{ ...m.data }]);
}

export function dataToMessage(d: Data): Message {
  if (d instanceof Message) return d;
  if (Object.prototype.hasOwnProperty.call(d.data, d.textKey)) return new Message({ text: pyStr(d.getText()) });
  return new Message({ text: pyRepr(d.data) });
}

export function dataToDataFrame(d: Data): DataFrame {
  const keys = Object.keys(d.data);
  if (keys.length === 1) {
    const v = d.data[keys[0]];
    if (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) return new DataFrame(v);
  }
  return new DataFrame([{ ...d.data }]);
}

export function dataFrameToData(df: DataFrame): Data {
  return new Data({ results: df.rows });
}

export function dataFrameToMessage(df: DataFrame): Message {
  return new Message({ text: dataFrameToMarkdown(df) });
}

/** Any supported value → Message (TypeConverter `convert_to_message`). */
export function toMessage(v: unknown): Message {
  if (Array.isArray(v)) v = v[0];
  if (v instanceof Message) return v;
  if (typeof v === 'string') return new Message({ text: v });
  if (v instanceof Data) return dataToMessage(v);
  if (v instanceof DataFrame) return dataFrameToMessage(v);
  if (v && typeof v === 'object') return new Message(v as Dict);
  return new Message({ text: v === null || v === undefined ? '' : pyStr(v) });
}

/** Any supported value → Data (TypeConverter `convert_to_data`). */
export function toData(v: unknown): Data {
  if (Array.isArray(v)) v = v[0];
  if (typeof v === 'string') return messageToData(new Message({ text: v }));
  if (v instanceof Message) return messageToData(v);
  if (v instanceof Data) return v;
  if (v instanceof DataFrame) return dataFrameToData(v);
  if (v && typeof v === 'object') return new Data({ ...(v as Dict) });
  return new Data({ text: v === null || v === undefined ? '' : pyStr(v) });
}

/** Any supported value → DataFrame (TypeConverter `convert_to_dataframe`). */
export function toDataFrame(v: unknown): DataFrame {
  if (Array.isArray(v)) {
    if (v.every((x) => x instanceof Data)) return new DataFrame(v as Data[]);
    v = v[0];
  }
  if (typeof v === 'string') return messageToDataFrame(new Message({ text: v }));
  if (v instanceof DataFrame) return v;
  if (v instanceof Message) return messageToDataFrame(v);
  if (v instanceof Data) return dataToDataFrame(v);
  if (v && typeof v === 'object') return new DataFrame([v as Dict]);
  return new DataFrame([]);
}

/** Value → str as MessageTextInput does (Message → text; Data → data[text_key] or error). */
export function toText(v: unknown, fieldName = 'input'): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Message) return v.getText();
  if (v instanceof Data) {
    if (!Object.prototype.hasOwnProperty.call(v.data, v.textKey)) {
      throw new Error(`The input to '${fieldName}' must contain the key '${v.textKey}'.`);
    }
    return pyStr(v.data[v.textKey]);
  }
  if (v instanceof DataFrame) return dataFrameToMarkdown(v);
  return pyStr(v);
}

/** Value → str for Prompt variables (`data_to_string` semantics: Data → get_text()). */
export function toPromptText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Message) return v.getText();
  if (v instanceof Data) return pyStr(v.getText());
  if (v instanceof DataFrame) return dataFrameToMarkdown(v);
  if (Array.isArray(v)) return v.map(toPromptText).join('\n');
  if (typeof v === 'object' && typeof (v as any).page_content === 'string') return (v as any).page_content;
  return pyStr(v);
}

/** Langflow `data_to_text(template, data)`: format each Data's dict, joined with "\n". */
export function dataToText(template: string, data: unknown, sep = '\n'): string {
  const list = Array.isArray(data) ? data : [data];
  return list
    .map((d) => {
      const dict: Dict = d instanceof Data ? { ...d.data } : d && typeof d === 'object' ? { ...(d as Dict) } : { text: d };
      if (dict.data && typeof dict.data === 'object') Object.assign(dict, dict.data);
      dict.data = d instanceof Data ? d.data : dict;
      return formatMap(template, dict, () => '');
    })
    .join(sep);
}

/**
 * Python `str.format` / `format_map` with simple field names (`{name}`, `{{`/`}}` escapes).
 * `missing(key)` supplies values for absent keys; when it throws, the error propagates.
 */
export function formatMap(template: string, values: Dict, missing: (key: string) => string): string {
  return substituteFormatFields(template, (name) => {
    const v = Object.prototype.hasOwnProperty.call(values, name) && values[name] !== undefined ? values[name] : missing(name);
    return typeof v === 'string' ? v : pyStr(v);
  });
}
