/**
 * More hosted services used by starter projects: AssemblyAI (start / poll a transcription),
 * YouTube comments (YouTube Data API v3), Needle collection search, Apify Actors, Yahoo Finance.
 * Vendor HTTP APIs through the shared outbound client; base URLs redirectable for tests.
 */
import { Component, ComponentMeta } from '../../component/component';
import {
  BoolInput,
  DataInput,
  DropdownInput,
  FileInput,
  FloatInput,
  IntInput,
  MessageTextInput,
  MultilineInput,
  Output,
  SecretStrInput,
  StrInput,
} from '../../component/fields';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { httpRequest } from '../../net/http-client';
import { callJson, commaList, serviceApiKey, serviceBaseUrl } from './service';
import { emitToolEvent, EngineTool } from './toolkit';
import { valueToToolText } from '../models/llm-support';

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(Object.assign(new Error('The run was cancelled.'), { name: 'AbortError' }));
      },
      { once: true },
    );
  });
}

// ---------------------------------------------------------------------------------------------
export class AssemblyAITranscriptionJobCreator extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'AssemblyAITranscriptionJobCreator',
    displayName: 'AssemblyAI Start Transcript',
    description: 'Create a transcription job for an audio file using AssemblyAI with advanced options',
    icon: 'AssemblyAI',
    category: 'assemblyai',
    modules: ['lfx.components.assemblyai.assemblyai_start_transcript.AssemblyAITranscriptionJobCreator'],
    module: 'lfx.components.assemblyai.assemblyai_start_transcript.AssemblyAITranscriptionJobCreator',
    documentation: 'https://www.assemblyai.com/docs',
  };
  static override readonly inputs = [
    SecretStrInput({ name: 'api_key', display_name: 'Assembly API Key', info: 'Your AssemblyAI API key.', required: true, load_from_db: false }),
    FileInput({ name: 'audio_file', display_name: 'Audio File', fileTypes: ['3ga', '8svx', 'aac', 'ac3', 'aif', 'aiff', 'alac', 'amr', 'ape', 'au', 'dss', 'flac', 'flv', 'm4a', 'm4b', 'm4p', 'm4r', 'mp3', 'mpga', 'ogg', 'oga', 'mogg', 'opus', 'qcp', 'tta', 'voc', 'wav', 'wma', 'wv', 'webm', 'mts', 'm2ts', 'ts', 'mov', 'mp2', 'mp4', 'm4p', 'm4v', 'mxf'], info: 'The audio file to transcribe', required: true }),
    MessageTextInput({ name: 'audio_file_url', display_name: 'Audio File URL', info: 'The URL of the audio file to transcribe (Can be used instead of a File)', advanced: true }),
    DropdownInput({ name: 'speech_model', display_name: 'Speech Model', options: ['best', 'nano'], value: 'best', info: 'The speech model to use for the transcription', advanced: true }),
    BoolInput({ name: 'language_detection', display_name: 'Automatic Language Detection', info: 'Enable automatic language detection', advanced: true }),
    MessageTextInput({ name: 'language_code', display_name: 'Language', info: 'The language of the audio file (e.g. en_us).', advanced: true }),
    BoolInput({ name: 'speaker_labels', display_name: 'Enable Speaker Labels', info: 'Enable speaker diarization', value: true }),
    MessageTextInput({ name: 'speakers_expected', display_name: 'Number of Speakers', info: 'Set the expected number of speakers (optional)', advanced: true }),
    BoolInput({ name: 'punctuate', display_name: 'Punctuate', info: 'Enable automatic punctuation', advanced: true, value: true }),
    BoolInput({ name: 'format_text', display_name: 'Format Text', info: 'Enable text formatting', advanced: true, value: true }),
  ];
  static override readonly outputs = [Output({ name: 'transcript_id', display_name: 'Transcript ID', method: 'create_transcription_job', types: ['Data'] })];

  async create_transcription_job(): Promise<Data> {
    const p = this.params;
    const base = serviceBaseUrl(this, 'assemblyai', 'https://api.assemblyai.com');
    try {
      const key = await serviceApiKey(this, p.api_key, 'ASSEMBLYAI_API_KEY', 'AssemblyAI');
      let audioUrl = String(p.audio_file_url ?? '').trim();
      if (!audioUrl) {
        const file = Array.isArray(p.audio_file) ? p.audio_file[0] : p.audio_file;
        if (!file) throw new Error('Either an audio file or an audio URL must be specified');
        const bytes = await this.ctx.ports.files.read(String(file));
        const up = await httpRequest(`${base}/v2/upload`, {
          method: 'POST',
          headers: { authorization: key, 'content-type': 'application/octet-stream' },
          body: bytes,
          timeoutMs: 600_000,
          signal: this.ctx.signal,
        });
        if (up.status >= 400) throw new Error(`Upload failed with status ${up.status}: ${up.text().slice(0, 200)}`);
        audioUrl = up.json().upload_url;
      }
      const body: Record<string, unknown> = {
        audio_url: audioUrl,
        speech_model: p.speech_model || 'best',
        language_detection: !!p.language_detection,
        speaker_labels: p.speaker_labels !== false,
        punctuate: p.punctuate !== false,
        format_text: p.format_text !== false,
      };
      if (p.language_code) body.language_code = String(p.language_code);
      if (p.speakers_expected && Number(p.speakers_expected)) body.speakers_expected = Number(p.speakers_expected);
      const json = await callJson(this, `${base}/v2/transcript`, { headers: { authorization: key }, body });
      if (json.error) throw new Error(json.error);
      const out = new Data({ transcript_id: json.id });
      this.status = out.data;
      return out;
    } catch (e: any) {
      if (this.ctx.signal.aborted) throw e;
      const out = new Data({ error: String(e?.message ?? e) });
      this.status = out.data;
      return out;
    }
  }
}

