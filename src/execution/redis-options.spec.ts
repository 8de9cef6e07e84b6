import { EventEmitter } from 'node:events';
import { logRedisErrors } from './redis-options';

describe('logRedisErrors', () => {
  it('logs the first error, then one line per 30 s with the count, and afresh after ready', () => {
    const client = new EventEmitter();
    const warnings: string[] = [];
    let clock = 1_000;
    logRedisErrors(client, { warn: (m) => warnings.push(m) }, 'job store', () => clock);
    client.emit('error', new Error('connect ECONNREFUSED'));
    clock += 1_000;
    client.emit('error', new Error('connect ECONNREFUSED'));
    client.emit('error', new Error('connect ECONNREFUSED'));
    expect(warnings).toEqual(['Redis (job store) unavailable: connect ECONNREFUSED; retrying']);
    clock += 30_000;
    client.emit('error', new Error('connect ECONNREFUSED'));
    expect(warnings[1]).toBe('Redis (job store) unavailable: connect ECONNREFUSED; retrying (2 more errors since the last report)');
    client.emit('ready');
    client.emit('error', new Error('socket closed'));
    expect(warnings).toHaveLength(3);
  });
});
