/**
 * Verifies a credential end to end and returns every check with a stable code:
 * structure, contexts, issuer DID, proof, validity window, status and schema; then, as the
 * OB 3.0 verification algorithm goes on, the refresh service, the recipient's identity when
 * asked, and embedded endorsements. A credential is a JSON object (Data Integrity proof) or
 * a compact VC-JWT string. It never throws for anything a credential contains; only bugs,
 * infrastructure faults and input over the caps (inputLimits.ts) escape.
 */
import { _checkCredential } from '@digitalbazaar/vc';
import type { DidResolver, DocumentLoader } from '../jsonld/documentLoader.js';
import type { SchemaValidator } from '../credentials/schemaValidator.js';
import { credentialSubjectMissing } from '../credentials/credentialSubjects.js';
import { checkCredentialProof } from './checkProof.js';
import { checkCredentialStatus, type FetchStatusList } from './checkStatus.js';
import { ResultBuilder, type VerificationResult } from './result.js';
import { claimedIssuer, describeCredential } from './credentialFacts.js';
import { assertCredentialWithinLimits, DEFAULT_INPUT_LIMITS, type InputLimits } from './inputLimits.js';
import {
  claimsMismatch,
  decodeJwtCredential,
  isFinding,
  numericDate,
  type JwtClaims,
  type JwtCredential,
} from './jwtCredential.js';
import { issuerDocument } from './jwtKeys.js';
import { checkJwtProof } from './jwtProof.js';
import { refreshCredential, refreshServiceUrl } from './credentialRefresh.js';
import { checkRecipient } from './recipientIdentity.js';
import { verifyEndorsements } from './endorsements.js';

/** What verification needs, passed in (DESIGN rule 1). */
export interface VerifyDeps {
  documentLoader: DocumentLoader;
  contexts: ReadonlyMap<string, unknown>;
  resolveDid: DidResolver;
  /**
   * The one way to a URL a credential names: status lists (both kinds) and refresh answers,
   * ours from the store, others over the main thread's safe fetch (deadline, size cap, no
   * private addresses); a verification thread has no network of its own.
   */
  fetchStatusList: FetchStatusList;
  schemas: SchemaValidator;
  now: () => Date;
  verifiedListProofs?: Set<string>;
}

/** What a caller may ask beyond the credential itself (POST /credentials/verify `options`). */
export interface CredentialCheckOptions {
  /** Confirm the credential was issued to this email (its IdentityObject hashes): adds the `recipient` check. */
  recipientEmail?: string;
  /** The caps a VC-JWT payload, a refreshed credential and an endorsement are held to. */
  limits?: InputLimits;
}

type Json = Record<string, unknown>;

/** One credential checked on its own: the checks so far (more may follow) and the credential read. */
export interface CheckedCredential {
  result: ResultBuilder;
  credential?: Json;
}

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

const dates = (values: unknown[]): string[] => values.filter((v): v is string => typeof v === 'string');

/**
 * The validity window. A VC-JWT states it twice, as nbf/exp and as validFrom/validUntil
 * (OB 3.0 §8.2.3 says they must agree); when they do not, the stricter bound holds.
 */
function checkValidity(credential: Json, now: Date, result: ResultBuilder, claims: JwtClaims = {}): void {
  const at = now.getTime();
  const from = dates([credential.validFrom ?? credential.issuanceDate, numericDate(claims.nbf)]).find(
    (d) => Date.parse(d) - MAX_CLOCK_SKEW_MS > at,
  );
  if (from) {
    result.fail('validity', 'not_yet_valid', `The credential is not valid before ${from}`);
    return;
  }
  const until = dates([credential.validUntil ?? credential.expirationDate, numericDate(claims.exp)]).find(
    (d) => Date.parse(d) + MAX_CLOCK_SKEW_MS < at,
  );
  if (until) {
    result.fail('validity', 'expired', `The credential expired on ${until}`);
    return;
  }
  result.pass('validity');
}

function checkSchemas(credential: Json, schemas: SchemaValidator, result: ResultBuilder): void {
  const declared = ([] as unknown[]).concat(credential.credentialSchema ?? []) as Json[];
  const problems: string[] = [];
  for (const schema of declared) {
    const id = String(schema?.id);
    if (!schemas.has(id, credential)) {
      result.warn(
        'schema_unknown',
        `The credential schema ${id} is not known to this verifier and was not checked`,
      );
      continue;
    }
    // A single proof object is a valid proof set of one (VC Data Integrity); the 1EdTech
    // schema only accepts the array form, so it is normalised before the schema check.
    const document =
      credential.proof !== undefined && !Array.isArray(credential.proof)
        ? { ...credential, proof: [credential.proof] }
        : credential;
    problems.push(...schemas.validate(id, document).map((p) => p.message));
  }
  if (problems.length)
    result.fail(
      'schema',
      'schema_invalid',
      `The credential does not match its schema: ${problems.join('; ')}`,
    );
  else result.pass('schema');
}

/** The credential of the input: the object itself, or a VC-JWT's payload (held to the caps before any other work). */
function readCredential(
  input: unknown,
  limits: InputLimits,
  result: ResultBuilder,
): { credential: Json; jwt?: JwtCredential } | undefined {
  if (typeof input === 'string') {
    const decoded = decodeJwtCredential(input);
    if (isFinding(decoded))
      return void result.fail(
        decoded.code === 'unknown_suite' ? 'proof' : 'structure',
        decoded.code,
        decoded.message,
      );
    assertCredentialWithinLimits(decoded.credential, limits);
    return { credential: decoded.credential, jwt: decoded };
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return void result.fail(
      'structure',
      'malformed_credential',
      'A verifiable credential must be a JSON object or a compact VC-JWT',
    );
  }
  return { credential: input as Json };
}

