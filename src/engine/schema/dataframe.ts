import { Data, Dict } from './data';

/**
 * Langflow's `DataFrame`: an ordered list of row dicts, plus `text_key` / `default_value`
 * used when rows become Data. Falsy (in Python) when empty: use `isEmpty`.
 */
export class DataFrame {
  rows: Dict[];
  textKey: string;
  defaultValue: string;

  constructor(rows: Dict[] | Data[] | Dict = [], textKey = 'text', defaultValue = '') {
    this.textKey = textKey;
    this.defaultValue = defaultValue;
    if (Array.isArray(rows)) {
      this.rows = (rows as any[]).map((r) => (r instanceof Data ? { ...r.data } : r));
    } else {
      // dict of columns
      const cols = Object.keys(rows);
      const n = cols.length ? Math.max(...cols.map((c) => (Array.isArray(rows[c]) ? rows[c].length : 1))) : 0;
      this.rows = [];
      for (let i = 0; i < n; i++) {
        const r: Dict = {};
        for (const c of cols) r[c] = Array.isArray(rows[c]) ? rows[c][i] : rows[c];
        this.rows.push(r);
      }
    }
  }

  get length(): number {
    return this.rows.length;
  }
  get isEmpty(): boolean {
    return this.rows.length === 0;
  }

  /** Column names in first-seen order. */
  get columns(): string[] {
    const seen = new Set<string>();
    for (const r of this.rows) for (const k of Object.keys(r)) seen.add(k);
    return [...seen];
  }

  toDataList(): Data[] {
    return this.rows.map((r) => new Data({ ...r }, this.textKey, this.defaultValue));
  }

  /** Serialised as `to_dict(orient="records")`. */
  toJSON(): Dict[] {
    return this.rows;
  }

  static isDataFrame(v: unknown): v is DataFrame {
    return v instanceof DataFrame;
  }
}
