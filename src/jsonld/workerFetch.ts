/**
 * The Workers counterpart of safeFetch.ts: fetches a did:web document or a foreign
 * status list with the web fetch API under the same policy (DESIGN rule 7): https only,
 * no literal private or loopback address, an overall deadline (connect, headers and the
 * whole body), a size cap enforced while the body streams, and no redirects (a redirect
 * could lead anywhere the policy refuses).
 * Workers cannot see the DNS answer, so a host name is not checked against private
 * ranges here; Cloudflare itself refuses hosts that resolve to private addresses.
 */
import { checkFetchUrl, SafeFetchError, type FetchJson } from './fetchPolicy.js';
import { createCachingFetchJson, freshnessMs, type FetchFreshJson } from './httpCache.js';

/** Options for the Workers fetcher; `fetch` is injectable for tests. */
export interface WorkerFetchOptions {
  /** Overall deadline for one fetch, body included (not an idle timeout). */
  timeoutMs: number;
  maxBytes: number;
  fetch?: typeof fetch;
}

/**
 * Rejects with the signal's reason when it aborts. Racing every await against it keeps the
 * deadline even if a fetch implementation ignores the signal once the headers are in (a
 * body trickled one byte at a time would otherwise be read for as long as it lasts).
 */
function whenAborted(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
  );
  // Nobody awaits it once the fetch has settled; its late rejection is expected.
  aborted.catch(() => {});
  return aborted;
}

async function readCapped(
  response: Response,
  url: string,
  maxBytes: number,
  aborted: Promise<never>,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new SafeFetchError('too_large', `${url} is larger than ${maxBytes} bytes`);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await Promise.race([reader.read(), aborted]);
    } catch (error) {
      reader.cancel().catch(() => {});
      throw error;
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new SafeFetchError('too_large', `${url} is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Creates a FetchJson over the web fetch API with the given limits (no cache). */
export function createWorkerFetchJson(options: WorkerFetchOptions): FetchJson {
  const fresh = createWorkerFetchFresh(options);
  return async (url) => (await fresh(url)).json;
}

/** The same fetcher behind the HTTP cache (what the Worker uses: one per isolate). */
export function createCachedWorkerFetchJson(options: WorkerFetchOptions): FetchJson {
  return createCachingFetchJson(createWorkerFetchFresh(options));
}

/** Fetches under the policy and reports how long the response stays fresh. */
function createWorkerFetchFresh({
  timeoutMs,
  maxBytes,
  fetch: fetchImpl = fetch,
}: WorkerFetchOptions): FetchFreshJson {
  return async (rawUrl: string) => {
    const url = checkFetchUrl(rawUrl);
    let body: Uint8Array;
    let freshForMs = 0;
    // One deadline, started now, for the request, the headers and the whole body.
    const signal = AbortSignal.timeout(timeoutMs);
    const aborted = whenAborted(signal);
    try {
      const response = await Promise.race([
        fetchImpl(url.href, {
          method: 'GET',
          headers: { accept: 'application/did+json, application/ld+json, application/json' },
          // Workers accept only 'follow' or 'manual'; a 3xx then fails the status check below.
          redirect: 'manual',
          signal,
        }),
        aborted,
      ]);
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel();
        throw new SafeFetchError('http_status', `${rawUrl} answered HTTP ${response.status}`);
      }
      body = await readCapped(response, rawUrl, maxBytes, aborted);
      freshForMs = freshnessMs(response.headers, Date.now());
    } catch (error) {
      if (error instanceof SafeFetchError) throw error;
      const name = (error as Error | undefined)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new SafeFetchError(
          'timeout',
          `${rawUrl} did not finish within ${timeoutMs} ms (the deadline covers connect, headers and body)`,
        );
      }
      throw new SafeFetchError('network', `${rawUrl}: ${(error as Error).message}`);
    }
    try {
      return { json: JSON.parse(new TextDecoder().decode(body)), freshForMs };
    } catch {
      throw new SafeFetchError('not_json', `${rawUrl} did not return JSON`);
    }
  };
}
