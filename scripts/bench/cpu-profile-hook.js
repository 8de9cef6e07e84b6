'use strict';
/**
 * Preloaded into the Nestflow child by `npm run bench -- --profile` (node -r this-file dist/main.js).
 * Same profiler and .cpuprofile format as `node --cpu-prof`, but it records only a window the bench
 * chooses (after warm-up, before shutdown): the first SIGUSR2 starts the profiler, the second writes
 * the profile to $NESTFLOW_CPU_PROFILE and prints "cpu-profile-written" on stderr.
 */
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

const target = process.env.NESTFLOW_CPU_PROFILE;
const session = new inspector.Session();
session.connect();
let running = false;

process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start', () => process.stderr.write('cpu-profile-started\n'))),
    );
    return;
  }
  running = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) {
      process.stderr.write(`cpu-profile-failed ${error.message}\n`);
      return;
    }
    writeFileSync(target, JSON.stringify(result.profile));
    process.stderr.write('cpu-profile-written\n');
  });
});
