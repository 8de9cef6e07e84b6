import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineFileStorage } from './engine-file-storage';
import { LocalStorage } from './storage/local-storage';

const FLOW = '4f0b7c2e-1111-4a4a-8a8a-000000000001';
const USER = '4f0b7c2e-2222-4a4a-8a8a-000000000002';
const OTHER = '4f0b7c2e-3333-4a4a-8a8a-000000000003';

describe('EngineFileStorage', () => {
  let root: string;
  let files: EngineFileStorage;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nestflow-engine-files-'));
    files = new EngineFileStorage(new LocalStorage(root));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads and writes "<namespace>/<name>" paths (v1 flow ids, v2 user ids)', async () => {
    expect(await files.write(`${FLOW}/2026-01-01_00-00-00_a.txt`, 'v1 bytes')).toBe(`${FLOW}/2026-01-01_00-00-00_a.txt`);
    await files.write(`${USER}/report (1).csv`, Buffer.from('a,b'));
    expect((await files.read(`${FLOW}/2026-01-01_00-00-00_a.txt`)).toString()).toBe('v1 bytes');
    expect((await files.read(`${USER}/report (1).csv`)).toString()).toBe('a,b');
    expect(await files.exists(`${USER}/report (1).csv`)).toBe(true);
    expect(await files.exists(`${USER}/missing.csv`)).toBe(false);
  });

  it.each(['../secret_key', `/${FLOW}/a.txt`, `${FLOW}/../x`, `${FLOW}/a/b`, `${FLOW}/..`, 'plain.txt', `${FLOW}\\a`, `${FLOW}/a\u0000`])(
    'refuses %j',
    async (path) => {
      await expect(files.read(path)).rejects.toThrow(/namespace/);
      await expect(files.write(path, 'x')).rejects.toThrow(/namespace/);
      await expect(files.exists(path)).resolves.toBe(false);
    },
  );

  it('limits a scoped view to its namespaces', async () => {
    await files.write(`${OTHER}/private.txt`, 'secret');
    const run = files.scoped([USER, FLOW, null]);
    await run.write(`${USER}/mine.txt`, 'ok');
    expect((await run.read(`${USER}/mine.txt`)).toString()).toBe('ok');
    await expect(run.read(`${OTHER}/private.txt`)).rejects.toThrow(/not available/);
    await expect(run.write(`${OTHER}/x.txt`, 'x')).rejects.toThrow(/not available/);
    expect(await run.exists(`${OTHER}/private.txt`)).toBe(false);
  });
});
