/**
 * The faster JSON-LD context handling changes nothing but speed: documents expand and
 * canonicalize (RDFC-1.0) to the same result with jsonld's own handling and with ours, on a
 * cold and on a warm cache, and the same documents fail the same way (safe mode's dropped
 * terms, protected-term redefinition), however often they are processed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import jsonldContext from 'jsonld/lib/context.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { useFastContexts } from '../../src/jsonld/fastContexts.js';

let t: TestApp;
let documents: Record<string, unknown>[];

/** Scoped-context features Open Badges uses lightly or not at all, on inline contexts. */
const scoped = {
  '@context': {
    '@version': 1.1,
    '@vocab': 'https://example.org/vocab#',
    id: '@id',
    type: '@type',
    Course: {
      '@id': 'https://example.org/Course',
      '@context': {
        title: 'https://example.org/courseTitle',
        module: { '@id': 'https://example.org/module' },
      },
    },
    Sticky: {
      '@id': 'https://example.org/Sticky',
      '@context': { '@propagate': true, level: 'https://example.org/stickyLevel' },
    },
    Locked: {
      '@id': 'https://example.org/Locked',
      '@context': { '@protected': true, code: 'https://example.org/lockedCode' },
    },
    grade: { '@id': 'https://example.org/grade', '@protected': true },
    tagged: {
      '@id': 'https://example.org/tagged',
      '@context': { label: { '@id': 'https://example.org/label', '@language': 'en' } },
    },
    byType: { '@id': 'https://example.org/byType', '@container': '@type' },
  },
  id: 'https://example.org/things/1',
  type: 'Course',
  title: 'Scoped title',
  module: {
    type: 'Course',
    title: 'nested course',
    module: { title: 'reverted: not the course title', level: 3 },
  },
  sticky: { type: 'Sticky', level: 1, child: { level: 2, grandchild: { level: 3 } } },
  locked: { type: 'Locked', code: 'A1', inner: { code: 'B2' } },
  tagged: { label: 'hello', child: { label: 'plain again' } },
  byType: { Course: { title: 'indexed by type' }, Sticky: { level: 9 } },
};

beforeAll(async () => {
  t = await createTestApp();
  const { record } = await issueCredential(t.deps.issue, openBadgeRequest({ name: 'Fast clone check' }));
  const vc = record.credential as Record<string, unknown>;
  const { record: second } = await issueCredential(
    t.deps.issue,
    openBadgeRequest({ name: 'Another Person' }),
  );
  documents = [
    vc,
    second.credential as Record<string, unknown>,
    {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [vc, second.credential],
    },
    t.deps.identity.didDocument as Record<string, unknown>,
    scoped,
  ];
});
afterAll(async () => {
  useFastContexts(true);
  await t.close();
});

type Outcome = { expanded: unknown; nquads: string } | { error: string };

async function process(doc: Record<string, unknown>): Promise<Outcome> {
  const options = { documentLoader: t.deps.documentLoader as never, safe: true };
  try {
    const expanded = await jsonld.expand(structuredClone(doc) as never, options);
    const nquads = (await jsonld.canonize(structuredClone(doc) as never, {
      ...options,
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
    })) as string;
    return { expanded, nquads };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/** jsonld's own handling, then ours twice (the second run answers from the caches). */
async function compare(doc: Record<string, unknown>): Promise<Outcome> {
  useFastContexts(false);
  const slow = await process(doc);
  useFastContexts(true);
  const cold = await process(doc);
  const warm = await process(doc);
  expect(cold).toEqual(slow);
  expect(warm).toEqual(slow);
  return slow;
}

describe('the fast JSON-LD context handling', () => {
  it('is installed', () => {
    const initial = jsonldContext.getInitialContext({ processingMode: 'json-ld-1.1' }) as {
      clone: { name: string };
      revertToPreviousContext: { name: string };
    };
    expect(initial.clone.name).toBe('shallowCloneActiveContext');
    expect(initial.revertToPreviousContext.name).toBe('revertToPreviousContext');
  });

  it('expands and canonicalizes credentials, presentations and DID documents exactly as jsonld does on its own', async () => {
    for (const doc of documents) {
      const outcome = await compare(doc);
      expect('nquads' in outcome && outcome.nquads.length).toBeGreaterThan(500);
    }
  });

  it('scopes type-scoped, propagated, protected and property-scoped terms as jsonld does', async () => {
    const outcome = await compare(scoped);
    if (!('nquads' in outcome)) throw new Error(outcome.error);
    // The features are really exercised: the type-scoped term reverts in a nested node...
    expect(outcome.nquads).toContain('<https://example.org/courseTitle> "nested course"');
    expect(outcome.nquads).toContain('<https://example.org/vocab#title> "reverted: not the course title"');
    // ...a propagated one does not, nor does a property-scoped one.
    expect(outcome.nquads).toContain('<https://example.org/stickyLevel> "3"^^');
    expect(outcome.nquads).toContain('<https://example.org/label> "hello"@en');
    expect(outcome.nquads).toContain('<https://example.org/label> "plain again"@en');
    expect(outcome.nquads).toContain('<https://example.org/lockedCode> "A1"');
  });

  it('fails the same way, every time, on a term no context defines (safe mode)', async () => {
    // Credentials have VC 2.0's @vocab, so the undefined term goes in a context without one.
    const context = { ...scoped['@context'] } as Record<string, unknown>;
    delete context['@vocab'];
    const doc = {
      '@context': context,
      id: 'https://example.org/things/2',
      type: 'Course',
      module: { type: 'Course', title: 't', favouriteColour: 'green' },
    };
    for (let i = 0; i < 2; i++) {
      const outcome = await compare(doc);
      expect('error' in outcome && outcome.error).toMatch(/safe mode/i);
    }
  });

  it('refuses to redefine a protected term the same way, every time', async () => {
    const doc = {
      ...scoped,
      sticky: { '@context': { grade: 'https://example.org/otherGrade' }, grade: 'X' },
    };
    for (let i = 0; i < 2; i++) {
      const outcome = await compare(doc);
      expect('error' in outcome && outcome.error).toMatch(/protected/i);
    }
  });
});
