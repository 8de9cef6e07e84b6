/**
 * FAISS (`FAISS`): a local vector store. Documents from `ingest_data` are embedded with the
 * connected embeddings model and kept in memory (exact cosine search), persisted as JSON
 * (`<persist_directory>/<index_name>.nestflow.json`) when a directory is set.
 * Outputs: `search_results` (list of Data) and `dataframe`.
 */
import * as path from 'path';
import { Component, ComponentMeta } from '../../component/component';
import { BoolInput, HandleInput, IntInput, Output, QueryInput, StrInput } from '../../component/fields';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { toDataFrame } from '../../schema/convert';
import { pyStr } from '../../schema/py';
import { isEmbeddingsModel } from '../../llm/types';
import { VectorIndex } from './vector-index';

export class FaissVectorStoreComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'FAISS',
    displayName: 'FAISS',
    description: 'FAISS Vector Store with search capabilities',
    icon: 'FAISS',
    category: 'FAISS',
    aliases: ['FaissVectorStoreComponent'],
    modules: ['lfx.components.FAISS.faiss.FaissVectorStoreComponent', 'langflow.components.vectorstores.faiss.FaissVectorStoreComponent'],
    module: 'lfx.components.FAISS.faiss.FaissVectorStoreComponent',
  };
  static override readonly inputs = [
    StrInput({ name: 'index_name', display_name: 'Index Name', value: 'langflow_index' }),
    StrInput({ name: 'persist_directory', display_name: 'Persist Directory', info: 'Path to save the FAISS index. It will be relative to where Nestflow is running.' }),
    HandleInput({ name: 'ingest_data', display_name: 'Ingest Data', input_types: ['Data', 'DataFrame'], is_list: true, list: true }),
    QueryInput({ name: 'search_query', display_name: 'Search Query', info: 'Enter a query to run a similarity search.', placeholder: 'Enter a query...', tool_mode: true }),
    BoolInput({ name: 'should_cache_vector_store', display_name: 'Cache Vector Store', value: true, advanced: true, info: 'If True, the vector store will be cached for the current build of the component.' }),
    BoolInput({ name: 'allow_dangerous_deserialization', display_name: 'Allow Dangerous Deserialization', advanced: true, value: true, info: 'Kept for compatibility; the Nestflow index is plain JSON.' }),
    HandleInput({ name: 'embedding', display_name: 'Embedding', input_types: ['Embeddings'] }),
    IntInput({ name: 'number_of_results', display_name: 'Number of Results', info: 'Number of results to return.', advanced: true, value: 4 }),
  ];
  static override readonly outputs = [
    Output({ name: 'search_results', display_name: 'Search Results', method: 'search_documents', types: ['Data'] }),
    Output({ name: 'dataframe', display_name: 'DataFrame', method: 'as_dataframe', types: ['DataFrame'] }),
  ];

  private store?: VectorIndex;

  private file(): string | null {
    const dir = String(this.params.persist_directory ?? '').trim();
    if (!dir) return null;
    const name = String(this.params.index_name || 'langflow_index').replace(/[\\/]/g, '_');
    return path.resolve(dir, `${name}.nestflow.json`);
  }

  async build_vector_store(): Promise<VectorIndex> {
    if (this.store) return this.store;
    const emb = this.params.embedding;
    const file = this.file();
    const index = file ? VectorIndex.load(file) : new VectorIndex();
    const raw = this.params.ingest_data;
    const items: unknown[] = Array.isArray(raw) ? raw : raw ? [raw] : [];
    const docs: { text: string; metadata: Record<string, unknown> }[] = [];
    for (const item of items) {
      if (item instanceof Message) docs.push({ text: item.getText(), metadata: {} });
      else if (item instanceof Data && !(item instanceof Message)) docs.push({ text: pyStr(item.getText()), metadata: { ...item.data } });
      else for (const row of toDataFrame(item).rows) docs.push({ text: pyStr(row.text ?? ''), metadata: { ...row } });
    }
    const toEmbed = docs.filter((d) => d.text);
    if (toEmbed.length) {
      if (!isEmbeddingsModel(emb)) throw new Error('An embedding model is required to ingest data.');
      const vectors = await emb.embedDocuments(toEmbed.map((d) => d.text), this.ctx.signal);
      index.add(toEmbed.map((d, i) => ({ id: `${index.records.length + i}`, text: d.text, metadata: d.metadata, embedding: vectors[i] })));
      if (file) index.save(file);
    }
    if (this.params.should_cache_vector_store !== false) this.store = index;
    return index;
  }

  async search_documents(): Promise<Data[]> {
    const index = await this.build_vector_store();
    const query = String(this.params.search_query ?? '').trim();
    if (!query) {
      this.status = [];
      return [];
    }
    const emb = this.params.embedding;
    if (!isEmbeddingsModel(emb)) throw new Error('An embedding model is required to search.');
    const qv = await emb.embedQuery(query, this.ctx.signal);
    const k = Math.max(1, Number(this.params.number_of_results ?? 4) || 4);
    const out = index.search(qv, k).map(({ record }) => new Data({ ...record.metadata, text: record.text }));
    this.status = out.map((d) => d.data);
    return out;
  }

  async as_dataframe(): Promise<DataFrame> {
    return new DataFrame(await this.search_documents());
  }
}
