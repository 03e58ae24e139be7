/** The bulk CLI's progress: redrawn in place on a terminal, a line per 10% in logs. */
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progressBar.js';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, write: (text: string) => chunks.push(text) }, chunks };
}

describe('createProgress', () => {
  it('writes a line per 10% and a final line when not on a terminal, and counts outcomes', () => {
    const { stream, chunks } = capture(false);
    let ms = 0;
    const progress = createProgress({ total: 20, label: 'Issuing', stream, now: () => ms });
    for (let i = 0; i < 20; i++) {
      ms += 100;
      progress.tick(i % 4 === 0 ? 'already_issued' : 'issued');
    }
    progress.done();
    expect(chunks).toHaveLength(10);
    expect(chunks[0]).toBe(`Issuing [##${'.'.repeat(22)}] 2/20 10% 10.0/s ~2s left\n`);
    expect(chunks.at(-1)).toBe(`Issuing [${'#'.repeat(24)}] 20/20 100% 10.0/s\n`);
    expect(progress.summary()).toEqual({ already_issued: 5, issued: 15 });
  });

  it('redraws one line on a terminal', () => {
    const { stream, chunks } = capture(true);
    const progress = createProgress({ total: 2, label: 'Checking', stream, now: () => 0 });
    progress.tick('would_issue');
    progress.tick('not_met');
    progress.done();
    expect(chunks.every((c) => c.startsWith('\r'))).toBe(true);
    expect(chunks.at(-1)).toMatch(/2\/2 100%.*\n$/);
  });
});