/** Resolves the issuer DID (for a VC-JWT also did:key of any key type, and did:jwk); for a VC-JWT, `iss` must name it. */
async function checkIssuer(
  credential: Json,
  jwt: JwtCredential | undefined,
  deps: VerifyDeps,
  result: ResultBuilder,
): Promise<Json | undefined> {
  const issuer = issuerOf(credential);
  try {
    if (!issuer?.startsWith('did:')) throw new Error(`the issuer ${String(issuer)} is not a DID`);
    const document = jwt ? await issuerDocument(issuer, deps.resolveDid) : await deps.resolveDid(issuer);
    if (jwt?.claims.iss !== undefined && jwt.claims.iss !== issuer) {
      return void result.fail(
        'issuer',
        'issuer_mismatch',
        `The JWT's iss ${JSON.stringify(jwt.claims.iss)} is not the credential's issuer ${issuer}`,
      );
    }
    result.pass('issuer');
    return document;
  } catch (error) {
    return void result.fail(
      'issuer',
      'did_unresolved',
      `The issuer could not be resolved: ${(error as Error).message}`,
    );
  }
}

/** Verifies one credential on its own: no refresh, no recipient, no endorsements. */
async function checkCredential(
  input: unknown,
  deps: VerifyDeps,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): Promise<CheckedCredential> {
  const result = new ResultBuilder();
  const read = readCredential(input, limits, result);
  if (!read) return { result };
  const { credential, jwt } = read;
  const now = deps.now();
  // Whatever the checks find, the result says whose certificate this claims to be and for
  // what; the issuer's standing here is added on the main thread (issuerStanding.ts).
  result.describe(describeCredential(credential), { ...claimedIssuer(credential), standing: 'unknown' });
  // Before digitalbazaar/vc's checks: they let `credentialSubject: []` through, and report
  // `{}` only as malformed. A credential that makes no claims gets its own code.
  const noClaims = credentialSubjectMissing(credential.credentialSubject);
  if (noClaims) {
    result.fail('structure', 'credential_subject_missing', noClaims);
    return { result, credential };
  }
  try {
    _checkCredential({ credential, now, mode: 'issue' });
    const claimsProblem = jwt && claimsMismatch(jwt);
    if (claimsProblem) throw new Error(claimsProblem);
    result.pass('structure');
  } catch (error) {
    result.fail(
      'structure',
      'malformed_credential',
      `The credential is not well formed: ${(error as Error).message}`,
    );
    return { result, credential };
  }
  const unknownContext = checkContexts(credential, deps.contexts);
  if (unknownContext) {
    result.fail(
      'context',
      'unknown_context',
      `Unknown @context ${unknownContext}: only bundled contexts are used, none is fetched`,
    );
    return { result, credential };
  }
  result.pass('context');

  const document = await checkIssuer(credential, jwt, deps, result);
  if (document) {
    const proofProblem = jwt
      ? await checkJwtProof(jwt, document)
      : await checkCredentialProof(credential, deps.documentLoader);
    if (proofProblem) result.fail('proof', proofProblem.code, proofProblem.message);
    else result.pass('proof');
  }
  checkValidity(credential, now, result, jwt?.claims);

  // A status pointer is trusted only once the issuer's signature over it is verified.
  if (
    credential.credentialStatus !== undefined &&
    !result.hasFailed('proof') &&
    !result.hasFailed('issuer')
  ) {
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
  return { result, credential };
}

const proofPassed = (checked: CheckedCredential) =>
  checked.result.build().checks.some((c) => c.id === 'proof' && c.valid);

/** Verifies a credential: its own checks, then refresh, recipient and endorsements (OB 3.0 §9). */
export async function verifyCredential(
  input: unknown,
  deps: VerifyDeps,
  options: CredentialCheckOptions = {},
): Promise<VerificationResult> {
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  const check = (candidate: unknown) => checkCredential(candidate, deps, limits);
  let checked = await check(input);
  // A refresh is asked for only once the issuer's signature over its URL holds; an expired
  // or revoked original is just what a refresh may replace.
  const refreshUrl =
    checked.credential && proofPassed(checked) ? refreshServiceUrl(checked.credential) : undefined;
  if (checked.credential && refreshUrl) {
    const refresh = await refreshCredential(checked.credential, refreshUrl, {
      fetch: deps.fetchStatusList,
      limits,
      check,
    });
    checked = refresh.replacement ?? checked;
    checked.result.warn(refresh.finding.code, refresh.finding.message);
  }
  const { result, credential } = checked;
  if (options.recipientEmail !== undefined && credential) {
    const problem = checkRecipient(credential, options.recipientEmail);
    if (problem) result.fail('recipient', problem.code, problem.message);
    else result.pass('recipient');
  }
  const built = result.build();
  if (!credential) return built;
  const { endorsements, warnings } = await verifyEndorsements(credential, check);
  if (endorsements.length === 0) return built;
  return { ...built, warnings: [...built.warnings, ...warnings], endorsements };
}
