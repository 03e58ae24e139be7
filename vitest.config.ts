import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/slowFirstSequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/mongoGlobalSetup.ts'],
    sequence: { sequencer: SlowFirstSequencer },
    pool: 'forks',
    // Two files at a time on this 2-core machine (vitest's default is cores - 1 = one): the
    // browser, server-process and SMTP tests spend much of their time waiting, not computing.
    maxWorkers: 2,
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