export class AssemblyAITranscriptionJobPoller extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'AssemblyAITranscriptionJobPoller',
    displayName: 'AssemblyAI Poll Transcript',
    description: 'Poll for the status of a transcription job using AssemblyAI',
    icon: 'AssemblyAI',
    category: 'assemblyai',
    modules: ['lfx.components.assemblyai.assemblyai_poll_transcript.AssemblyAITranscriptionJobPoller'],
    module: 'lfx.components.assemblyai.assemblyai_poll_transcript.AssemblyAITranscriptionJobPoller',
    documentation: 'https://www.assemblyai.com/docs',
  };
  static override readonly inputs = [
    SecretStrInput({ name: 'api_key', display_name: 'Assembly API Key', info: 'Your AssemblyAI API key.', required: true, load_from_db: false }),
    DataInput({ name: 'transcript_id', display_name: 'Transcript ID', info: 'The ID of the transcription job to poll', required: true }),
    FloatInput({ name: 'polling_interval', display_name: 'Polling Interval', value: 3.0, info: 'The polling interval in seconds', advanced: true, range_spec: { min: 3, max: 30 } }),
  ];
  static override readonly outputs = [Output({ name: 'transcription_result', display_name: 'Transcription Result', method: 'poll_transcription_job', types: ['Data'] })];

  async poll_transcription_job(): Promise<Data> {
    const p = this.params;
    const idData = p.transcript_id;
    const d = idData instanceof Data ? idData.data : idData && typeof idData === 'object' ? idData : { transcript_id: idData };
    if (d.error) {
      this.status = d.error;
      return new Data({ error: d.error });
    }
    const key = await serviceApiKey(this, p.api_key, 'ASSEMBLYAI_API_KEY', 'AssemblyAI');
    const base = serviceBaseUrl(this, 'assemblyai', 'https://api.assemblyai.com');
    const intervalMs = Math.max(0, Number(p.polling_interval ?? 3)) * 1000;
    for (;;) {
      this.checkAborted();
      const json = await callJson(this, `${base}/v2/transcript/${encodeURIComponent(String(d.transcript_id))}`, { headers: { authorization: key } });
      if (json.status === 'completed') {
        const { words: _w, ...rest } = json;
        const out = new Data({ ...rest, text: json.text ?? '' });
        this.status = json.text;
        return out;
      }
      if (json.status === 'error') {
        const out = new Data({ error: json.error ?? 'Transcription failed' });
        this.status = out.data.error;
        return out;
      }
      await sleep(intervalMs, this.ctx.signal);
    }
  }
}

