/**
 * Knowledge Ingestion / Knowledge Retrieval: a local knowledge base per user, stored as JSON under
 * the knowledge-bases directory (settings.knowledgeBasesDir, else LANGFLOW_KNOWLEDGE_BASES_DIR /
 * KNOWLEDGE_BASES_DIR, else ~/.nestflow/knowledge_bases):
 *   <dir>/<user>/<kb name>/embedding_metadata.json   {embedding_provider, embedding_model, ...}
 *   <dir>/<user>/<kb name>/vectors.json              rows with text, metadata and embedding
 * Embeddings come from the KB's model (OpenAI-compatible, server-wide base URL); a knowledge base
 * that does not exist yet is created on first ingestion with text-embedding-3-small.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createHash } from 'crypto';
import { Component, ComponentMeta } from '../../component/component';
import {
  BoolInput,
  DropdownInput,
  HandleInput,
  IntInput,
  MessageTextInput,
  Output,
  SecretStrInput,
  TableInput,
} from '../../component/fields';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { toDataFrame } from '../../schema/convert';
import { pyStr } from '../../schema/py';
import { buildEmbeddingsModel } from '../../llm/model-config';
import type { EmbeddingsModel } from '../../llm/types';
import { llmContext } from '../models/llm-support';
import { VectorIndex, VectorRecord } from './vector-index';

export const DEFAULT_KB_EMBEDDING_MODEL = 'text-embedding-3-small';

export interface KnowledgeBaseMetadata {
  embedding_provider: string;
  embedding_model: string;
  created_at: string;
  updated_at?: string;
  chunks?: number;
}

function safeName(s: string): string {
  const n = String(s ?? '').trim();
  if (!n || /[\\/]|^\.\.?$/.test(n)) throw new Error(`Invalid knowledge base name: '${s}'`);
  return n;
}

export function knowledgeBasesDir(c: Component): string {
  const s = c.ctx?.settings?.knowledgeBasesDir;
  if (typeof s === 'string' && s) return s;
  return process.env.LANGFLOW_KNOWLEDGE_BASES_DIR || process.env.KNOWLEDGE_BASES_DIR || path.join(os.homedir(), '.nestflow', 'knowledge_bases');
}

export function knowledgeBasePath(c: Component, name: string): string {
  const user = String(c.ctx?.userId || 'default').replace(/[\\/]/g, '_');
  return path.join(knowledgeBasesDir(c), user, safeName(name));
}

function readMeta(dir: string): KnowledgeBaseMetadata | null {
  const f = path.join(dir, 'embedding_metadata.json');
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null;
}

async function embeddingsFor(c: Component, meta: KnowledgeBaseMetadata): Promise<EmbeddingsModel> {
  return buildEmbeddingsModel(
    { provider: meta.embedding_provider, model: meta.embedding_model, api_key: c.params.api_key, chunk_size: c.params.chunk_size },
    llmContext(c),
  );
}

function kbName(c: Component): string {
  const v = c.params.knowledge_base;
  const name = typeof v === 'string' ? v : Array.isArray(v) ? v[0] : v?.text;
  if (!name) throw new Error('Please select a knowledge base.');
  return String(name);
}

export class KnowledgeIngestionComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'KnowledgeIngestion',
    displayName: 'Knowledge Ingestion',
    description: 'Create or update knowledge in a knowledge base.',
    icon: 'upload',
    category: 'files_and_knowledge',
    aliases: ['KnowledgeIngestionComponent'],
    modules: ['lfx.components.files_and_knowledge.ingestion.KnowledgeIngestionComponent', 'lfx.components.data.kb_ingest.KBIngestionComponent'],
    module: 'lfx.components.files_and_knowledge.ingestion.KnowledgeIngestionComponent',
  };
  static override readonly inputs = [
    DropdownInput({ name: 'knowledge_base', display_name: 'Knowledge', info: 'Select the knowledge base to load files into (created on first use).', required: true, options: [], refresh_button: true, real_time_refresh: true, combobox: true, value: null }),
    HandleInput({ name: 'input_df', display_name: 'Input', info: 'Table with all original columns (already chunked / processed). Accepts Data or DataFrame.', input_types: ['Data', 'DataFrame'], required: true }),
    TableInput({
      name: 'column_config',
      display_name: 'Column Configuration',
      info: 'Configure column behavior for the knowledge base.',
      required: true,
      value: [{ column_name: 'text', vectorize: true, identifier: true }],
      table_schema: [
        { name: 'column_name', display_name: 'Column Name', type: 'str', description: 'Name of the column in the source DataFrame', edit_mode: 'inline' },
        { name: 'vectorize', display_name: 'Vectorize', type: 'boolean', description: 'Create embeddings for this column', default: false, edit_mode: 'inline' },
        { name: 'identifier', display_name: 'Identifier', type: 'boolean', description: 'Use this column as unique identifier', default: false, edit_mode: 'inline' },
      ],
    }),
    IntInput({ name: 'chunk_size', display_name: 'Chunk Size', info: 'Batch size for processing embeddings', advanced: true, value: 1000 }),
    SecretStrInput({ name: 'api_key', display_name: 'Embedding Provider API Key', info: 'API key for the embedding provider (falls back to OPENAI_API_KEY).', advanced: true, required: false, load_from_db: false }),
    BoolInput({ name: 'allow_duplicates', display_name: 'Allow Duplicates', info: 'Allow duplicate rows in the knowledge base', advanced: true, value: false }),
  ];
  static override readonly outputs = [Output({ name: 'dataframe_output', display_name: 'Results', method: 'build_kb_info', types: ['Data'] })];

  async build_kb_info(): Promise<Data> {
    const name = kbName(this);
    const dir = knowledgeBasePath(this, name);
    let meta = readMeta(dir);
    const now = new Date().toISOString();
    if (!meta) {
      meta = {
        embedding_provider: 'OpenAI',
        embedding_model: String(this.ctx?.settings?.knowledgeEmbeddingModel || DEFAULT_KB_EMBEDDING_MODEL),
        created_at: now,
      };
    }
    const raw = this.params.input_df;
    const df = Array.isArray(raw) ? new DataFrame(raw.flatMap((x: any) => toDataFrame(x).rows)) : toDataFrame(raw ?? []);
    const config: any[] = Array.isArray(this.params.column_config) ? this.params.column_config : [];
    const truthy = (v: unknown) => v === true || String(v).toLowerCase() === 'true';
    const vectorCols = config.filter((r) => truthy(r.vectorize)).map((r) => String(r.column_name));
    const idCols = config.filter((r) => truthy(r.identifier)).map((r) => String(r.column_name));
    if (!vectorCols.length) throw new Error('At least one column must be marked for vectorization.');
    const missing = vectorCols.filter((c) => df.rows.length && !df.columns.includes(c));
    if (missing.length) throw new Error(`Columns not found in the input: ${missing.join(', ')}. Available: ${df.columns.join(', ')}`);

    const index = VectorIndex.load(path.join(dir, 'vectors.json'));
    const fresh: Omit<VectorRecord, 'embedding'>[] = [];
    const seen = new Set<string>();
    for (const row of df.rows) {
      const text = vectorCols.map((c) => pyStr(row[c] ?? '')).join(' ').trim();
      if (!text) continue;
      const idSource = (idCols.length ? idCols : vectorCols).map((c) => pyStr(row[c] ?? '')).join('|');
      const id = createHash('sha256').update(idSource).digest('hex');
      if (!this.params.allow_duplicates && (index.has(id) || seen.has(id))) continue;
      seen.add(id);
      fresh.push({ id: this.params.allow_duplicates ? `${id}-${index.records.length + fresh.length}` : id, text, metadata: { ...row } });
    }
    if (fresh.length) {
      const emb = await embeddingsFor(this, meta);
      const vectors = await emb.embedDocuments(
        fresh.map((r) => r.text),
        this.ctx.signal,
      );
      index.add(fresh.map((r, i) => ({ ...r, embedding: vectors[i] })));
    }
    fs.mkdirSync(dir, { recursive: true });
    meta = { ...meta, updated_at: now, chunks: index.records.length };
    fs.writeFileSync(path.join(dir, 'embedding_metadata.json'), JSON.stringify(meta, null, 2));
    index.save(path.join(dir, 'vectors.json'));
    const out = new Data({
      kb_id: createHash('sha256').update(dir).digest('hex').slice(0, 32),
      kb_name: name,
      rows: df.rows.length,
      added: fresh.length,
      total_chunks: index.records.length,
      column_metadata: { vectorize: vectorCols, identifier: idCols },
      embedding_model: meta.embedding_model,
      path: dir,
      timestamp: now,
    });
    this.status = out.data;
    return out;
  }
}

export class KnowledgeRetrievalComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'KnowledgeRetrieval',
    displayName: 'Knowledge Retrieval',
    description: 'Search and retrieve data from knowledge.',
    icon: 'download',
    category: 'files_and_knowledge',
    aliases: ['KnowledgeRetrievalComponent'],
    modules: ['lfx.components.files_and_knowledge.retrieval.KnowledgeRetrievalComponent', 'lfx.components.data.kb_retrieval.KBRetrievalComponent'],
    module: 'lfx.components.files_and_knowledge.retrieval.KnowledgeRetrievalComponent',
  };
  static override readonly inputs = [
    DropdownInput({ name: 'knowledge_base', display_name: 'Knowledge', info: 'Select the knowledge to load data from.', required: true, options: [], refresh_button: true, real_time_refresh: true, combobox: true, value: null }),
    SecretStrInput({ name: 'api_key', display_name: 'Embedding Provider API Key', info: 'API key for the embedding provider (falls back to OPENAI_API_KEY).', advanced: true, required: false, load_from_db: false }),
    MessageTextInput({ name: 'search_query', display_name: 'Search Query', info: 'Optional search query to filter knowledge base data.', tool_mode: true }),
    IntInput({ name: 'top_k', display_name: 'Top K Results', info: 'Number of top results to return from the knowledge base.', value: 5, advanced: true, required: false }),
    BoolInput({ name: 'include_metadata', display_name: 'Include Metadata', info: 'Whether to include all metadata in the output. If false, only content is returned.', value: true, advanced: false }),
    BoolInput({ name: 'include_embeddings', display_name: 'Include Embeddings', info: 'Whether to include embeddings in the output. Only applicable if \'Include Metadata\' is enabled.', value: false, advanced: true }),
  ];
  static override readonly outputs = [Output({ name: 'retrieve_data', display_name: 'Results', method: 'retrieve_data', types: ['DataFrame'] })];

  async retrieve_data(): Promise<DataFrame> {
    const name = kbName(this);
    const dir = knowledgeBasePath(this, name);
    const meta = readMeta(dir);
    if (!meta) throw new Error(`Knowledge base '${name}' not found.`);
    const index = VectorIndex.load(path.join(dir, 'vectors.json'));
    const k = Math.max(1, Number(this.params.top_k ?? 5) || 5);
    const query = String(this.params.search_query ?? '').trim();
    let hits: { record: VectorRecord; score: number | null }[];
    if (query) {
      const emb = await embeddingsFor(this, meta);
      const qv = await emb.embedQuery(query, this.ctx.signal);
      hits = index.search(qv, k);
    } else {
      hits = index.records.slice(0, k).map((record) => ({ record, score: null }));
    }
    const rows = hits.map(({ record, score }) => {
      const row: Record<string, unknown> = { content: record.text };
      if (this.params.include_metadata !== false) {
        Object.assign(row, record.metadata, { _id: record.id });
        if (score !== null) row._score = score;
        if (this.params.include_embeddings) row._embeddings = record.embedding;
      }
      return row;
    });
    const df = new DataFrame(rows);
    this.status = df.rows;
    return df;
  }
}
