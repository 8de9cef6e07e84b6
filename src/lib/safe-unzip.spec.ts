import JSZip from 'jszip';
import { safeEntryPath, safeUnzip, UnsafeZipError } from './safe-unzip';

async function zipOf(entries: Record<string, string | Buffer>, options: JSZip.JSZipFileOptions = {}): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(entries)) zip.file(name, data, options);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('safeUnzip', () => {
  it('returns the files of a well-formed archive with normalised paths', async () => {
    const zip = new JSZip();
    zip.folder('flows');
    zip.file('flows/a.json', '{"a":1}');
    zip.file('b.txt', 'bee');
    const entries = await safeUnzip(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(entries.map((e) => [e.path, e.data.toString()])).toEqual([
      ['flows/a.json', '{"a":1}'],
      ['b.txt', 'bee'],
    ]);
  });

  it.each([
    ['../evil.txt'],
    ['a/../../evil.txt'],
    ['/etc/passwd'],
    ['C:/Windows/evil.txt'],
    ['..\\evil.txt'],
    ['a\\b.txt'],
    ['nul\u0000byte.txt'],
    ['..'],
  ])('rejects the zip-slip entry %j', async (name) => {
    await expect(safeUnzip(await zipOf({ [name]: 'x' }))).rejects.toBeInstanceOf(UnsafeZipError);
  });

  it('rejects more entries than allowed, from the central directory', async () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 20; i += 1) entries[`f${i}.txt`] = 'x';
    await expect(safeUnzip(await zipOf(entries), { maxEntries: 10 })).rejects.toThrow(/20 entries; at most 10/);
    await expect(safeUnzip(await zipOf(entries), { maxEntries: 20 })).resolves.toHaveLength(20);
  });

  it('stops inflating a zip bomb at the size limit', async () => {
    const bomb = await zipOf({ 'bomb.txt': Buffer.alloc(20 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expect(safeUnzip(bomb, { maxTotalBytes: 1024 * 1024 })).rejects.toThrow(/inflates past/);
  });

  it('counts the total across entries', async () => {
    const zip = await zipOf({ 'a.bin': Buffer.alloc(600 * 1024), 'b.bin': Buffer.alloc(600 * 1024) });
    await expect(safeUnzip(zip, { maxTotalBytes: 1024 * 1024 })).rejects.toThrow(/size limit/);
    await expect(safeUnzip(zip, { maxTotalBytes: 2 * 1024 * 1024, maxEntryBytes: 512 * 1024 })).rejects.toThrow(/a\.bin/);
    await expect(safeUnzip(zip, { maxTotalBytes: 2 * 1024 * 1024 })).resolves.toHaveLength(2);
  });

  it('rejects symbolic links', async () => {
    const zip = new JSZip();
    zip.file('link', '/etc/passwd', { unixPermissions: 0o120777 });
    const buffer = await zip.generateAsync({ type: 'nodebuffer', platform: 'UNIX' });
    await expect(safeUnzip(buffer)).rejects.toThrow(/symbolic link/);
  });

  it('rejects input that is not a ZIP', async () => {
    await expect(safeUnzip(Buffer.from('not a zip at all'))).rejects.toBeInstanceOf(UnsafeZipError);
  });
});

describe('safeEntryPath', () => {
  it('normalises harmless forms and refuses escapes', () => {
    expect(safeEntryPath('./a//b/./c.txt')).toBe('a/b/c.txt');
    expect(safeEntryPath('dir/')).toBe('dir');
    expect(() => safeEntryPath('a/./../../b')).toThrow(UnsafeZipError);
    expect(() => safeEntryPath('x'.repeat(2000))).toThrow(/longer than/);
  });
});