// ---------------------------------------------------------------------------------------------
/** The video id of a YouTube URL (watch?v=, youtu.be/, shorts/, embed/) or a bare id. */
export function youtubeVideoId(url: string): string {
  const s = String(url ?? '').trim();
  const m = /(?:v=|youtu\.be\/|shorts\/|embed\/|live\/)([A-Za-z0-9_-]{11})/.exec(s);
  if (m) return m[1];
  if (/^[A-Za-z0-9_-]{11}$/.test(s)) return s;
  throw new Error('Invalid YouTube URL or video ID');
}

export class YouTubeCommentsComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'YouTubeCommentsComponent',
    displayName: 'YouTube Comments',
    description: 'Retrieves and analyzes comments from YouTube videos.',
    icon: 'YouTube',
    category: 'youtube',
    modules: ['lfx.components.youtube.comments.YouTubeCommentsComponent'],
    module: 'lfx.components.youtube.comments.YouTubeCommentsComponent',
  };
  static override readonly inputs = [
    MessageTextInput({ name: 'video_url', display_name: 'Video URL', info: 'The URL of the YouTube video to get comments from.', tool_mode: true, required: true }),
    SecretStrInput({ name: 'api_key', display_name: 'YouTube API Key', info: 'Your YouTube Data API key.', required: true, load_from_db: false }),
    IntInput({ name: 'max_results', display_name: 'Max Results', value: 20, info: 'The maximum number of comments to return.' }),
    DropdownInput({ name: 'sort_by', display_name: 'Sort By', options: ['time', 'relevance'], value: 'relevance', info: 'Sort comments by time or relevance.' }),
    BoolInput({ name: 'include_replies', display_name: 'Include Replies', value: false, info: 'Whether to include replies to comments.', advanced: true }),
    BoolInput({ name: 'include_metrics', display_name: 'Include Metrics', value: true, info: 'Include metrics like like count and reply count.', advanced: true }),
  ];
  static override readonly outputs = [Output({ name: 'comments', display_name: 'Comments', method: 'get_video_comments', types: ['DataFrame'] })];

  async get_video_comments(): Promise<DataFrame> {
    const p = this.params;
    const videoId = youtubeVideoId(p.video_url);
    const key = await serviceApiKey(this, p.api_key, 'YOUTUBE_API_KEY', 'YouTube');
    const max = Math.max(1, Number(p.max_results ?? 20) || 20);
    const rows: Record<string, unknown>[] = [];
    let pageToken = '';
    while (rows.length < max) {
      const u = new URL(`${serviceBaseUrl(this, 'youtube', 'https://www.googleapis.com')}/youtube/v3/commentThreads`);
      u.searchParams.set('part', p.include_replies ? 'snippet,replies' : 'snippet');
      u.searchParams.set('videoId', videoId);
      u.searchParams.set('maxResults', String(Math.min(100, max - rows.length)));
      u.searchParams.set('order', p.sort_by === 'time' ? 'time' : 'relevance');
      u.searchParams.set('textFormat', 'plainText');
      u.searchParams.set('key', key);
      if (pageToken) u.searchParams.set('pageToken', pageToken);
      const json = await callJson(this, u.toString());
      for (const item of json.items ?? []) {
        const top = item.snippet?.topLevelComment?.snippet ?? {};
        const row: Record<string, unknown> = {
          video_id: videoId,
          comment_id: item.snippet?.topLevelComment?.id ?? item.id,
          parent_comment_id: null,
          is_reply: false,
          author: top.authorDisplayName ?? '',
          author_channel_url: top.authorChannelUrl ?? '',
          text: top.textDisplay ?? top.textOriginal ?? '',
          published_at: top.publishedAt ?? '',
        };
        if (p.include_metrics !== false) Object.assign(row, { like_count: top.likeCount ?? 0, reply_count: item.snippet?.totalReplyCount ?? 0 });
        rows.push(row);
        if (p.include_replies) {
          for (const r of item.replies?.comments ?? []) {
            const s = r.snippet ?? {};
            const reply: Record<string, unknown> = {
              video_id: videoId,
              comment_id: r.id,
              parent_comment_id: row.comment_id,
              is_reply: true,
              author: s.authorDisplayName ?? '',
              author_channel_url: s.authorChannelUrl ?? '',
              text: s.textDisplay ?? s.textOriginal ?? '',
              published_at: s.publishedAt ?? '',
            };
            if (p.include_metrics !== false) Object.assign(reply, { like_count: s.likeCount ?? 0, reply_count: 0 });
            rows.push(reply);
          }
        }
      }
      pageToken = json.nextPageToken ?? '';
      if (!pageToken || !(json.items ?? []).length) break;
    }
    const df = new DataFrame(rows.slice(0, p.include_replies ? rows.length : max));
    this.status = df.rows;
    return df;
  }
}

