/**
 * `timeoutMs` is an overall deadline, not an idle timeout: a server that trickles its body
 * or stalls before its headers cannot hold a fetch past it, on Node (safeFetch.ts) or on
 * Workers (workerFetch.ts). The Node tests reach a local plain-HTTP server through
 * fetchWithDeadline with node:http's `request` injected; the policy checks themselves are
 * covered in safeFetch.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchWithDeadline, SafeFetchError } from '../../src/jsonld/safeFetch.js';
import { createWorkerFetchJson } from '../../src/jsonld/workerFetch.js';

const TIMEOUT_MS = 500;
/** Generous for two shared cores, yet far below what a trickle would take (forever). */
const MARGIN_MS = 1000;
/** A fetcher with only an idle timeout would hang in these tests: fail in seconds, not at vitest's 30 s. */
const FAILS_FAST = { timeout: 5_000 };

/** A local server answering with `handle`; counts connections that were closed on it. */
async function serve(handle: (res: ServerResponse) => void) {
  const server = createServer((_req, res) => handle(res));
  const stats = { closed: 0 };
  server.on('connection', (socket) => socket.on('close', () => stats.closed++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  opened.push(server);
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/did.json`), stats };
}
const opened: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const server of opened.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Headers at once, then one byte of a JSON array every 100 ms, never ending. */
function trickle(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('[');
  const timer = setInterval(() => res.write(' '), 100);
  res.on('close', () => clearInterval(timer));
}

/** Accepts the request and sends nothing for 10 s, then a valid answer. */
function slowHeaders(res: ServerResponse): void {
  const timer = setTimeout(() => res.end('{}'), 10_000);
  res.on('close', () => clearTimeout(timer));
}

/** Runs `fetch`, returning the failure (or 'resolved') and how long it took. */
async function timed(fetch: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now();
  try {
    await fetch();
    return { error: 'resolved', ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}

const nodeFetch = (url: URL, maxBytes = 1024) =>
  fetchWithDeadline(url, { timeoutMs: TIMEOUT_MS, maxBytes, request: httpRequest });

describe('the Node fetcher (fetchWithDeadline)', () => {
  it(
    'rejects a body trickled one byte per 100 ms with "timeout" at the deadline, naming the URL and the deadline, and drops the connection',
    FAILS_FAST,
    async () => {
      const { url, stats } = await serve(trickle);
      const { error, ms } = await timed(() => nodeFetch(url));
      expect(error).toBeInstanceOf(SafeFetchError);
      expect((error as SafeFetchError).reason).toBe('timeout');
      expect((error as Error).message).toContain(url.href);
      expect((error as Error).message).toContain(`${TIMEOUT_MS} ms`);
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      // The socket is destroyed, not left open for the server to keep trickling into.
      await expect.poll(() => stats.closed, { timeout: 1000 }).toBe(1);
    },
  );

  it(
    'rejects a server that is slow to send its headers with "timeout" at the deadline',
    FAILS_FAST,
    async () => {
      const { url } = await serve(slowHeaders);
      const { error, ms } = await timed(() => nodeFetch(url));
      expect((error as SafeFetchError).reason).toBe('timeout');
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    },
  );

  it('still returns a fast JSON answer, with its freshness, and leaves no timer behind', async () => {
    const { url } = await serve((res) =>
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' })
        .end('{"id":"did:web:a.example"}'),
    );
    const set = vi.spyOn(globalThis, 'setTimeout');
    const clear = vi.spyOn(globalThis, 'clearTimeout');
    try {
      expect(await nodeFetch(url)).toEqual({ json: { id: 'did:web:a.example' }, freshForMs: 60_000 });
      const deadline = set.mock.results[set.mock.calls.findIndex((call) => call[1] === TIMEOUT_MS)]!.value;
      expect(clear).toHaveBeenCalledWith(deadline);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('keeps the size cap and the other failures: too_large, http_status, not_json', async () => {
    const big = await serve((res) => res.end(JSON.stringify('x'.repeat(4096))));
    expect(((await timed(() => nodeFetch(big.url))).error as SafeFetchError).reason).toBe('too_large');
    const missing = await serve((res) => res.writeHead(404).end('{}'));
    expect(((await timed(() => nodeFetch(missing.url))).error as SafeFetchError).reason).toBe('http_status');
    const html = await serve((res) => res.end('<html>'));
    expect(((await timed(() => nodeFetch(html.url))).error as SafeFetchError).reason).toBe('not_json');
  });
});

describe('the Workers fetcher', () => {
  it(
    'rejects a trickled body with "timeout" at the deadline over a real fetch (undici) to a local server',
    FAILS_FAST,
    async () => {
      const { url, stats } = await serve(trickle);
      // The policy only lets https public URLs through, so the fake sends the request to the local server.
      const fetchJson = createWorkerFetchJson({
        timeoutMs: TIMEOUT_MS,
        maxBytes: 1024,
        fetch: (_input, init) => fetch(url, init),
      });
      const { error, ms } = await timed(() => fetchJson('https://issuer.example/.well-known/did.json'));
      expect((error as SafeFetchError).reason).toBe('timeout');
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      await expect.poll(() => stats.closed, { timeout: 1000 }).toBe(1);
    },
  );

  it(
    'keeps the deadline even when the fetch implementation ignores the signal while the body streams',
    FAILS_FAST,
    async () => {
      let cancelled = false;
      const deaf = (async () => {
        let timer: ReturnType<typeof setInterval>;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('['));
            timer = setInterval(() => controller.enqueue(new TextEncoder().encode(' ')), 100);
          },
          cancel() {
            cancelled = true;
            clearInterval(timer);
          },
        });
        return new Response(body, { headers: { 'content-type': 'application/json' } });
      }) as typeof fetch;
      const fetchJson = createWorkerFetchJson({ timeoutMs: TIMEOUT_MS, maxBytes: 1024, fetch: deaf });
      const { error, ms } = await timed(() => fetchJson('https://issuer.example/.well-known/did.json'));
      expect((error as SafeFetchError).reason).toBe('timeout');
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      expect(cancelled).toBe(true);
    },
  );
});
