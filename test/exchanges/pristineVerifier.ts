/**
 * A presentation verifier sharing none of the platform's code, for the exchange tests: the
 * outside document loader of test/e2e/independentVerifier.ts (npm context packages, the DID
 * document the app serves, its status-list routes) and @digitalbazaar/vc's `verify` (proof
 * for authentication with the expected challenge and domain, then each credential).
 */
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
// @ts-expect-error untyped package
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import type { TestApp } from '../fixtures/testDeps.js';
import { PUBLIC_URL, type Json } from './walletFixtures.js';
import { outsideDocumentLoader } from '../e2e/independentVerifier.js';

/** What @digitalbazaar/vc reports, reduced to what the tests look at. */
export interface PristineResult {
  verified: boolean;
  /** The presentation proof's own result (the credentials are checked separately). */
  presentationVerified: boolean;
  error?: string;
}

/** Verifies a presentation as an outside party that can only reach the app's routes. */
export async function verifyPresentationPristine(
  t: TestApp,
  presentation: Json,
  options: { challenge: string; domain?: string },
): Promise<PristineResult> {
  const didDocument = (await (await t.app.request('/.well-known/did.json')).json()) as Json;
  const documentLoader = outsideDocumentLoader({
    didDocument,
    statusPrefix: `${PUBLIC_URL}/status/`,
    fetchJson: async (url) => (await t.app.request(url.slice(PUBLIC_URL.length))).json(),
  });
  const suite = [new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), new Ed25519Signature2020()];
  const result = await vc.verify({
    presentation: structuredClone(presentation),
    suite,
    documentLoader,
    challenge: options.challenge,
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
    now: t.clock.now,
    checkStatus: (statusOptions: Record<string, unknown>) =>
      checkStatus({ ...statusOptions, suite, documentLoader }),
  });
  const error = result.error ? String(result.error.errors?.[0]?.message ?? result.error.message) : undefined;
  return {
    verified: Boolean(result.verified),
    presentationVerified: Boolean(result.presentationResult?.verified),
    ...(error ? { error } : {}),
  };
}
