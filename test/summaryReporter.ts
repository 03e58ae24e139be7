/**
 * Prints one plain closing line, `Tests: N passed, N failed, N skipped`, after vitest's
 * own summary, so CI logs and tools that read the last line see the counts plainly.
 */
import type { Reporter, TestModule } from 'vitest/node';

/** A vitest reporter that only adds the closing summary line. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
