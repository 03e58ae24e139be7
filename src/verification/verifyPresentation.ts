/**
 * Verifies a VerifiablePresentation: its own proof (authentication purpose, with the
 * challenge and domain the verifier asked for) and every credential inside it.
 */
import jsigs from 'jsonld-signatures';
import { ResultBuilder, type Finding, type VerificationResult } from './result.js';
import { proofFinding, verifierSuites } from './checkProof.js';
import { verifyCredential, type VerifyDeps } from './verifyCredential.js';

type Json = Record<string, unknown>;

/** The result for a presentation: its own checks plus one result per credential. */
export interface PresentationResult extends VerificationResult {
  credentialResults: VerificationResult[];
}

/** Verifier options from the request (VC-API `options`). */
export interface PresentationOptions {
  challenge?: string;
  domain?: string;
}

async function checkPresentationProof(
  presentation: Json,
  options: PresentationOptions,
  deps: VerifyDeps,
): Promise<Finding | undefined> {
  const proofs = ([] as unknown[]).concat(presentation.proof ?? []) as Json[];
  if (options.challenge !== undefined && !proofs.some((p) => p?.challenge === options.challenge)) {
    return {
      code: 'challenge_mismatch',
      message: 'The presentation proof does not carry the expected challenge',
    };
  }
  if (
    options.domain !== undefined &&
    !proofs.some((p) => ([] as unknown[]).concat(p?.domain ?? []).includes(options.domain))
  ) {
    return { code: 'domain_mismatch', message: 'The presentation proof does not carry the expected domain' };
  }
  const holder =
    typeof presentation.holder === 'string'
      ? presentation.holder
      : (presentation.holder as Json | undefined)?.id;
  const challenge = options.challenge ?? proofs[0]?.challenge ?? '';
  // The purpose's constructor throws on a non-string challenge: that is the sender's malformed proof.
  if (typeof challenge !== 'string')
    return {
      code: 'malformed_presentation',
      message: 'The presentation proof\'s "challenge" must be a string',
    };
  // A named holder must resolve: without its DID document the purpose would only check the
  // key against the key's own DID, and any key could sign as any unresolvable holder.
  let controller: unknown;
  if (typeof holder === 'string') {
    controller = await deps.resolveDid(holder).catch(() => undefined);
    if (!controller)
      return {
        code: 'holder_mismatch',
        message: `The presentation's holder ${holder.slice(0, 200)} could not be resolved, so who signed it cannot be confirmed`,
      };
  }
  const purpose = new jsigs.purposes.AuthenticationProofPurpose({
    challenge,
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
    ...(controller ? { controller } : {}),
  });
  try {
    const result = await jsigs.verify(presentation, {
      suite: verifierSuites(),
      purpose,
      documentLoader: deps.documentLoader,
    });
    if (result.verified) return undefined;
    const finding = proofFinding(result.error, presentation);
    return finding.code === 'issuer_mismatch'
      ? { code: 'holder_mismatch', message: 'The presentation was not signed by its holder' }
      : finding;
  } catch (error) {
    return proofFinding(error, presentation);
  }
}

/** Verifies a presentation and the credentials it carries. */
export async function verifyPresentation(
  input: unknown,
  options: PresentationOptions,
  deps: VerifyDeps,
): Promise<PresentationResult> {
  const result = new ResultBuilder();
  const credentialResults: VerificationResult[] = [];
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    result.fail('structure', 'malformed_presentation', 'A verifiable presentation must be a JSON object');
    return { ...result.build(), credentialResults };
  }
  const presentation = input as Json;
  const types = ([] as unknown[]).concat(presentation.type ?? []);
  if (!Array.isArray(presentation['@context']) || !types.includes('VerifiablePresentation')) {
    result.fail(
      'structure',
      'malformed_presentation',
      'A presentation needs an "@context" array and type "VerifiablePresentation"',
    );
    return { ...result.build(), credentialResults };
  }
  result.pass('structure');
  if (presentation.proof === undefined) {
    if (options.challenge !== undefined)
      result.fail('presentation', 'no_proof', 'A challenge was given but the presentation is not signed');
    else
      result.warn('no_proof', 'The presentation is not signed; only the credentials inside it were verified');
  } else {
    const finding = await checkPresentationProof(presentation, options, deps);
    if (finding) result.fail('presentation', finding.code, finding.message);
    else result.pass('presentation');
  }
  for (const credential of ([] as unknown[]).concat(presentation.verifiableCredential ?? [])) {
    const credentialResult = await verifyCredential(credential, deps);
    credentialResults.push(credentialResult);
    if (!credentialResult.verified) {
      const first = credentialResult.errors[0];
      result.fail(
        'proof',
        first?.code ?? 'invalid_signature',
        `A credential in the presentation failed verification: ${first?.message ?? 'unknown reason'}`,
      );
    }
  }
  const built = result.build();
  return { ...built, credentialResults };
}
