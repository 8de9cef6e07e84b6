/** A small exact (brute-force cosine) vector index with JSON persistence, for local RAG components. */
import * as fs from 'fs';
import * as path from 'path';

export interface VectorRecord {
  id: string;
  text: string;
  metadata: Record<string, unknown>;
  embedding: number[];
}

export interface ScoredRecord {
  record: VectorRecord;
  score: number;
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export class VectorIndex {
  records: VectorRecord[] = [];

  has(id: string): boolean {
    return this.records.some((r) => r.id === id);
  }

  add(records: VectorRecord[]): void {
    this.records.push(...records);
  }

  search(query: number[], k: number): ScoredRecord[] {
    return this.records
      .map((record) => ({ record, score: cosine(query, record.embedding) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, Math.max(0, k));
  }

  save(file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ version: 1, records: this.records }));
    fs.renameSync(tmp, file);
  }

  static load(file: string): VectorIndex {
    const idx = new VectorIndex();
    if (fs.existsSync(file)) {
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      idx.records = Array.isArray(json?.records) ? json.records : [];
    }
    return idx;
  }
}
