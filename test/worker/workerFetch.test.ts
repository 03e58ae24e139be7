/** The Workers fetcher refuses what a credential must never make the verifier fetch. */
import { describe, expect, it } from 'vitest';
import { createWorkerFetchJson } from '../../src/jsonld/workerFetch.js';
import { SafeFetchError } from '../../src/jsonld/fetchPolicy.js';

/** A fetch that records calls and answers with `respond`. */
function fakeFetch(
  respond: (url: string, init: RequestInit) => Promise<Response> | Response = () =>
    Response.json({ ok: true }),
) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    return respond(String(input), init);
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

async function reason(fetchJson: (url: string) => Promise<unknown>, url: string): Promise<string> {
  try {
    await fetchJson(url);
    return 'fetched';
  } catch (error) {
    return error instanceof SafeFetchError ? error.reason : `other: ${(error as Error).message}`;
  }
}

describe('workers fetch', () => {
  it('fetches only https, without touching the network for anything else', async () => {
    const { calls, fetch } = fakeFetch();
    const fetchJson = createWorkerFetchJson({ timeoutMs: 1000, maxBytes: 1024, fetch });
    expect(await reason(fetchJson, 'http://example.org/x.json')).toBe('not_https');
    expect(await reason(fetchJson, 'file:///etc/passwd')).toBe('not_https');
    expect(await reason(fetchJson, 'not a url')).toBe('network');
    expect(calls).toEqual([]);
  });

  it('refuses private, loopback and link-local literals however they are written', async () => {
    const { calls, fetch } = fakeFetch();
    const fetchJson = createWorkerFetchJson({ timeoutMs: 1000, maxBytes: 1024, fetch });
    for (const url of [
      'https://127.0.0.1/x.json',
      'https://10.0.0.7/x.json',
      'https://192.168.1.1:8443/x.json',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/x.json',
      'https://[fd00::1]/x.json',
      'https://[::ffff:127.0.0.1]/x.json',
      'https://0x7f.1/x.json',
      'https://2130706433/x.json',
      'https://localhost/x.json',
      'https://api.localhost/x.json',
    ]) {
      expect(await reason(fetchJson, url), url).toBe('private_address');
    }
    expect(calls).toEqual([]);
  });

  it('fetches JSON from a public https URL, refusing redirects, with a timeout signal', async () => {
    const { calls, fetch } = fakeFetch();
    const fetchJson = createWorkerFetchJson({ timeoutMs: 1000, maxBytes: 1024, fetch });
    expect(await fetchJson('https://issuer.example/.well-known/did.json')).toEqual({ ok: true });
    expect(calls[0]!.init.redirect).toBe('manual');
    expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);

    const redirecting = fakeFetch(
      () => new Response(null, { status: 302, headers: { location: 'https://127.0.0.1/' } }),
    );
    expect(
      await reason(
        createWorkerFetchJson({ timeoutMs: 1000, maxBytes: 1024, fetch: redirecting.fetch }),
        'https://issuer.example/x',
      ),
    ).toBe('http_status');
    expect(redirecting.calls).toHaveLength(1);
  });

  it('caps the size, declared or streamed, and names bad JSON and timeouts', async () => {
    const big = 'x'.repeat(2048);
    const declared = fakeFetch(
      () => new Response(big, { headers: { 'content-length': String(big.length) } }),
    );
    expect(
      await reason(
        createWorkerFetchJson({ timeoutMs: 1000, maxBytes: 1024, fetch: declared.fetch }),
        'https://a.example/',
      ),
    ).toBe('too_large');

    let cancelled = false;
    const streamed = fakeFetch(
      () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
            },
            cancel() {
              cancelled = true;
            },
          }),
        ),
    );
    expect(
      await reason(
        createWorkerFetchJson({ timeoutMs: 1000, maxBytes: 1024, fetch: streamed.fetch }),
        'https://a.example/',
      ),
    ).toBe('too_large');
    expect(cancelled).toBe(true);

    const notJson = fakeFetch(() => new Response('<html>'));
    expect(
      await reason(
        createWorkerFetchJson({ timeoutMs: 1000, maxBytes: 1024, fetch: notJson.fetch }),
        'https://a.example/',
      ),
    ).toBe('not_json');

    const hanging = fakeFetch(
      (_url, init) =>
        new Promise((_, reject) =>
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }),
        ),
    );
    expect(
      await reason(
        createWorkerFetchJson({ timeoutMs: 100, maxBytes: 1024, fetch: hanging.fetch }),
        'https://a.example/',
      ),
    ).toBe('timeout');
  });
});