// ---------------------------------------------------------------------------------------------
export class NeedleComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'needle',
    displayName: 'Needle Retriever',
    description: 'A retriever that uses the Needle API to search collections.',
    icon: 'Needle',
    category: 'needle',
    aliases: ['NeedleComponent'],
    modules: ['lfx.components.needle.needle.NeedleComponent'],
    module: 'lfx.components.needle.needle.NeedleComponent',
    documentation: 'https://docs.needle-ai.com',
  };
  static override readonly inputs = [
    SecretStrInput({ name: 'needle_api_key', display_name: 'Needle API Key', info: 'Your Needle API key.', required: true, load_from_db: false }),
    MessageTextInput({ name: 'collection_id', display_name: 'Collection ID', info: 'The ID of the Needle collection.', required: true }),
    MessageTextInput({ name: 'query', display_name: 'User Query', info: 'Enter your question here.', required: true, tool_mode: true }),
    IntInput({ name: 'top_k', display_name: 'Top K Results', info: 'Number of search results to return (default: 20).', value: 20, required: true }),
  ];
  static override readonly outputs = [Output({ name: 'result', display_name: 'Result', method: 'run', types: ['Message'] })];

  async run(): Promise<Message> {
    const p = this.params;
    const collection = String(p.collection_id ?? '').trim();
    const query = String(p.query ?? '').trim();
    if (!collection) throw new Error('Collection ID is required');
    if (!query) throw new Error('Query cannot be empty');
    const key = await serviceApiKey(this, p.needle_api_key, 'NEEDLE_API_KEY', 'Needle');
    const json = await callJson(this, `${serviceBaseUrl(this, 'needle', 'https://needle-ai.com')}/api/v1/collections/${encodeURIComponent(collection)}/search`, {
      headers: { 'x-api-key': key },
      body: { text: query, top_k: Number(p.top_k ?? 20) || 20 },
    });
    const results: any[] = Array.isArray(json?.result) ? json.result : Array.isArray(json?.results) ? json.results : [];
    const text = results.map((r) => r.content ?? r.text ?? valueToToolText(r)).join('\n\n');
    this.status = text;
    return new Message({ text });
  }
}

