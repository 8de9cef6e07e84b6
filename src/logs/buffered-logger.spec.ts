import { BufferedLogger } from './buffered-logger';
import { LogBuffer } from './log-buffer';

describe('BufferedLogger', () => {
  it('prints like ConsoleLogger and keeps each line in the buffer', () => {
    const buffer = new LogBuffer(10);
    const logger = new BufferedLogger(buffer);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let printed = '';
    try {
      logger.log('hello', 'Ctx');
      logger.error('failed', 'Error: boom\n    at x', 'Ctx');
      logger.warn({ a: 1 });
      logger.setLogLevels(['error']);
      logger.log('filtered out');
      printed = out.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(printed).toContain('hello');
    expect(printed).not.toContain('filtered out');
    const lines = buffer.entries().map((e) => e.line);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT.*Z LOG \[Ctx\] hello$/);
    expect(lines[1]).toMatch(/ERROR \[Ctx\] failed\nError: boom/);
    expect(lines[2]).toMatch(/WARN \{ a: 1 \}$/);
  });
});
