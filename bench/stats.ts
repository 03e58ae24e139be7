/**
 * Timing and statistics for the benchmarks. Figures that are compared are measured in
 * alternating rounds (the order rotates every round), so a noisy neighbour, a GC storm or
 * CPU frequency drift on a small shared machine hits every contender equally and the
 * ratios stay meaningful even when the absolute rates wobble.
 */

/** A monotonic clock in milliseconds (process.hrtime.bigint, sub-microsecond). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** One operation under test; may be synchronous (raw crypto) or asynchronous. */
export type Operation = () => unknown;

/** What a measurement gathered: operations, busy time and per-call latencies. */
export interface Sample {
  ops: number;
  ms: number;
  latencies: number[];
}

/** A contender's totals over all rounds, with each round's rate kept to show spread. */
export interface RoundedSample extends Sample {
  roundRates: number[];
}

/** Operations per second of a sample. */
export function rate(sample: Pick<Sample, 'ops' | 'ms'>): number {
  return sample.ms > 0 ? (sample.ops * 1000) / sample.ms : 0;
}

async function call(fn: Operation): Promise<void> {
  const result = fn();
  if (result instanceof Promise) await result;
}

/** Runs `fn` back to back until `ms` have passed or `count` calls are done. */
export async function runFor(fn: Operation, limit: { ms?: number; count?: number }): Promise<Sample> {
  const latencies: number[] = [];
  const start = nowMs();
  const deadline = limit.ms === undefined ? Infinity : start + limit.ms;
  const maxCount = limit.count ?? Infinity;
  let last = start;
  while (latencies.length < maxCount && last < deadline) {
    await call(fn);
    const t = nowMs();
    latencies.push(t - last);
    last = t;
  }
  return { ops: latencies.length, ms: last - start, latencies };
}

/** Warms the JIT, caches and the store up: at least `minCount` calls and `ms` of work. */
export async function warmUp(fn: Operation, ms = 1500, minCount = 20): Promise<void> {
  const start = nowMs();
  for (let i = 0; i < minCount || nowMs() - start < ms; i++) await call(fn);
}

/** One contender's round: works for about `ms` and says what it did (here or in another process). */
export type RoundRunner = (ms: number) => Promise<Sample>;

/**
 * Measures several contenders in `rounds` alternating rounds of `msPerRound` each. The
 * starting contender rotates every round so none always runs first (or last).
 */
export async function interleave<K extends string>(
  contenders: Record<K, Operation>,
  options: { rounds: number; msPerRound: number },
): Promise<Record<K, RoundedSample>> {
  const runners = {} as Record<K, RoundRunner>;
  for (const name of Object.keys(contenders) as K[]) runners[name] = (ms) => runFor(contenders[name], { ms });
  return interleaveRounds(runners, options);
}

/** `interleave` over round runners, for contenders whose rounds run elsewhere (a child process). */
export async function interleaveRounds<K extends string>(
  runners: Record<K, RoundRunner>,
  options: { rounds: number; msPerRound: number },
): Promise<Record<K, RoundedSample>> {
  const names = Object.keys(runners) as K[];
  const out = {} as Record<K, RoundedSample>;
  for (const name of names) out[name] = { ops: 0, ms: 0, latencies: [], roundRates: [] };
  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!;
      const sample = await runners[name](options.msPerRound);
      const acc = out[name];
      acc.ops += sample.ops;
      acc.ms += sample.ms;
      for (const l of sample.latencies) acc.latencies.push(l);
      acc.roundRates.push(rate(sample));
    }
  }
  return out;
}

/** The p-th percentile (0-100) by nearest rank; the input need not be sorted. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median of some numbers. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Per-round cost ratios (b's cost over a's cost) from two interleaved samples. */
export function roundCostRatios(baseline: RoundedSample, ours: RoundedSample): number[] {
  return baseline.roundRates.map((r, i) => r / (ours.roundRates[i] ?? NaN));
}