// ---------------------------------------------------------------------------------------------
function flatten(obj: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}_${k}` : k, out);
  } else if (Array.isArray(obj)) {
    obj.forEach((v, i) => flatten(v, prefix ? `${prefix}_${i}` : String(i), out));
  } else out[prefix] = obj;
  return out;
}

export class ApifyActorsComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'ApifyActors',
    displayName: 'Apify Actors',
    description: 'Use Apify Actors to extract data from hundreds of places fast. This component can be used in a flow to retrieve data or as a tool with an agent.',
    icon: 'Apify',
    category: 'apify',
    modules: ['lfx.components.apify.apify_actor.ApifyActorsComponent'],
    module: 'lfx.components.apify.apify_actor.ApifyActorsComponent',
    documentation: 'https://docs.apify.com/platform/actors',
  };
  static override readonly inputs = [
    SecretStrInput({ name: 'apify_token', display_name: 'Apify Token', info: 'The API token for the Apify account.', required: true, load_from_db: false }),
    StrInput({ name: 'actor_id', display_name: 'Actor', info: "Actor name from Apify store to run. For example 'apify/website-content-crawler'.", required: true, value: 'apify/website-content-crawler' }),
    MultilineInput({ name: 'run_input', display_name: 'Run input', info: 'The JSON input for the Actor run.', value: '{}', required: true }),
    MultilineInput({ name: 'dataset_fields', display_name: 'Output fields', info: 'Fields to extract from the dataset, split by commas. Other fields will be ignored. Dots in nested structures will be replaced by underscores.' }),
    BoolInput({ name: 'flatten_dataset', display_name: 'Flatten output', info: 'The output dataset will be converted from a nested format to a flat structure.' }),
  ];
  static override readonly outputs = [
    Output({ name: 'output', display_name: 'Output', method: 'run_model', types: ['Data'] }),
    Output({ name: 'tool', display_name: 'Tool', method: 'build_tool', types: ['Tool'], tool_mode: false }),
  ];

  async runActor(runInput: unknown): Promise<Data[]> {
    const p = this.params;
    const token = await serviceApiKey(this, p.apify_token, 'APIFY_API_TOKEN', 'Apify');
    const actor = String(p.actor_id ?? '').trim().replace('/', '~');
    if (!actor) throw new Error('Actor is required');
    let input: unknown = runInput;
    if (typeof input === 'string') input = input.trim() ? JSON.parse(input) : {};
    const u = new URL(`${serviceBaseUrl(this, 'apify', 'https://api.apify.com')}/v2/acts/${encodeURIComponent(actor)}/run-sync-get-dataset-items`);
    const items = await callJson(this, u.toString(), { headers: { authorization: `Bearer ${token}` }, body: input ?? {}, timeoutMs: 600_000 });
    const fields = commaList(p.dataset_fields).map((f) => f.replace(/\./g, '_'));
    return (Array.isArray(items) ? items : [items]).map((item: any) => {
      let row: Record<string, unknown> = p.flatten_dataset || fields.length ? flatten(item) : { ...item };
      if (fields.length) row = Object.fromEntries(fields.filter((f) => f in row).map((f) => [f, row[f]]));
      return new Data(row);
    });
  }

  async run_model(): Promise<Data[]> {
    const out = await this.runActor(this.params.run_input);
    this.status = out.map((d) => d.data);
    return out;
  }

  build_tool(): EngineTool[] {
    const actor = String(this.params.actor_id ?? 'actor');
    const name = `apify_actor_${actor.replace(/[^a-zA-Z0-9_-]/g, '_')}`.slice(0, 64);
    return [
      {
        isEngineTool: true,
        name,
        description: `Run the Apify Actor '${actor}' with a JSON input and return the items of its dataset.`,
        parameters: {
          type: 'object',
          properties: { run_input: { type: 'string', description: 'JSON input for the Actor run (as a JSON string).' } },
          required: ['run_input'],
        },
        tags: [name],
        componentId: this.vertex?.id,
        displayName: this.displayName,
        invoke: async (args) => {
          emitToolEvent(this.ctx, 'build_start', this.vertex?.id);
          try {
            const input = typeof args.run_input === 'object' ? args.run_input : args.run_input ?? this.params.run_input;
            return valueToToolText(await this.runActor(input));
          } finally {
            emitToolEvent(this.ctx, 'build_end', this.vertex?.id);
          }
        },
      },
    ];
  }
}

// ---------------------------------------------------------------------------------------------
export class YfinanceComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'YfinanceComponent',
    displayName: 'Yahoo! Finance',
    description: 'Access financial data and market information from Yahoo! Finance (news and quote data).',
    icon: 'trending-up',
    category: 'yahoosearch',
    modules: ['lfx.components.yahoosearch.yahoo.YfinanceComponent'],
    module: 'lfx.components.yahoosearch.yahoo.YfinanceComponent',
  };
  static override readonly inputs = [
    MessageTextInput({ name: 'symbol', display_name: 'Stock Symbol', info: 'The stock symbol to retrieve data for (e.g., AAPL, GOOG).', tool_mode: true }),
    DropdownInput({
      name: 'method',
      display_name: 'Data Method',
      info: 'The type of data to retrieve.',
      options: ['get_info', 'get_news', 'get_actions', 'get_analysis', 'get_balance_sheet', 'get_calendar', 'get_cashflow', 'get_institutional_holders', 'get_recommendations', 'get_sustainability', 'get_major_holders', 'get_mutualfund_holders', 'get_insider_purchases', 'get_insider_transactions', 'get_insider_roster_holders', 'get_dividends', 'get_capital_gains', 'get_splits', 'get_shares', 'get_fast_info', 'get_sec_filings', 'get_recommendations_summary', 'get_upgrades_downgrades', 'get_earnings', 'get_income_stmt'],
      value: 'get_news',
    }),
    IntInput({ name: 'num_news', display_name: 'Number of News', info: 'The number of news articles to retrieve (only applicable for get_news).', value: 5 }),
  ];
  static override readonly outputs = [Output({ name: 'dataframe', display_name: 'DataFrame', method: 'fetch_content_dataframe', types: ['DataFrame'] })];

  async fetch_content_dataframe(): Promise<DataFrame> {
    const symbol = String(this.params.symbol ?? '').trim().toUpperCase();
    if (!symbol) throw new Error('Please provide a stock symbol.');
    const base = serviceBaseUrl(this, 'yahoo_finance', 'https://query1.finance.yahoo.com');
    const method = String(this.params.method || 'get_news');
    let rows: Record<string, unknown>[];
    if (method === 'get_news') {
      const u = new URL(`${base}/v1/finance/search`);
      u.searchParams.set('q', symbol);
      u.searchParams.set('newsCount', String(Number(this.params.num_news ?? 5) || 5));
      u.searchParams.set('quotesCount', '0');
      const json = await callJson(this, u.toString(), { headers: { 'user-agent': 'Mozilla/5.0 Nestflow' } });
      rows = (json.news ?? []).map((n: any) => ({ title: n.title ?? '', link: n.link ?? '', publisher: n.publisher ?? '', published_at: n.providerPublishTime ?? null }));
    } else {
      const u = new URL(`${base}/v8/finance/chart/${encodeURIComponent(symbol)}`);
      u.searchParams.set('range', '1mo');
      u.searchParams.set('interval', '1d');
      const json = await callJson(this, u.toString(), { headers: { 'user-agent': 'Mozilla/5.0 Nestflow' } });
      const meta = json.chart?.result?.[0]?.meta ?? {};
      rows = [{ symbol, method, ...meta }];
    }
    const df = new DataFrame(rows);
    this.status = df.rows;
    return df;
  }
}

// ---------------------------------------------------------------------------------------------
/** Parses YouTube timedtext XML (`<text start dur>…</text>`) into segments. */
export function parseTimedText(xml: string): { start: number; duration: number; text: string }[] {
  const out: { start: number; duration: number; text: string }[] = [];
  const re = /<text\b([^>]*)>([\s\S]*?)<\/text>/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const attr = (n: string) => Number(new RegExp(`${n}="([^"]*)"`).exec(m![1])?.[1] ?? 0);
    const text = decodeXml(m[2].replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
    if (text) out.push({ start: attr('start'), duration: attr('dur'), text });
  }
  return out;
}

