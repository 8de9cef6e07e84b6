/**
 * Langflow's `Data`: a dict (`data`) plus the key that holds its text (`text_key`)
 * and the value returned when that key is missing (`default_value`).
 */
export type Dict = Record<string, any>;

export class Data {
  textKey: string;
  defaultValue: string;
  protected _data: Dict;

  constructor(data: Dict = {}, textKey = 'text', defaultValue = '') {
    this._data = data;
    this.textKey = textKey;
    this.defaultValue = defaultValue;
  }

  get data(): Dict {
    return this._data;
  }
  set data(v: Dict) {
    this._data = v;
  }

  /** `data[text_key]`, or `default_value` when the key is missing. */
  getText(): any {
    const d = this.data;
    return Object.prototype.hasOwnProperty.call(d, this.textKey) ? d[this.textKey] : this.defaultValue;
  }

  get(key: string): any {
    return this.data[key];
  }

  /** Langflow's `Data.model_dump()` shape. */
  toJSON(): Dict {
    return { text_key: this.textKey, data: this.data, default_value: this.defaultValue };
  }

  static isData(v: unknown): v is Data {
    return v instanceof Data;
  }
}
