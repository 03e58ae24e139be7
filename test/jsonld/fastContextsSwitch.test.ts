/**
 * The JSON-LD speed-up is a switch, not a side effect: importing our JSON-LD modules leaves
 * jsonld's own context handling in place (a program using jsonld beside us is unaffected),
 * createDeps turns it on, and useFastContexts(false) restores jsonld's own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import jsonldContext from 'jsonld/lib/context.js';
import { createDocumentLoader, loadBundledContexts } from '../../src/jsonld/documentLoader.js';
import { useFastContexts } from '../../src/jsonld/fastContexts.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';

const api = jsonldContext as unknown as {
  getInitialContext(options: Record<string, unknown>): { clone: () => unknown };
};
const cloneName = () => api.getInitialContext({}).clone.name;

let t: TestApp | undefined;
afterAll(async () => t?.close());

describe('the JSON-LD speed-up switch', () => {
  it('is off after importing the document loader, on after createDeps, off again when asked', async () => {
    createDocumentLoader({ contexts: loadBundledContexts(), resolveDid: async () => ({}) });
    const own = cloneName();
    expect(own).not.toBe('shallowCloneActiveContext');

    t = await createTestApp();
    expect(cloneName()).toBe('shallowCloneActiveContext');

    useFastContexts(false);
    expect(cloneName()).toBe(own);
    useFastContexts();
    expect(cloneName()).toBe('shallowCloneActiveContext');
  });
});
