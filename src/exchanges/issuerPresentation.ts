/**
 * The presentation an exchange answers with, signed by the issuer: a Data Integrity proof
 * (eddsa-rdfc-2022, the suite our credentials carry) for authentication, with the
 * challenge and domain the wallet signed its own DIDAuth presentation with, so the wallet
 * can tell the answer is ours and for this exchange (for an unsigned one LCW logs "No
 * matching proofs found"), and a second one for assertionMethod, the only purpose the
 * DCC's verifier-core accepts on a presentation.
 *
 * It signs on the calling thread with the same cached signer small credentials use (the
 * key is imported once per key pair and never leaves the main thread): the presentation
 * holds one wallet copy of a platform certificate, which signs here in ~3 ms, and the
 * presentation in ~5-15 ms (scratch measurement, 2 shared cores), too little for a thread hop.
 */
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { VC_V2_CONTEXT } from '../credentials/prepareCredential.js';
import { createCachedSigner, type Ed25519Signer } from '../credentials/signCredential.js';
import type { IssuerIdentity } from '../credentials/issuerIdentity.js';
import { createDocumentLoader, type DocumentLoader } from '../jsonld/documentLoader.js';
import { createDidResolver } from '../jsonld/didResolver.js';

type Json = Record<string, unknown>;

/** What signing a presentation as the issuer needs (ExchangeDeps.issue has both). */
export interface PresentationSigningDeps {
  identity: IssuerIdentity;
  contexts: ReadonlyMap<string, unknown>;
}

/** The proof options: the wallet's challenge and domain, and the proof's creation time. */
export interface PresentationProofOptions {
  challenge: string;
  domain?: string;
  /** Fixed by the caller so a wallet's retry gets the very same bytes (Ed25519 is deterministic). */
  created: Date;
}

// One signer and loader per key pair, as the credential signer keeps them (createDeps builds
// the identity once, so this holds one entry; a rotated key in a new process gets its own).
const signers = new WeakMap<
  Ed25519MultikeyKeyPair,
  { signer: Ed25519Signer; documentLoader: DocumentLoader }
>();

function signerFor(deps: PresentationSigningDeps): { signer: Ed25519Signer; documentLoader: DocumentLoader } {
  let entry = signers.get(deps.identity.keyPair);
  if (!entry) {
    // Signing resolves only bundled contexts and our own DID: nothing leaves the process.
    const resolveDid = createDidResolver({
      ownDocuments: new Map([[deps.identity.did, deps.identity.didDocument]]),
    });
    entry = {
      signer: createCachedSigner(deps.identity.keyPair),
      documentLoader: createDocumentLoader({ contexts: deps.contexts, resolveDid }),
    };
    signers.set(deps.identity.keyPair, entry);
  }
  return entry;
}

/** A VC 2.0 presentation of `credentials` by the issuer, signed for authentication. */
export async function signedIssuerPresentation(
  deps: PresentationSigningDeps,
  credentials: Json[],
  options: PresentationProofOptions,
): Promise<Json> {
  const { signer, documentLoader } = signerFor(deps);
  // Built by hand: vc.createPresentation re-checks each credential's dates against the real
  // clock, and these credentials were just issued and checked by us.
  const presentation = {
    '@context': [VC_V2_CONTEXT],
    type: ['VerifiablePresentation'],
    holder: deps.identity.did,
    verifiableCredential: structuredClone(credentials),
  };
  const authenticated = await vc.signPresentation({
    presentation,
    suite: new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022, date: options.created }),
    challenge: options.challenge,
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
    documentLoader,
  });
  // A second proof of the set, for assertionMethod: the DCC's verifier-core (what Learner
  // Credential Wallet checks with) verifies presentations only for that purpose and finds no
  // matching proof in an authentication-only one. Each proof of a set signs the presentation
  // without the others, so either verifies on its own.
  return jsigs.sign(authenticated, {
    suite: new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022, date: options.created }),
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader,
  }) as Promise<Json>;
}
