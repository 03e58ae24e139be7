/**
 * The faster active-context clone changes nothing but speed: an issued Open Badge, a
 * presentation holding it and a DID document expand and canonicalize (RDFC-1.0) to the same
 * result with jsonld's own deep clone and with ours; and ours is the one installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import jsonldContext from 'jsonld/lib/context.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { useFastContextClone } from '../../src/jsonld/fastContextClone.js';

let t: TestApp;
let documents: Record<string, unknown>[];

beforeAll(async () => {
  t = await createTestApp();
  const { record } = await issueCredential(t.deps.issue, openBadgeRequest({ name: 'Fast clone check' }));
  const vc = record.credential as Record<string, unknown>;
  documents = [vc, { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [vc] }, t.deps.identity.didDocument as Record<string, unknown>];
});
afterAll(async () => {
  useFastContextClone(true);
  await t.close();
});

async function process(doc: Record<string, unknown>): Promise<{ expanded: unknown; nquads: string }> {
  const options = { documentLoader: t.deps.documentLoader as never, safe: true };
  const expanded = await jsonld.expand(structuredClone(doc) as never, options);
  const nquads = (await jsonld.canonize(structuredClone(doc) as never, { ...options, algorithm: 'RDFC-1.0', format: 'application/n-quads' })) as string;
  return { expanded, nquads };
}

describe('the fast active-context clone', () => {
  it('is installed', () => {
    const initial = (jsonldContext.getInitialContext({ processingMode: 'json-ld-1.1' }) as { clone: { name: string } }).clone;
    expect(initial.name).toBe('shallowCloneActiveContext');
  });

  it('expands and canonicalizes exactly as jsonld does on its own', async () => {
    for (const doc of documents) {
      useFastContextClone(false);
      const slow = await process(doc);
      useFastContextClone(true);
      const fast = await process(doc);
      expect(fast.expanded).toEqual(slow.expanded);
      expect(fast.nquads).toBe(slow.nquads);
      expect(fast.nquads.length).toBeGreaterThan(500);
    }
  });
});
