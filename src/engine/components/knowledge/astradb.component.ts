/**
 * Astra DB (`AstraDB`): vector store on DataStax Astra DB through its Data API (JSON over HTTP).
 *
 * Endpoint: `api_endpoint`, else `database_name` when it is already an endpoint URL, else the
 * database of that name looked up with the DevOps API (`GET {devops}/v2/databases`, endpoint
 * `https://<id>-<region>.apps.astra.datastax.com`; base redirectable via
 * settings.serviceBaseUrls.astra_devops). Documents are stored as LangChain's AstraDBVectorStore
 * does: `{content, metadata, $vector}`; without an embedding model the collection's server-side
 * vectorize is used (`$vectorize`).
 */
import { Component, ComponentMeta } from '../../component/component';
import {
  BoolInput,
  DropdownInput,
  FloatInput,
  HandleInput,
  IntInput,
  NestedDictInput,
  Output,
  QueryInput,
  SecretStrInput,
  StrInput,
} from '../../component/fields';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { Message } from '../../schema/message';
import { toDataFrame } from '../../schema/convert';
import { pyStr } from '../../schema/py';
import { isEmbeddingsModel } from '../../llm/types';
import { callJson, serviceApiKey, serviceBaseUrl } from '../tools/service';

export class AstraDBVectorStoreComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'AstraDB',
    displayName: 'Astra DB',
    description: 'Ingest and search documents in Astra DB',
    icon: 'AstraDB',
    category: 'datastax',
    aliases: ['AstraDBVectorStoreComponent'],
    modules: ['lfx.components.datastax.astradb_vectorstore.AstraDBVectorStoreComponent', 'lfx.components.vectorstores.astradb.AstraDBVectorStoreComponent'],
    module: 'lfx.components.datastax.astradb_vectorstore.AstraDBVectorStoreComponent',
    documentation: 'https://docs.datastax.com/en/langflow/astra-components.html',
  };
  static override readonly inputs = [
    SecretStrInput({ name: 'token', display_name: 'Astra DB Application Token', info: 'Authentication token for accessing Astra DB.', value: 'ASTRA_DB_APPLICATION_TOKEN', required: true, real_time_refresh: true }),
    DropdownInput({ name: 'environment', display_name: 'Environment', info: 'The environment for the Astra DB API Endpoint.', options: ['prod', 'test', 'dev'], value: 'prod', advanced: true, real_time_refresh: true }),
    DropdownInput({ name: 'database_name', display_name: 'Database', info: 'The Database name for the Astra DB instance.', required: true, options: [], value: '', combobox: true, real_time_refresh: true }),
    DropdownInput({ name: 'api_endpoint', display_name: 'Astra DB API Endpoint', info: 'The API Endpoint for the Astra DB instance. Supercedes database selection.', advanced: true, options: [], value: '' }),
    DropdownInput({ name: 'keyspace', display_name: 'Keyspace', info: 'Optional keyspace within Astra DB to use for the collection.', advanced: true, options: [], value: '' }),
    DropdownInput({ name: 'collection_name', display_name: 'Collection', info: 'The name of the collection within Astra DB where the vectors will be stored.', required: true, options: [], value: '', combobox: true, real_time_refresh: true }),
    HandleInput({ name: 'embedding_model', display_name: 'Embedding Model', input_types: ['Embeddings'], info: 'Specify the Embedding Model. Not required for Astra Vectorize collections.', required: false }),
    HandleInput({ name: 'ingest_data', display_name: 'Ingest Data', input_types: ['Data', 'DataFrame'], is_list: true, list: true }),
    QueryInput({ name: 'search_query', display_name: 'Search Query', tool_mode: true, placeholder: 'Enter a query...' }),
    BoolInput({ name: 'should_cache_vector_store', display_name: 'Cache Vector Store', value: true, advanced: true }),
    DropdownInput({ name: 'search_method', display_name: 'Search Method', options: ['Hybrid Search', 'Vector Search'], value: 'Vector Search', advanced: true, real_time_refresh: true }),
    DropdownInput({ name: 'reranker', display_name: 'Reranker', options: [], value: '', show: false, advanced: true }),
    QueryInput({ name: 'lexical_terms', display_name: 'Lexical Terms', show: false, advanced: true, placeholder: 'Enter terms to search...' }),
    IntInput({ name: 'number_of_results', display_name: 'Number of Search Results', info: 'Number of search results to return.', advanced: true, value: 4 }),
    DropdownInput({ name: 'search_type', display_name: 'Search Type', info: 'Search type to use', options: ['Similarity', 'Similarity with score threshold', 'MMR (Max Marginal Relevance)'], value: 'Similarity', advanced: true }),
    FloatInput({ name: 'search_score_threshold', display_name: 'Search Score Threshold', info: 'Minimum similarity score threshold for search results.', value: 0, advanced: true }),
    NestedDictInput({ name: 'advanced_search_filter', display_name: 'Search Metadata Filter', info: 'Optional dictionary of filters to apply to the search query.', advanced: true }),
    BoolInput({ name: 'autodetect_collection', display_name: 'Autodetect Collection', info: 'Boolean flag to determine whether to autodetect the collection.', advanced: true, value: true }),
    StrInput({ name: 'content_field', display_name: 'Content Field', info: 'Field to use as the text content field for the vector store.', advanced: true }),
    StrInput({ name: 'deletion_field', display_name: 'Deletion Based On Field', info: 'When set, documents with the same value in this metadata field are deleted before new ones are inserted.', advanced: true }),
    BoolInput({ name: 'ignore_invalid_documents', display_name: 'Ignore Invalid Documents', info: 'Boolean flag to determine whether to ignore invalid documents at runtime.', advanced: true }),
    NestedDictInput({ name: 'astradb_vectorstore_kwargs', display_name: 'AstraDBVectorStore Parameters', info: 'Optional dictionary of additional parameters for the AstraDBVectorStore.', advanced: true }),
  ];
  static override readonly outputs = [
    Output({ name: 'search_results', display_name: 'Search Results', method: 'search_documents', types: ['Data'] }),
    Output({ name: 'dataframe', display_name: 'DataFrame', method: 'as_dataframe', types: ['DataFrame'] }),
    Output({ name: 'vectorstoreconnection', display_name: 'Vector Store Connection', method: 'as_vector_store', types: ['VectorStore'], tool_mode: false }),
  ];

  private prepared?: { endpoint: string; token: string; keyspace: string; collection: string };

  private async token(): Promise<string> {
    const t = String(this.params.token ?? '').trim();
    if (t && t !== 'ASTRA_DB_APPLICATION_TOKEN') return t;
    return serviceApiKey(this, '', 'ASTRA_DB_APPLICATION_TOKEN', 'Astra DB application token');
  }

  private async endpoint(token: string): Promise<string> {
    const explicit = String(this.params.api_endpoint ?? '').trim();
    if (explicit) return explicit.replace(/\/+$/, '');
    const db = String(this.params.database_name ?? '').trim();
    if (!db) throw new Error('Please select a database (or set the API endpoint).');
    if (/^https?:\/\//.test(db)) return db.replace(/\/+$/, '');
    const env = String(this.params.environment || 'prod');
    const devops = serviceBaseUrl(this, 'astra_devops', env === 'prod' ? 'https://api.astra.datastax.com' : `https://api.${env}.cloud.datastax.com`);
    const list = await callJson(this, `${devops}/v2/databases?include=nonterminated&provider=ALL&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    const found = (Array.isArray(list) ? list : []).find((d: any) => d?.info?.name === db || d?.id === db);
    if (!found) throw new Error(`Astra DB database '${db}' not found.`);
    const region = found.info?.region ?? found.info?.datacenters?.[0]?.region;
    const domain = env === 'prod' ? 'apps.astra.datastax.com' : `apps.astra-${env}.datastax.com`;
    return `https://${found.id}-${region}.${domain}`;
  }

  private async prepare(): Promise<{ endpoint: string; token: string; keyspace: string; collection: string }> {
    if (this.prepared) return this.prepared;
    const token = await this.token();
    const endpoint = await this.endpoint(token);
    const collection = String(this.params.collection_name ?? '').trim();
    if (!collection) throw new Error('Please select a collection.');
    const keyspace = String(this.params.keyspace ?? '').trim() || 'default_keyspace';
    this.prepared = { endpoint, token, keyspace, collection };
    return this.prepared;
  }

  private async api(path: string, body: unknown): Promise<any> {
    const p = await this.prepare();
    const json = await callJson(this, `${p.endpoint}/api/json/v1/${encodeURIComponent(p.keyspace)}${path}`, {
      headers: { token: p.token, 'user-agent': 'nestflow' },
      body,
    });
    if (json?.errors?.length) throw new Error(`Astra DB: ${json.errors.map((e: any) => e.message ?? e.errorCode).join('; ')}`);
    return json;
  }

  private docsFromInput(): { content: string; metadata: Record<string, unknown> }[] {
    const raw = this.params.ingest_data;
    const items: unknown[] = Array.isArray(raw) ? raw : raw ? [raw] : [];
    const contentField = String(this.params.content_field ?? '').trim() || 'text';
    const out: { content: string; metadata: Record<string, unknown> }[] = [];
    for (const item of items) {
      if (item instanceof Message) out.push({ content: item.getText(), metadata: {} });
      else {
        for (const row of toDataFrame(item).rows) {
          const { [contentField]: content, ...metadata } = row;
          out.push({ content: pyStr(content ?? ''), metadata });
        }
      }
    }
    return out.filter((d) => d.content);
  }

  private ingested = false;

  private async ingest(): Promise<void> {
    if (this.ingested) return;
    this.ingested = true;
    const docs = this.docsFromInput();
    if (!docs.length) return;
    const p = await this.prepare();
    const emb = this.params.embedding_model;
    let vectors: number[][] | null = null;
    if (isEmbeddingsModel(emb)) vectors = await emb.embedDocuments(docs.map((d) => d.content), this.ctx.signal);
    // make sure the collection exists (an "already exists" error is fine)
    try {
      await this.api('', {
        createCollection: {
          name: p.collection,
          options: vectors ? { vector: { dimension: vectors[0]?.length ?? 0, metric: 'cosine' } } : {},
        },
      });
    } catch (e: any) {
      if (!/exist/i.test(String(e?.message ?? ''))) throw e;
    }
    const deletion = String(this.params.deletion_field ?? '').trim();
    if (deletion) {
      const values = [...new Set(docs.map((d) => d.metadata[deletion]).filter((v) => v !== undefined))];
      for (const v of values) await this.api(`/${encodeURIComponent(p.collection)}`, { deleteMany: { filter: { [`metadata.${deletion}`]: v } } });
    }
    const documents = docs.map((d, i) => ({ content: d.content, metadata: d.metadata, ...(vectors ? { $vector: vectors[i] } : { $vectorize: d.content }) }));
    for (let i = 0; i < documents.length; i += 20) {
      await this.api(`/${encodeURIComponent(p.collection)}`, { insertMany: { documents: documents.slice(i, i + 20), options: { ordered: false } } });
    }
  }

  async search_documents(): Promise<Data[]> {
    await this.ingest();
    const query = String(this.params.search_query ?? '').trim();
    if (!query) {
      this.status = [];
      return [];
    }
    const p = await this.prepare();
    const emb = this.params.embedding_model;
    const k = Math.max(1, Number(this.params.number_of_results ?? 4) || 4);
    const sort = isEmbeddingsModel(emb) ? { $vector: await emb.embedQuery(query, this.ctx.signal) } : { $vectorize: query };
    const filter = this.params.advanced_search_filter && typeof this.params.advanced_search_filter === 'object' ? this.params.advanced_search_filter : {};
    const hybrid = this.params.search_method === 'Hybrid Search';
    const lexical = String(this.params.lexical_terms ?? '').trim() || query;
    const json = hybrid
      ? // hybrid: vector + lexical candidates reranked by the collection's reranker
        await this.api(`/${encodeURIComponent(p.collection)}`, {
          findAndRerank: {
            filter,
            sort: { $hybrid: { ...(isEmbeddingsModel(emb) ? { $vector: (sort as any).$vector } : { $vectorize: query }), $lexical: lexical } },
            options: { limit: k, rerankOn: String(this.params.content_field || '') || undefined, includeScores: true },
            projection: { $vector: 0 },
          },
        })
      : await this.api(`/${encodeURIComponent(p.collection)}`, {
          find: { filter, sort, options: { limit: k, includeSimilarity: true }, projection: { $vector: 0 } },
        });
    const threshold = Number(this.params.search_score_threshold ?? 0) || 0;
    const useThreshold = this.params.search_type === 'Similarity with score threshold';
    const docs: any[] = json?.data?.documents ?? [];
    const out = docs
      .filter((d) => !useThreshold || (d.$similarity ?? 1) >= threshold)
      .map((d) => {
        const text = d.content ?? d[String(this.params.content_field || 'content')] ?? '';
        return new Data({ ...(d.metadata ?? {}), text, ...(d.$similarity !== undefined ? { score: d.$similarity } : {}) });
      });
    this.status = out.map((d) => d.data);
    return out;
  }

  async as_dataframe(): Promise<DataFrame> {
    return new DataFrame(await this.search_documents());
  }

  /** A handle other components can use (endpoint, keyspace, collection; the token stays here). */
  async as_vector_store(): Promise<Record<string, unknown>> {
    await this.ingest();
    const p = await this.prepare();
    return { kind: 'astradb', endpoint: p.endpoint, keyspace: p.keyspace, collection: p.collection, search: () => this.search_documents() };
  }
}
