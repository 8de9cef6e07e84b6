import { Logger } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { BufferedLogger } from '../../src/logs/buffered-logger';
import { autoLoginHeader, createTestApp, TestApp } from '../setup/create-test-app';

describe('logs (/logs, /logs-stream)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  const logger = new Logger('LogsSpec');

  beforeAll(async () => {
    t = await createTestApp();
    // As main.ts does: the app's logger writes to stdout and to the buffer.
    t.app.useLogger(t.app.get(BufferedLogger));
    admin = await autoLoginHeader(t);
  });
  afterAll(() => t.close());

  it('returns recent lines as {"<ts>": "<line>"}', async () => {
    const marker = `recent-line-${Date.now()}`;
    logger.error(marker);
    const res = await t.http.get('/logs').set(admin).expect(200);
    const entries = Object.entries(res.body as Record<string, string>);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(10);
    for (const [ts] of entries) expect(ts).toMatch(/^\d{13}$/);
    const [ts, line] = entries[entries.length - 1];
    expect(line).toContain(marker);
    expect(line).toContain('[LogsSpec]');

    // Lines around a timestamp.
    logger.error(`${marker}-after`);
    const after = await t.http.get(`/logs?timestamp=${ts}&lines_after=5`).set(admin).expect(200);
    expect(Object.values(after.body).join('\n')).toContain(`${marker}-after`);
    const before = await t.http.get(`/logs?timestamp=${Number(ts) + 1}&lines_before=1`).set(admin).expect(200);
    expect(Object.values(before.body)).toEqual([line]);
    const many = await t.http.get('/logs?lines_before=2').set(admin).expect(200);
    expect(Object.keys(many.body)).toHaveLength(2);
  });

  it('checks its query like Langflow', async () => {
    await t.http.get('/logs?lines_before=1&lines_after=1&timestamp=1').set(admin).expect(400, { detail: 'Cannot request logs before and after the timestamp' });
    await t.http.get('/logs?lines_after=3').set(admin).expect(400, { detail: 'Timestamp is required when requesting logs after the timestamp' });
    const bad = await t.http.get('/logs?lines_before=abc').set(admin).expect(422);
    expect(bad.body.detail[0]).toMatchObject({ type: 'int_parsing', loc: ['query', 'lines_before'] });
  });

  it('requires credentials', async () => {
    await t.http.get('/logs').expect(403);
    await t.http.get('/logs-stream').expect(403);
  });

  it('streams new lines as they are logged', async () => {
    const server: Server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const marker = `streamed-line-${Date.now()}`;
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/logs-stream', headers: admin }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes(marker)) {
            req.destroy();
            resolve(text);
          }
        });
        // The stream is open once headers arrive: log the line it should carry.
        logger.error(marker);
      });
      req.on('error', (error) => {
        if (!(error as NodeJS.ErrnoException).code?.includes('ECONNRESET')) reject(error);
      });
      req.end();
    });
    const chunk = received.split('\n\n').find((c) => c.includes(marker))!;
    const parsed = JSON.parse(chunk) as Record<string, string>;
    expect(Object.keys(parsed)[0]).toMatch(/^\d{13}$/);
    expect(Object.values(parsed)[0]).toContain(marker);
    // Lines logged before the stream opened are not replayed.
    expect(received).not.toContain('recent-line-');
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('logs with LANGFLOW_LOG_RETRIEVER_BUFFER_SIZE=0', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ env: { LANGFLOW_LOG_RETRIEVER_BUFFER_SIZE: '0' } })));
  afterAll(() => t.close());

  it('answers 501 "Log retrieval is disabled"', async () => {
    const admin = await autoLoginHeader(t);
    await t.http.get('/logs').set(admin).expect(501, { detail: 'Log retrieval is disabled' });
    await t.http.get('/logs-stream').set(admin).expect(501, { detail: 'Log retrieval is disabled' });
  });
});
