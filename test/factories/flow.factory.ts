import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { Flow } from '../../src/flows/flow.entity';
import type { TestApp } from '../setup/create-test-app';

/** Langflow's real flows, beside the repository (read-only reference; tests skip without them). */
export const LANGFLOW_FIXTURES = resolve(__dirname, '..', '..', '..', 'shared', 'fixtures', 'langflow');
export const hasFixtures = existsSync(join(LANGFLOW_FIXTURES, 'starter-projects'));

export interface FixtureFlow {
  file: string;
  json: Record<string, any>;
  text: string;
}

/** Every flow fixture of a sub-folder ("starter-projects", "test-flows"). */
export function loadFixtures(folder: 'starter-projects' | 'test-flows'): FixtureFlow[] {
  const dir = join(LANGFLOW_FIXTURES, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return { file, text, json: JSON.parse(text) };
    });
}

/** A small valid flow body for POST /flows/. */
export function flowBody(name: string, extra: Record<string, unknown> = {}): Record<string, any> {
  return {
    name,
    description: `${name} description`,
    data: {
      nodes: [{ id: 'ChatInput-a1b2c', type: 'genericNode', data: { type: 'ChatInput', node: { template: {} } } }],
      edges: [],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
    ...extra,
  };
}

/**
 * What an export is documented to contain: the graph with the value of every
 * password field named like an API key or token (api + key, or api + token but
 * not tokens) set to null. Written independently of the server's code.
 */
export function expectedExportData(data: any): any {
  const copy = JSON.parse(JSON.stringify(data));
  for (const node of copy?.nodes ?? []) {
    const template = node?.data?.node?.template;
    if (!template || typeof template !== 'object') continue;
    for (const field of Object.values<any>(template)) {
      if (!field || typeof field !== 'object' || typeof field.name !== 'string' || !field.password) continue;
      const n: string = field.name;
      if (n.includes('api') && (n.includes('key') || (n.includes('token') && !n.includes('tokens')))) field.value = null;
    }
  }
  return copy;
}

/** supertest parser that buffers a binary body (ZIP downloads). */
export function binaryParser(res: any, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Inserts a flow row directly, for specs that only need a flow's id and owner; returns the id. */
export async function insertFlowRow(t: TestApp, userId: string, data: unknown = { nodes: [], edges: [] }): Promise<string> {
  const id = randomUUID();
  await t.app.get(DataSource).getRepository(Flow).insert({ id, name: `flow ${id}`, data: JSON.stringify(data), updated_at: new Date(), user_id: userId });
  return id;
}
