/**
 * Load generators of section 9 (`http`): a steady open-loop rate over node:http, and the
 * shape of the result both it and autocannon (the open throttle) report.
 */
import { Agent, request } from 'node:http';

/** The part of autocannon's result the section reads (the steady rate fills the same). */
export interface LoadResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One POST over a keep-alive agent; resolves with the status once the body is read. */
function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * An open-loop load at a constant rate: request i is sent at start + i / rate whatever
 * the earlier ones are doing, and its latency counts from that scheduled moment (no
 * coordinated omission). autocannon's rate limit sends each second's quota in a burst,
 * which measures the burst, not a steady rate. Requests go through node:http with
 * keep-alive (as autocannon does): fetch cost the generator ~3x more per request, and its
 * own delays showed up as server latency.
 */
export async function constantRate(
  url: string,
  body: string,
  rate: number,
  seconds: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now() + 50;
  await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        if ((await post(agent, url, body)) !== 200) failed++;
      } catch {
        failed++;
      }
      latencies.push(performance.now() - due);
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  const elapsed = (performance.now() - start) / 1000;
  return {
    latency: {
      p50: Math.round(at(0.5) * 10) / 10,
      p99: Math.round(at(0.99) * 10) / 10,
      average: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    },
    requests: { average: total / elapsed, total },
    non2xx: failed,
    errors: 0,
    timeouts: 0,
  };
}
