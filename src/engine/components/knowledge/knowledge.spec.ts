import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startFakeOpenAI, FakeOpenAI } from '../../../../test/support/fake-openai';
import { startFakeWeb, FakeWeb } from '../../../../test/support/fake-openai/fake-web';
import { createDefaultRegistry } from '../index';
import { FlowEngine } from '../../runtime/engine';
import { FlowBuilder } from '../../starter-projects/flow-builder';
import { Data } from '../../schema/data';
import { DataFrame } from '../../schema/dataframe';
import { cosine, VectorIndex } from './vector-index';

const registry = createDefaultRegistry();

describe('local vector stores', () => {
  let fake: FakeOpenAI;
  let web: FakeWeb;
  let engine: FlowEngine;
  let tmp: string;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    web = await startFakeWeb();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nestflow-vs-'));
    engine = new FlowEngine({ registry, settings: { openaiBaseUrl: fake.url, knowledgeBasesDir: path.join(tmp, 'kb') } });
  });
  afterAll(async () => {
    await fake.close();
    await web.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('vector index: cosine ranking and JSON persistence', () => {
    expect(cosine([1, 0], [1, 0])).toBeCloseTo(1);
    const idx = new VectorIndex();
    idx.add([
      { id: 'a', text: 'a', metadata: {}, embedding: [1, 0] },
      { id: 'b', text: 'b', metadata: {}, embedding: [0, 1] },
    ]);
    expect(idx.search([0.1, 0.9], 1)[0].record.id).toBe('b');
    const f = path.join(tmp, 'idx.json');
    idx.save(f);
    expect(VectorIndex.load(f).records).toHaveLength(2);
  });

  it('FAISS ingests, searches and persists', async () => {
    const build = (withData: boolean, query: string) => {
      const b = new FlowBuilder(registry, 'faiss');
      const emb = b.add('OpenAIEmbeddings', { position: { x: 0, y: 0 }, values: { openai_api_key: 'k' } });
      const store = b.add('FAISS', { position: { x: 400, y: 0 }, values: { persist_directory: tmp, index_name: 'docs', search_query: query, number_of_results: 1 } });
      b.connect(emb, 'embeddings', store, 'embedding');
      if (withData) {
        const url = b.add('URLComponent', { position: { x: 0, y: 300 }, values: { urls: [`${web.url}/docs/alpha`, `${web.url}/docs/beta`] } });
        b.connect(url, 'page_results', store, 'ingest_data');
      }
      return { flow: b.build(), store };
    };
    const a = build(true, 'Documentation for beta');
    const res = await engine.run(engine.compile(a.flow), { outputType: 'debug' });
    const hits = res.vertices.get(a.store)!.results as Record<string, unknown>;
    const found = (hits.search_results ?? (hits.dataframe as DataFrame).rows) as Data[];
    expect(found).toHaveLength(1);
    expect((found[0] as Data).data.text).toBe('Documentation for beta');
    expect(fs.existsSync(path.join(tmp, 'docs.nestflow.json'))).toBe(true);
    // a later run without ingest data searches the persisted index
    const b = build(false, 'Documentation for alpha');
    const res2 = await engine.run(engine.compile(b.flow), { outputType: 'debug' });
    const df = Object.values(res2.vertices.get(b.store)!.results)[0] as Data[];
    expect((df[0] as Data).data.text).toBe('Documentation for alpha');
  });

  it('knowledge base: ingestion deduplicates, retrieval ranks', async () => {
    const ingest = () => {
      const b = new FlowBuilder(registry, 'kb');
      const url = b.add('URLComponent', { position: { x: 0, y: 0 }, values: { urls: [`${web.url}/docs/one`, `${web.url}/docs/two`] } });
      const kb = b.add('KnowledgeIngestion', { position: { x: 400, y: 0 }, values: { knowledge_base: 'team', api_key: 'k' } });
      b.connect(url, 'page_results', kb, 'input_df');
      return { flow: b.build(), kb };
    };
    const i1 = ingest();
    const r1 = await engine.run(engine.compile(i1.flow), { outputType: 'debug' });
    expect((r1.vertices.get(i1.kb)!.results.dataframe_output as Data).data).toMatchObject({ added: 2, total_chunks: 2, kb_name: 'team' });
    const r2 = await engine.run(engine.compile(i1.flow), { outputType: 'debug' });
    expect((r2.vertices.get(i1.kb)!.results.dataframe_output as Data).data).toMatchObject({ added: 0, total_chunks: 2 });
    const b = new FlowBuilder(registry, 'kb-r');
    const kr = b.add('KnowledgeRetrieval', { position: { x: 0, y: 0 }, values: { knowledge_base: 'team', api_key: 'k', search_query: 'Documentation for two', top_k: 1 } });
    const r3 = await engine.run(engine.compile(b.build()), { outputType: 'debug' });
    const rows = (r3.vertices.get(kr)!.results.retrieve_data as DataFrame).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ content: 'Documentation for two', url: `${web.url}/docs/two` });
    expect(typeof rows[0]._score).toBe('number');
  });
});
