/**
 * What the Workers verifier reaches over the network in these tests: the issuing app's
 * status lists, answered from its store as the issuer's site would answer them; anything
 * else fails like an unreachable host. Every URL asked for is recorded.
 */
import type { TestApp } from '../fixtures/testDeps.js';
import type { FetchJson } from '../../src/jsonld/fetchPolicy.js';
import { getStatusListCredential } from '../../src/status/statusLists.js';
import { statusListUrl } from '../../src/status/statusEntries.js';

/** A fetcher over `app()`'s status lists (read when called: the app may be made after it). */
export function statusListsOf(app: () => TestApp, fetched: string[] = []): FetchJson {
  return async (url) => {
    fetched.push(url);
    const t = app();
    const prefix = statusListUrl(t.deps.config.publicUrl, '');
    const list = url.startsWith(prefix)
      ? await getStatusListCredential(t.deps.status, url.slice(prefix.length))
      : undefined;
    if (!list) throw new Error(`no route to ${url}`);
    return structuredClone(list);
  };
}
