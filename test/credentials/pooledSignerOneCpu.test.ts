/**
 * On one CPU the signing thread would only add hops: a process pinned to one CPU (taskset)
 * signs sustained small credentials on its own thread, while the same run on every CPU
 * hands them to the signing thread (test/fixtures/signOnOneCpu.ts).
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';

const run = (pin: boolean): { signed: number; onThreads: number } => {
  const node = [process.execPath, '--import', 'tsx', 'test/fixtures/signOnOneCpu.ts'];
  const [command, ...args] = pin ? ['taskset', '-c', '0', ...node] : node;
  const out = execFileSync(command!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out.trim().split('\n').at(-1)!);
};

describe.runIf(availableParallelism() > 1)('the pooled signer on one CPU', () => {
  it('signs every small credential on its own thread when pinned to one CPU, and shares them otherwise', () => {
    const pinned = run(true);
    expect(pinned.signed).toBeGreaterThan(50);
    expect(pinned.onThreads).toBe(0);
    const free = run(false);
    expect(free.signed).toBeGreaterThan(50);
    expect(free.onThreads).toBeGreaterThan(0);
  }, 60_000);
});
