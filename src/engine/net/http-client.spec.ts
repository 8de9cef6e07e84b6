import * as http from 'http';
import * as zlib from 'zlib';
import { AddressInfo } from 'net';
import { httpRequest, ResponseTooLargeError, HttpTimeoutError } from './http-client';
import { isPrivateAddress, SsrfBlockedError } from './ssrf';

describe('http client', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/big') return res.end('x'.repeat(5000));
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain; charset=utf-8' });
        return res.end(zlib.gzipSync('zipped ✓'));
      }
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/echo' });
        return res.end();
      }
      if (req.url === '/slow') return; // never answers
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, url: req.url, body, ua: req.headers['user-agent'] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends and receives', async () => {
    const r = await httpRequest(`${base}/echo?q=1`, { method: 'POST', body: '{"a":1}', headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ method: 'POST', url: '/echo?q=1', body: '{"a":1}' });
  });

  it('follows redirects, decodes gzip', async () => {
    expect((await httpRequest(`${base}/redirect`)).json().url).toBe('/echo');
    expect((await httpRequest(`${base}/redirect`, { followRedirects: false })).status).toBe(302);
    expect((await httpRequest(`${base}/gzip`)).text()).toBe('zipped ✓');
  });

  it('caps the size', async () => {
    await expect(httpRequest(`${base}/big`, { maxBytes: 100 })).rejects.toBeInstanceOf(ResponseTooLargeError);
    const r = await httpRequest(`${base}/big`, { maxBytes: 100, onOversize: 'truncate' });
    expect(r.truncated).toBe(true);
    expect(r.body.length).toBe(100);
  });

  it('times out', async () => {
    await expect(httpRequest(`${base}/slow`, { timeoutMs: 100 })).rejects.toBeInstanceOf(HttpTimeoutError);
  });

  it('blocks private addresses only when SSRF protection is on', async () => {
    await expect(httpRequest(`${base}/echo`, { ssrf: { enabled: true, allowedHosts: [] } })).rejects.toBeInstanceOf(SsrfBlockedError);
    await expect(httpRequest(`http://localhost:1/`, { ssrf: { enabled: true, allowedHosts: [] } })).rejects.toBeInstanceOf(SsrfBlockedError);
    const ok = await httpRequest(`${base}/echo`, { ssrf: { enabled: true, allowedHosts: ['127.0.0.0/8'] } });
    expect(ok.status).toBe(200);
    await expect(httpRequest('file:///etc/passwd')).rejects.toThrow(/scheme/);
  });

  it('classifies addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0', '100.64.0.1']) {
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
  });
});
