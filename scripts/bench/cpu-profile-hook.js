'use strict';
/**
 * Preloaded into the Nestflow child by `npm run bench -- --profile` (node -r this-file dist/main.js,
 * spawned with an IPC channel). Same profiler and .cpuprofile format as `node --cpu-prof`, but it
 * records only the window the bench chooses (after warm-up, before shutdown): the IPC message
 * "cpu-profile:start" starts the profiler and "cpu-profile:stop" writes $NESTFLOW_CPU_PROFILE; each
 * is answered with "cpu-profile:started" / "cpu-profile:written"; "memory" runs a full GC and answers
 * "memory:{rss,heapUsed,...}"; "heap-sampling:start" / "heap-sampling:stop:<file>" record which
 * allocation sites produce objects that outlive a scavenge (promoted to old space: what drives
 * major GCs). (Signals are no good here: Nest's
 * enableShutdownHooks() treats SIGUSR2 as a shutdown.)
 */
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

const target = process.env.NESTFLOW_CPU_PROFILE;
const session = new inspector.Session();
session.connect();

if (process.channel) {
  // The channel must not keep the server alive on its own.
  process.channel.unref();
  process.on('message', (message) => {
    if (message === 'cpu-profile:start') {
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start', () => process.send('cpu-profile:started'))),
      );
    } else if (message === 'heap-sampling:start') {
      // Objects that survive a scavenge (promoted), by allocation site; scavenged ones are left out.
      session.post(
        'HeapProfiler.startSampling',
        { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false },
        (error) => process.send(error ? `heap-sampling:failed ${error.message}` : 'heap-sampling:started'),
      );
    } else if (typeof message === 'string' && message.startsWith('heap-sampling:stop:')) {
      session.post('HeapProfiler.stopSampling', (error, result) => {
        if (error) return process.send(`heap-sampling:failed ${error.message}`);
        writeFileSync(message.slice('heap-sampling:stop:'.length), JSON.stringify(result.profile));
        process.send('heap-sampling:written');
      });
    } else if (message === 'memory') {
      // A full GC first, so what is left is what the server holds on to.
      session.post('HeapProfiler.collectGarbage', () => {
        const m = process.memoryUsage();
        process.send(`memory:${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers })}`);
      });
    } else if (typeof message === 'string' && message.startsWith('cpu-profile:stop')) {
      // "cpu-profile:stop:<file>" writes to <file> instead of $NESTFLOW_CPU_PROFILE.
      const file = message.slice('cpu-profile:stop:'.length) || target;
      session.post('Profiler.stop', (error, result) => {
        if (error) {
          process.send(`cpu-profile:failed ${error.message}`);
          return;
        }
        writeFileSync(file, JSON.stringify(result.profile));
        process.send('cpu-profile:written');
      });
    }
  });
}
