/**
 * CSV → rows like pandas `read_csv`: header row, quoted fields, and per-column type inference
 * (all ints → numbers, all numeric → numbers, empty cells → null).
 */
export function parseCsv(text: string, delimiter = ','): Record<string, unknown>[] {
  const records = splitRecords(text.replace(/^\uFEFF/, ''), delimiter).filter((r) => !(r.length === 1 && r[0] === ''));
  if (!records.length) return [];
  const header = records[0].map((h, i) => h || `Unnamed: ${i}`);
  const rows = records.slice(1);
  const numeric = header.map((_, c) =>
    rows.every((r) => r[c] === undefined || r[c] === '' || /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(r[c])),
  );
  const anyValue = header.map((_, c) => rows.some((r) => r[c] !== undefined && r[c] !== ''));
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    header.forEach((h, c) => {
      const v = r[c];
      if (v === undefined || v === '') o[h] = null;
      else if (numeric[c] && anyValue[c]) o[h] = Number(v);
      else o[h] = v;
    });
    return o;
  });
}

function splitRecords(text: string, d: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === d) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      out.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    out.push(row);
  }
  return out;
}

/** Rows → CSV text (pandas `to_csv(index=False)`). */
export function toCsv(rows: Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.map(cell).join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
