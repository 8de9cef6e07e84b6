import { Data, Dict } from './data';

export interface MessageSource {
  id: string | null;
  display_name: string | null;
  source: string | null;
}

export interface MessageProperties {
  text_color: string;
  background_color: string;
  edited: boolean;
  source: MessageSource;
  icon: string;
  allow_markdown: boolean;
  positive_feedback: boolean | null;
  state: 'partial' | 'complete';
  targets: unknown[];
  [k: string]: unknown;
}

export interface ContentBlock {
  title: string;
  contents: Dict[];
  allow_markdown?: boolean;
  media_url?: string[] | null;
  [k: string]: unknown;
}

export function defaultProperties(): MessageProperties {
  return {
    text_color: '',
    background_color: '',
    edited: false,
    source: { id: null, display_name: null, source: null },
    icon: '',
    allow_markdown: false,
    positive_feedback: null,
    state: 'complete',
    targets: [],
  };
}

/** Format a Date the way Langflow stores message timestamps: "YYYY-MM-DD HH:MM:SS UTC". */
export function formatTimestamp(d: Date): string {
  const sec = Math.floor(d.getTime() / 1000);
  if (sec === lastSecond) return lastFormatted;
  const iso = d.toISOString();
  lastSecond = sec;
  lastFormatted = `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  return lastFormatted;
}
let lastSecond = NaN;
let lastFormatted = '';

/** "YYYY-MM-DD HH:MM:SS UTC" (or any ISO string) → ISO with +00:00, as Langflow serialises it. */
export function timestampToIso(ts: string | undefined | null): string | null {
  if (!ts) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(ts);
  if (!m) return ts;
  return `${m[1]}T${m[2]}+00:00`;
}

/** One row of Langflow's `message` table. */
export interface MessageRecord {
  id: string | null;
  /** "YYYY-MM-DD HH:MM:SS UTC" */
  timestamp: string;
  sender: string;
  sender_name: string;
  session_id: string;
  context_id: string | null;
  text: string;
  files: unknown[];
  error: boolean;
  edit: boolean;
  properties: MessageProperties;
  category: string;
  content_blocks: ContentBlock[];
  flow_id: string | null;
}

/** Any ISO or "… UTC" timestamp → "YYYY-MM-DD HH:MM:SS UTC". */
export function normaliseTimestamp(ts: string): string {
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/.test(ts)) return ts;
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : formatTimestamp(d);
}

/** Python str(datetime) of a stored UTC timestamp: "YYYY-MM-DD HH:MM:SS+00:00". */
function storedTimestamp(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(ts);
  return m ? `${m[1]} ${m[2]}+00:00` : ts;
}

export interface MessageInit {
  text?: string | AsyncIterable<string>;
  sender?: string | null;
  sender_name?: string | null;
  session_id?: string | null;
  context_id?: string | null;
  flow_id?: string | null;
  files?: unknown[];
  timestamp?: string;
  error?: boolean;
  edit?: boolean;
  properties?: Partial<MessageProperties>;
  category?: string;
  content_blocks?: ContentBlock[];
  duration?: number | null;
  id?: string | null;
  [k: string]: unknown;
}

const KNOWN = new Set([
  'text', 'sender', 'sender_name', 'session_id', 'context_id', 'flow_id', 'files', 'timestamp',
  'error', 'edit', 'properties', 'category', 'content_blocks', 'duration', 'id',
]);

/**
 * Langflow's `Message` (a Data subclass). Fields are real properties; `data` mirrors them
 * (plus any extra keys such as `template`, `variables`, `component_id`).
 */
export class Message extends Data {
  text: string | AsyncIterable<string>;
  sender: string | null;
  sender_name: string | null;
  session_id: string | null;
  context_id: string | null;
  flow_id: string | null;
  files: unknown[];
  timestamp: string;
  error: boolean;
  edit: boolean;
  properties: MessageProperties;
  category: string;
  content_blocks: ContentBlock[];
  duration: number | null;
  id: string | null;
  /** Extra keys (e.g. Prompt's `template`, `variables`, `prompt`; `component_id`). */
  extra: Dict;
  /** True for messages read back from a MessageStore (affects the shape of `data`, see fromRecord). */
  stored = false;

  constructor(init: MessageInit = {}) {
    super({}, 'text', '');
    this.text = init.text ?? '';
    this.sender = init.sender ?? null;
    this.sender_name = init.sender_name ?? null;
    this.session_id = init.session_id ?? null;
    this.context_id = init.context_id ?? null;
    this.flow_id = init.flow_id ?? null;
    this.files = init.files ?? [];
    this.timestamp = init.timestamp ?? formatTimestamp(new Date());
    this.error = init.error ?? false;
    this.edit = init.edit ?? false;
    this.properties = init.properties ? { ...defaultProperties(), ...init.properties } : defaultProperties();
    this.category = init.category ?? 'message';
    this.content_blocks = init.content_blocks ?? [];
    this.duration = init.duration ?? null;
    this.id = init.id ?? null;
    this.extra = {};
    for (const k in init) if (!KNOWN.has(k)) this.extra[k] = init[k];
  }

  /** The mirrored dict (fields + extras), like Python's `message.data`. */
  override get data(): Dict {
    if (this.stored) {
      // a message read back from the store: Langflow builds it from the table row, so `data` has the
      // row's columns in table order and the timestamp as str(datetime)
      return {
        timestamp: storedTimestamp(this.timestamp),
        sender: this.sender,
        sender_name: this.sender_name,
        session_id: this.session_id,
        context_id: this.context_id,
        text: typeof this.text === 'string' ? this.text : '',
        files: this.files,
        error: this.error,
        edit: this.edit,
        properties: this.properties,
        category: this.category,
        content_blocks: this.content_blocks,
        id: this.id,
        flow_id: this.flow_id,
        ...this.extra,
      };
    }
    return {
      text: typeof this.text === 'string' ? this.text : '',
      sender: this.sender,
      sender_name: this.sender_name,
      files: this.files,
      session_id: this.session_id,
      context_id: this.context_id,
      timestamp: this.timestamp,
      flow_id: this.flow_id,
      error: this.error,
      edit: this.edit,
      properties: this.properties,
      category: this.category,
      content_blocks: this.content_blocks,
      duration: this.duration,
      ...(this.id ? { id: this.id } : {}),
      ...this.extra,
    };
  }
  override set data(v: Dict) {
    for (const k in v) {
      if (KNOWN.has(k)) (this as any)[k] = v[k];
      else this.extra[k] = v[k];
    }
  }

  override getText(): string {
    return typeof this.text === 'string' ? this.text : '';
  }

  override get(key: string): any {
    return KNOWN.has(key) ? (this as any)[key] : this.extra[key];
  }

  get isStream(): boolean {
    return typeof this.text !== 'string';
  }

  /** The columns of Langflow's `message` table (what a MessageStore persists). */
  toRecord(): MessageRecord {
    return {
      id: this.id,
      timestamp: this.timestamp,
      sender: this.sender ?? '',
      sender_name: this.sender_name ?? '',
      session_id: this.session_id ?? '',
      context_id: this.context_id,
      text: typeof this.text === 'string' ? this.text : '',
      files: this.files,
      error: this.error,
      edit: this.edit,
      properties: this.properties,
      category: this.category,
      content_blocks: this.content_blocks,
      flow_id: this.flow_id,
    };
  }

  /** A message read from the store (timestamp may be a Date or an ISO / "… UTC" string). */
  static fromRecord(r: Partial<Omit<MessageRecord, 'timestamp'>> & { timestamp?: string | Date | null }): Message {
    const ts = r.timestamp instanceof Date ? formatTimestamp(r.timestamp) : r.timestamp ? normaliseTimestamp(r.timestamp) : undefined;
    const m = new Message({
      id: r.id ?? null, text: r.text ?? '', sender: r.sender ?? null, sender_name: r.sender_name ?? null,
      session_id: r.session_id ?? null, context_id: r.context_id ?? null, files: r.files ?? [], timestamp: ts,
      error: !!r.error, edit: !!r.edit, properties: r.properties ?? undefined, category: r.category ?? 'message',
      content_blocks: r.content_blocks ?? [], flow_id: r.flow_id ?? null,
    });
    m.stored = true;
    return m;
  }

  /** A shallow copy with the given fields replaced. */
  clone(patch: MessageInit = {}): Message {
    const m = new Message({
      text: this.text, sender: this.sender, sender_name: this.sender_name, session_id: this.session_id,
      context_id: this.context_id, flow_id: this.flow_id, files: [...this.files], timestamp: this.timestamp,
      error: this.error, edit: this.edit, properties: { ...this.properties, source: { ...this.properties.source } },
      category: this.category, content_blocks: this.content_blocks, duration: this.duration, id: this.id,
      ...this.extra,
    });
    m.stored = this.stored;
    Object.assign(m, filterKnown(patch));
    for (const k in patch) if (!KNOWN.has(k)) m.extra[k] = patch[k];
    return m;
  }

  /** Langflow's `Message.model_dump()` shape (timestamp in ISO with +00:00). */
  override toJSON(): Dict {
    // `data` is a plain dict in Langflow: its timestamp stays in the stored "YYYY-MM-DD HH:MM:SS UTC" form
    const data = this.data;
    return {
      text_key: this.textKey,
      data,
      default_value: this.defaultValue,
      text: typeof this.text === 'string' ? this.text : '',
      sender: this.sender,
      sender_name: this.sender_name,
      files: this.files,
      session_id: this.session_id,
      context_id: this.context_id,
      timestamp: timestampToIso(this.timestamp),
      flow_id: this.flow_id,
      error: this.error,
      edit: this.edit,
      properties: this.properties,
      category: this.category,
      content_blocks: this.content_blocks,
      duration: this.duration,
    };
  }

  static isMessage(v: unknown): v is Message {
    return v instanceof Message;
  }
}

function filterKnown(p: MessageInit): Partial<Message> {
  const out: Dict = {};
  for (const k in p) if (KNOWN.has(k) && p[k] !== undefined) out[k] = p[k];
  if (p.properties) out.properties = { ...defaultProperties(), ...p.properties };
  return out as Partial<Message>;
}
