import { HttpError } from '../common/http/http-error';
import { checkFileName, compactTimestamp, contentDisposition, contentTypeOf, nextDisplayName, splitExtension, v1Timestamp } from './file-names';

describe('v2 display names (Langflow collision rule)', () => {
  it('keeps a free name and numbers a taken one after the largest suffix', () => {
    expect(nextDisplayName('report', [])).toBe('report');
    expect(nextDisplayName('report', ['report'])).toBe('report (1)');
    expect(nextDisplayName('report', ['report', 'report (1)', 'report (4)'])).toBe('report (5)');
  });

  it('matches by prefix, as LIKE "root%" does', () => {
    expect(nextDisplayName('a', ['abc'])).toBe('a (1)');
    expect(nextDisplayName('a', ['abc (7)'])).toBe('a (8)');
    expect(nextDisplayName('b', ['abc (7)'])).toBe('b');
  });

  it('splits the extension like rsplit(".", 1)', () => {
    expect(splitExtension('a.tar.gz')).toEqual({ root: 'a.tar', ext: 'gz' });
    expect(splitExtension('README')).toEqual({ root: 'README', ext: '' });
    expect(splitExtension('.env')).toEqual({ root: '.env', ext: '' });
  });
});

describe('file name checks and headers', () => {
  it.each(['..', 'a..b', 'a/b', 'a\\b', 'a\u0000', '', 'x'.repeat(300)])('rejects %j with 400', (name) => {
    expect(() => checkFileName(name)).toThrow(HttpError);
  });

  it('accepts ordinary names', () => {
    expect(() => checkFileName('2026-01-01_10-00-00_my report (1).pdf')).not.toThrow();
  });

  it('formats timestamps and content types', () => {
    const d = new Date(2026, 0, 2, 3, 4, 5);
    expect(v1Timestamp(d)).toBe('2026-01-02_03-04-05');
    expect(compactTimestamp(d)).toBe('20260102_030405');
    expect(contentTypeOf('x.PNG')).toBe('image/png');
    expect(contentTypeOf('x')).toBeUndefined();
  });

  it('builds Content-Disposition safely', () => {
    expect(contentDisposition('a.txt', true)).toBe("attachment; filename=a.txt filename*=UTF-8''a.txt");
    expect(contentDisposition('a.txt')).toBe('attachment; filename="a.txt"');
    expect(contentDisposition('résumé "x".txt')).toBe(`attachment; filename="r_sum_ _x_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22x%22.txt`);
  });
});
