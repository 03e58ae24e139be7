/**
 * Verifies a credential end to end and returns every check with a stable code:
 * structure, contexts, issuer DID, proof, validity window, status and schema. It never
 * throws for anything a credential contains; only bugs and infrastructure faults escape.
 */
import { _checkCredential } from '@digitalbazaar/vc';
import type { DidResolver, DocumentLoader } from '../jsonld/documentLoader.js';
import type { SchemaValidator } from '../credentials/schemaValidator.js';
import { credentialSubjectMissing } from '../credentials/credentialSubjects.js';
import { checkCredentialProof } from './checkProof.js';
import { checkCredentialStatus, type FetchStatusList } from './checkStatus.js';
import { ResultBuilder, type VerificationResult } from './result.js';
import { claimedIssuer, describeCredential } from './credentialFacts.js';

/** What verification needs, passed in (DESIGN rule 1). */
export interface VerifyDeps {
  documentLoader: DocumentLoader;
  contexts: ReadonlyMap<string, unknown>;
  resolveDid: DidResolver;
  fetchStatusList: FetchStatusList;
  schemas: SchemaValidator;
  now: () => Date;
  verifiedListProofs?: Set<string>;
}

type Json = Record<string, unknown>;

/** Clock skew tolerated on validFrom / validUntil, as in digitalbazaar/vc. */
const MAX_CLOCK_SKEW_MS = 300_000;

function checkContexts(credential: Json, contexts: ReadonlyMap<string, unknown>): string | undefined {
  for (const context of ([] as unknown[]).concat(credential['@context'] ?? [])) {
    if (typeof context === 'string' && !contexts.has(context)) return context;
  }
  return undefined;
}

function issuerOf(credential: Json): string | undefined {
  const issuer = credential.issuer;
  const id = typeof issuer === 'string' ? issuer : (issuer as Json | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

function checkValidity(credential: Json, now: Date, result: ResultBuilder): void {
  const at = now.getTime();
  const from = credential.validFrom ?? credential.issuanceDate;
  const until = credential.validUntil ?? credential.expirationDate;
  if (typeof from === 'string' && Date.parse(from) - MAX_CLOCK_SKEW_MS > at) {
    return result.fail('validity', 'not_yet_valid', `The credential is not valid before ${from}`);
  }
  if (typeof until === 'string' && Date.parse(until) + MAX_CLOCK_SKEW_MS < at) {
    return result.fail('validity', 'expired', `The credential expired on ${until}`);
  }
  result.pass('validity');
}

function checkSchemas(credential: Json, schemas: SchemaValidator, result: ResultBuilder): void {
  const declared = ([] as unknown[]).concat(credential.credentialSchema ?? []) as Json[];
  const problems: string[] = [];
  for (const schema of declared) {
    const id = String(schema?.id);
    if (!schemas.has(id)) {
      result.warn('schema_unknown', `The credential schema ${id} is not known to this verifier and was not checked`);
      continue;
    }
    // A single proof object is a valid proof set of one (VC Data Integrity); the 1EdTech
    // schema only accepts the array form, so it is normalised before the schema check.
    const document = credential.proof !== undefined && !Array.isArray(credential.proof) ? { ...credential, proof: [credential.proof] } : credential;
    problems.push(...schemas.validate(id, document).map((p) => p.message));
  }
  if (problems.length) result.fail('schema', 'schema_invalid', `The credential does not match its schema: ${problems.join('; ')}`);
  else result.pass('schema');
}

/** Verifies one credential. */
export async function verifyCredential(input: unknown, deps: VerifyDeps): Promise<VerificationResult> {
  const result = new ResultBuilder();
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    result.fail('structure', 'malformed_credential', 'A verifiable credential must be a JSON object');
    return result.build();
  }
  const credential = input as Json;
  const now = deps.now();
  // Whatever the checks find, the result says whose certificate this claims to be and for
  // what; the issuer's standing here is added on the main thread (issuerStanding.ts).
  result.describe(describeCredential(credential), { ...claimedIssuer(credential), standing: 'unknown' });
  // Before digitalbazaar/vc's checks: they let `credentialSubject: []` through, and report
  // `{}` only as malformed. A credential that makes no claims gets its own code.
  const noClaims = credentialSubjectMissing(credential.credentialSubject);
  if (noClaims) {
    result.fail('structure', 'credential_subject_missing', noClaims);
    return result.build();
  }
  try {
    _checkCredential({ credential, now, mode: 'issue' });
    result.pass('structure');
  } catch (error) {
    result.fail('structure', 'malformed_credential', `The credential is not well formed: ${(error as Error).message}`);
    return result.build();
  }
  const unknownContext = checkContexts(credential, deps.contexts);
  if (unknownContext) {
    result.fail('context', 'unknown_context', `Unknown @context ${unknownContext}: only bundled contexts are used, none is fetched`);
    return result.build();
  }
  result.pass('context');

  const issuer = issuerOf(credential);
  try {
    if (!issuer?.startsWith('did:')) throw new Error(`the issuer ${String(issuer)} is not a DID`);
    await deps.resolveDid(issuer);
    result.pass('issuer');
  } catch (error) {
    result.fail('issuer', 'did_unresolved', `The issuer could not be resolved: ${(error as Error).message}`);
  }

  if (!result.hasFailed('issuer')) {
    const proofProblem = await checkCredentialProof(credential, deps.documentLoader);
    if (proofProblem) result.fail('proof', proofProblem.code, proofProblem.message);
    else result.pass('proof');
  }
  checkValidity(credential, now, result);

  // A status pointer is trusted only once the issuer's signature over it is verified.
  if (credential.credentialStatus !== undefined && !result.hasFailed('proof') && !result.hasFailed('issuer')) {
    const findings = await checkCredentialStatus(credential, {
      documentLoader: deps.documentLoader,
      fetchStatusList: deps.fetchStatusList,
      now,
      ...(deps.verifiedListProofs ? { verifiedListProofs: deps.verifiedListProofs } : {}),
    });
    if (findings.length === 0) result.pass('status');
    for (const finding of findings) result.fail('status', finding.code, finding.message);
  }
  checkSchemas(credential, deps.schemas, result);
  return result.build();
}
