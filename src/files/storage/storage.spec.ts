import S3rver from '@20minutes/s3rver';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStorage } from './local-storage';
import { S3Storage } from './s3-storage';
import { namespacePrefix, objectKey } from './storage-keys';
import { StorageKeyError, StorageNotFoundError, StoragePort } from './storage.port';

const NS = '0b8e7f3a-8a4e-4c4e-9f0e-2d2b7b6f8c11';
const BAD_NAMES = ['', '.', '..', '../x', 'a/b', 'a\\b', '/abs', 'nul\u0000', 'ctl\u001b', 'x'.repeat(256), 'é'.repeat(128)];
const BAD_NAMESPACES = ['', '..', '.', 'a/b', '../x', '-lead', 'x'.repeat(200), 'sp ace'];

/** The same contract for every adapter. */
function contract(label: string, make: () => Promise<{ storage: StoragePort; tmp: string; close(): Promise<void> }>): void {
  describe(`${label} storage contract`, () => {
    let storage: StoragePort;
    let tmp: string;
    let close: () => Promise<void>;
    beforeAll(async () => ({ storage, tmp, close } = await make()));
    afterAll(() => close());

    const spool = (content: string) => {
      const path = join(tmp, `spool-${Math.random()}`);
      writeFileSync(path, content);
      return path;
    };

    it('puts, gets, streams, lists, checks and deletes', async () => {
      expect(await storage.put(NS, 'a.txt', 'alpha')).toBe(5);
      expect((await storage.get(NS, 'a.txt')).toString()).toBe('alpha');
      const { stream, size } = await storage.stream(NS, 'a.txt');
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
      expect(Buffer.concat(chunks).toString()).toBe('alpha');
      expect(size).toBe(5);
      expect(await storage.exists(NS, 'a.txt')).toBe(true);
      expect(await storage.exists(NS, 'b.txt')).toBe(false);
      await storage.put(NS, 'with space (1).txt', Buffer.from([0, 255]));
      expect(await storage.list(NS)).toEqual(['a.txt', 'with space (1).txt']);
      await storage.delete(NS, 'a.txt');
      await storage.delete(NS, 'a.txt');
      expect(await storage.list(NS)).toEqual(['with space (1).txt']);
      await expect(storage.get(NS, 'a.txt')).rejects.toBeInstanceOf(StorageNotFoundError);
      await expect(storage.stream(NS, 'a.txt')).rejects.toBeInstanceOf(StorageNotFoundError);
    });

    it('moves a spooled file in, and appends', async () => {
      const first = spool('one,');
      expect(await storage.putFile(NS, 'log.csv', first)).toBe(4);
      expect(await storage.putFile(NS, 'log.csv', spool('two'), { append: true })).toBe(7);
      expect((await storage.get(NS, 'log.csv')).toString()).toBe('one,two');
      expect(readdirSync(tmp).filter((n) => n.startsWith('spool-'))).toEqual([]);
    });

    it('drops a whole namespace and lists an unknown one as empty', async () => {
      const other = '9d7a1a4e-0000-4000-8000-000000000001';
      await storage.put(other, 'x.txt', 'x');
      await storage.put(other, 'y.txt', 'y');
      await storage.deleteNamespace(other);
      expect(await storage.list(other)).toEqual([]);
      expect(await storage.list('1d7a1a4e-0000-4000-8000-00000000dead')).toEqual([]);
    });

    it.each(BAD_NAMES.map((n) => [JSON.stringify(n).slice(0, 24), n]))('refuses the name %s', async (_label, name) => {
      await expect(storage.put(NS, name, 'x')).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.get(NS, name)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.delete(NS, name)).rejects.toBeInstanceOf(StorageKeyError);
    });

    it.each(BAD_NAMESPACES.map((n) => [JSON.stringify(n).slice(0, 24), n]))('refuses the namespace %s', async (_label, namespace) => {
      await expect(storage.put(namespace, 'a.txt', 'x')).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.list(namespace)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.deleteNamespace(namespace)).rejects.toBeInstanceOf(StorageKeyError);
    });
  });
}

contract('local', async () => {
  const root = mkdtempSync(join(tmpdir(), 'nestflow-storage-'));
  return {
    storage: new LocalStorage(root),
    tmp: root,
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
});

// A local S3-compatible server from npm (@20minutes/s3rver, the maintained s3rver fork).
// s3rver computes a different signature than AWS SDK v3 for ListObjectsV2 on a path-style bucket
// root ("/bucket" vs "/bucket/"), so signature checks are relaxed on the test server.
contract('s3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nestflow-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, allowMismatchedSignatures: true, configureBuckets: [{ name: 'langflow-bucket', configs: [] }] });
  const { port } = await server.run();
  const storage = new S3Storage({
    bucket: 'langflow-bucket', prefix: 'files', endpointUrl: `http://127.0.0.1:${port}`, region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    storage,
    tmp: dir,
    close: async () => {
      storage.client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('S3 key building', () => {
  it('puts objects under <prefix>/<namespace>/<name>', () => {
    expect(objectKey('files', NS, 'report (1).txt')).toBe(`files/${NS}/report (1).txt`);
    expect(objectKey('/nested/prefix/', NS, 'a')).toBe(`nested/prefix/${NS}/a`);
    expect(objectKey('', NS, 'a')).toBe(`${NS}/a`);
    expect(namespacePrefix('files', NS)).toBe(`files/${NS}/`);
  });

  it('cannot build a key that leaves its namespace', () => {
    for (const name of BAD_NAMES) expect(() => objectKey('files', NS, name)).toThrow(StorageKeyError);
    for (const ns of BAD_NAMESPACES) expect(() => namespacePrefix('files', ns)).toThrow(StorageKeyError);
  });
});
