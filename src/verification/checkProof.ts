/**
 * The proof check: runs jsonld-signatures over the credential with every suite we
 * support and the offline loader, then turns the library's errors into our stable codes.
 * The issuance purpose also proves the signing key belongs to the credential's issuer.
 */
import jsigs from 'jsonld-signatures';
import { CredentialIssuancePurpose } from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { eddsaRdfc2022Verifying, Ed25519Signature2020Verifying } from './ed25519Verifier.js';
import type { DocumentLoader } from '../jsonld/documentLoader.js';
import { UnknownDocumentError } from '../jsonld/documentLoader.js';
import { DidResolutionError } from '../jsonld/didResolver.js';
import type { Finding } from './result.js';

/** Fresh verifier suites for one verification (suites carry per-call state). */
export function verifierSuites(): unknown[] {
  return [
    new DataIntegrityProof({ cryptosuite: eddsaRdfc2022Verifying }),
    new Ed25519Signature2020Verifying(),
  ];
}

/** The proof types and cryptosuites we verify, for messages. */
const SUPPORTED = 'DataIntegrityProof (eddsa-rdfc-2022) or Ed25519Signature2020';

function flatten(error: unknown): unknown[] {
  if (!error || typeof error !== 'object') return [error];
  const nested = (error as { errors?: unknown[] }).errors;
  return Array.isArray(nested) && nested.length ? nested.flatMap(flatten) : [error];
}

/** Maps a jsonld-signatures failure to a stable finding. */
export function proofFinding(error: unknown, document: Record<string, unknown>): Finding {
  for (const e of flatten(error)) {
    const message = e instanceof Error ? e.message : String(e);
    const name = e instanceof Error ? e.name : '';
    if (e instanceof UnknownDocumentError) return { code: 'unknown_context', message: e.message };
    if (e instanceof DidResolutionError) return { code: 'did_unresolved', message: e.message };
    if (name === 'NotFoundError' || /No matching proofs found/.test(message)) {
      const proofs = ([] as unknown[]).concat(document.proof ?? []);
      if (proofs.length === 0) return { code: 'no_proof', message: 'The credential has no proof' };
      const kinds = proofs.map((p) => {
        const proof = (p ?? {}) as { type?: unknown; cryptosuite?: unknown };
        return proof.cryptosuite
          ? `${String(proof.type)} (${String(proof.cryptosuite)})`
          : String(proof.type);
      });
      return {
        code: 'unknown_suite',
        message: `No supported proof: found ${kinds.join(', ')}; this verifier accepts ${SUPPORTED}`,
      };
    }
    if (
      /safe mode|jsonld\.ValidationError|Dropping property|undefined/i.test(`${name} ${message}`) &&
      /safe mode|Dropping/i.test(message)
    ) {
      return {
        code: 'undefined_term',
        message: `The credential uses a term its contexts do not define: ${message}`,
      };
    }
    if (/issuer must match the verification method controller|not authorized by controller/.test(message)) {
      return { code: 'issuer_mismatch', message: 'The credential was not signed by a key of its issuer' };
    }
    if (/Invalid signature|signature/i.test(message))
      return {
        code: 'invalid_signature',
        message:
          'The signature does not match the credential: it was altered after signing or signed by another key',
      };
  }
  const first = flatten(error)[0];
  return {
    code: 'invalid_signature',
    message: `The proof could not be verified: ${first instanceof Error ? first.message : String(first)}`,
  };
}

/** Verifies the proof(s) of a credential; returns undefined when valid, else a finding. */
export async function checkCredentialProof(
  credential: Record<string, unknown>,
  documentLoader: DocumentLoader,
): Promise<Finding | undefined> {
  if (credential.proof === undefined) return { code: 'no_proof', message: 'The credential has no proof' };
  try {
    const result = await jsigs.verify(credential, {
      suite: verifierSuites(),
      purpose: new CredentialIssuancePurpose(),
      documentLoader,
    });
    if (result.verified) return undefined;
    return proofFinding(
      result.error ?? result.results?.find((r: { error?: unknown }) => r.error)?.error,
      credential,
    );
  } catch (error) {
    return proofFinding(error, credential);
  }
}