function decodeXml(s: string): string {
  // entities may be double-encoded in timedtext (&amp;#39;)
  let prev = '';
  let cur = s;
  for (let i = 0; i < 2 && cur !== prev; i++) {
    prev = cur;
    cur = cur
      .replace(/&#(\d+);/g, (_m, n) => String.fromCodePoint(Number(n)))
      .replace(/&#x([0-9a-f]+);/gi, (_m, n) => String.fromCodePoint(parseInt(n, 16)))
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return cur;
}

function mmss(sec: number): string {
  const s = Math.floor(sec);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export class YouTubeTranscriptsComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'YouTubeTranscripts',
    displayName: 'YouTube Transcripts',
    description: 'Extracts spoken content from YouTube videos with multiple output options.',
    icon: 'YouTube',
    category: 'youtube',
    aliases: ['YouTubeTranscriptsComponent'],
    modules: ['lfx.components.youtube.youtube_transcripts.YouTubeTranscriptsComponent'],
    module: 'lfx.components.youtube.youtube_transcripts.YouTubeTranscriptsComponent',
  };
  static override readonly inputs = [
    MultilineInput({ name: 'url', display_name: 'Video URL', info: 'Enter the YouTube video URL to get transcripts from.', tool_mode: true, required: true }),
    IntInput({ name: 'chunk_size_seconds', display_name: 'Chunk Size (seconds)', value: 60, info: 'The size of each transcript chunk in seconds.' }),
    DropdownInput({ name: 'translation', display_name: 'Translation Language', advanced: true, options: ['', 'en', 'es', 'fr', 'de', 'it', 'pt', 'ru', 'ja', 'ko', 'hi', 'ar', 'id'], value: '', info: 'Translate the transcripts to the specified language. Leave empty for no translation.' }),
  ];
  static override readonly outputs = [
    Output({ name: 'dataframe', display_name: 'Chunks', method: 'get_dataframe_output', types: ['DataFrame'] }),
    Output({ name: 'message', display_name: 'Transcript', method: 'get_message_output', types: ['Message'] }),
    Output({ name: 'data_output', display_name: 'Transcript + Source', method: 'get_data_output', types: ['Data'] }),
  ];

  private segments?: { start: number; duration: number; text: string }[];

  private async fetchSegments(): Promise<{ start: number; duration: number; text: string }[]> {
    if (this.segments) return this.segments;
    const id = youtubeVideoId(this.params.url);
    const base = serviceBaseUrl(this, 'youtube_web', 'https://www.youtube.com');
    const page = await httpRequest(`${base}/watch?v=${id}`, { headers: { 'accept-language': 'en-US,en;q=0.9', 'user-agent': 'Mozilla/5.0 Nestflow' }, signal: this.ctx.signal, timeoutMs: 30_000 });
    const html = page.text();
    const m = /"captionTracks":(\[.*?\])/.exec(html);
    if (!m) throw new Error('Could not retrieve transcripts: no captions are available for this video.');
    const tracks: any[] = JSON.parse(m[1]);
    if (!tracks.length) throw new Error('Could not retrieve transcripts: no captions are available for this video.');
    const track = tracks.find((t) => /^en/.test(t.languageCode ?? '')) ?? tracks[0];
    let trackUrl = String(track.baseUrl ?? '').replace(/\\u0026/g, '&');
    const lang = String(this.params.translation ?? '');
    if (lang) trackUrl += `&tlang=${encodeURIComponent(lang)}`;
    const xml = await httpRequest(new URL(trackUrl, base).toString(), { signal: this.ctx.signal, timeoutMs: 30_000 });
    if (xml.status >= 400) throw new Error(`Could not retrieve transcripts: HTTP ${xml.status}`);
    this.segments = parseTimedText(xml.text());
    return this.segments;
  }

  async get_dataframe_output(): Promise<DataFrame> {
    const segs = await this.fetchSegments();
    const size = Math.max(1, Number(this.params.chunk_size_seconds ?? 60) || 60);
    const rows: { timestamp: string; text: string }[] = [];
    let cur: { start: number; parts: string[] } | null = null;
    for (const s of segs) {
      if (!cur || s.start >= cur.start + size) {
        if (cur) rows.push({ timestamp: mmss(cur.start), text: cur.parts.join(' ') });
        cur = { start: Math.floor(s.start / size) * size, parts: [] };
      }
      cur.parts.push(s.text);
    }
    if (cur) rows.push({ timestamp: mmss(cur.start), text: cur.parts.join(' ') });
    const df = new DataFrame(rows);
    this.status = df.rows;
    return df;
  }

  async get_message_output(): Promise<Message> {
    const text = (await this.fetchSegments()).map((s) => s.text).join(' ');
    this.status = text;
    return new Message({ text });
  }

  async get_data_output(): Promise<Data> {
    try {
      const text = (await this.fetchSegments()).map((s) => s.text).join(' ');
      return new Data({ video_url: this.params.url, transcript: text });
    } catch (e: any) {
      if (this.ctx.signal.aborted) throw e;
      return new Data({ video_url: this.params.url, transcript: '', error: String(e?.message ?? e) });
    }
  }
}
