/**
 * Issuing one credential, idempotently and crash-safe: (1) prepare and schema-check the
 * credential, (2) reserve it in the store, which atomically fixes its certificate number
 * and status-list indexes and records the unsigned credential, (3) sign, (4) mark it
 * issued. A retry with the same idempotency key after a crash between (2) and (4) signs
 * the very same reserved credential, so no key ever yields two credentials.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import {
  DuplicateCredentialIdError,
  type CredentialRecord,
  type CredentialStore,
  type ReserveInput,
  type StatusPurpose,
} from '../storage/ports.js';
import type { IssuerIdentity } from './issuerIdentity.js';
import { isOpenBadge, prepareCredential, STATUS_V1_CONTEXT, VC_V1_CONTEXT } from './prepareCredential.js';
import { signingProblem } from './signingErrors.js';
import { assertCredentialWithinLimits, type InputLimits } from '../verification/inputLimits.js';
import { hashedEmailIdentity } from '../verification/recipientIdentity.js';
import type { ProofSuiteName, SignCredential } from './signCredential.js';
import { OB3_ACHIEVEMENT_SCHEMA_ID, type SchemaValidator } from './schemaValidator.js';
import { credentialStatusFor } from '../status/statusEntries.js';
import { shuffleIndex } from '../status/shuffle.js';
import type { TemplateRef } from '../rendering/templateDesign.js';

/** What issuing needs, passed in (DESIGN rule 1). */
export interface IssueDeps {
  credentials: CredentialStore;
  identity: IssuerIdentity;
  sign: SignCredential;
  schemas: SchemaValidator;
  contexts: ReadonlyMap<string, unknown>;
  publicUrl: string;
  statusListLength: number;
  certificatePrefix: string;
  /** The verifier's caps: what we sign must be what we (and others) will verify, and signing cost is bounded. */
  limits: InputLimits;
  now: () => Date;
}

/** The caller's issue options (VC-API `options`, validated at the route). */
export interface IssueOptions {
  suite?: ProofSuiteName;
  idempotencyKey?: string;
  statusPurposes?: StatusPurpose[];
  isPublic?: boolean;
  /** The platform account receiving the credential (shown in their portal). */
  holderUserId?: string;
  /** The (locked) template version its pictures are drawn with; recorded on the credential. */
  templateRef?: TemplateRef;
  /** The id of the credential this one replaces (recorded; revoking the old is the caller's). */
  supersedes?: string;
  /**
   * The recipient's email, stated in an Open Badge only as a salted hash (an IdentityObject
   * beside the certificate number), so someone who knows it can confirm the credential is
   * theirs and no one can read it from the credential.
   */
  recipientEmail?: string;
}

/**
 * The verifier's caps less what issuing adds (issuer Profile, certificate number, status
 * entry, proof), so a credential we sign is always one a verifier with the same caps checks.
 */
function issuanceLimits(limits: InputLimits): InputLimits {
  return {
    ...limits,
    maxClaims: limits.maxClaims - 16,
    maxCredentialBytes: limits.maxCredentialBytes - 4096,
    maxDepth: limits.maxDepth - 2,
  };
}

/**
 * Puts the human certificate number on an OB credential as a subject identifier, and the
 * recipient's email, when known, as a salted-hash one (a fresh salt per credential, so the
 * same person's credentials do not share a hash).
 */
function withCertificateNumber(
  credential: Record<string, unknown>,
  certificateNumber: string,
  recipientEmail?: string,
): Record<string, unknown> {
  if (!isOpenBadge(credential) || Array.isArray(credential.credentialSubject)) return credential;
  const subject = credential.credentialSubject as Record<string, unknown>;
  const identifiers = ([] as unknown[]).concat(subject.identifier ?? []);
  identifiers.push({
    type: 'IdentityObject',
    identityType: 'identifier',
    hashed: false,
    identityHash: certificateNumber,
  });
  if (recipientEmail) identifiers.push(hashedEmailIdentity(recipientEmail));
  return { ...credential, credentialSubject: { ...subject, identifier: identifiers } };
}

/**
 * The 1EdTech OB 3.0 schema allows a single credentialStatus object, so an Open Badge
 * gets one status entry (revocation unless the caller asks for suspension); other
 * credentials get both purposes as an array.
 */
function statusPurposesFor(
  credential: Record<string, unknown>,
  requested?: StatusPurpose[],
): StatusPurpose[] {
  const purposes = [
    ...new Set(requested ?? (isOpenBadge(credential) ? ['revocation'] : ['revocation', 'suspension'])),
  ] as StatusPurpose[];
  if (isOpenBadge(credential) && purposes.length > 1) {
    throw new AppError(
      'invalid_request',
      'An Open Badges 3.0 credential carries one credentialStatus (the 1EdTech schema allows a single object): choose "revocation" or "suspension"',
    );
  }
  return purposes;
}

function statusField(
  credential: Record<string, unknown>,
  entries: Record<string, string>[],
): Record<string, unknown> {
  if (entries.length === 0) return {};
  return { credentialStatus: isOpenBadge(credential) ? entries[0] : entries };
}

/**
 * VC 1.1 does not define BitstringStatusListEntry: its status context is added, but only
 * when a status entry is, so verifiers without that context can read credentials without one.
 */
function withStatusContext(credential: Record<string, unknown>): Record<string, unknown> {
  const contexts = credential['@context'] as unknown[];
  if (
    credential.credentialStatus === undefined ||
    contexts[0] !== VC_V1_CONTEXT ||
    contexts.includes(STATUS_V1_CONTEXT)
  )
    return credential;
  return { ...credential, '@context': [...contexts, STATUS_V1_CONTEXT] };
}

function assertSchema(schemas: SchemaValidator, credential: Record<string, unknown>): void {
  // Every schema the credential declares that a verifier here checks, as verifyCredential
  // checks them: we never sign what our own verifier would call schema_invalid.
  const declared = ([] as unknown[]).concat(credential.credentialSchema ?? []) as { id?: unknown }[];
  const ids = new Set(
    declared.map((schema) => String(schema?.id)).filter((id) => schemas.has(id, credential)),
  );
  if (isOpenBadge(credential)) ids.add(OB3_ACHIEVEMENT_SCHEMA_ID);
  for (const id of ids) {
    // No proof yet (prepareCredential refuses one), so nothing to normalise as the verifier does.
    const problems = schemas.validate(id, credential);
    if (problems.length > 0) {
      const which = id === OB3_ACHIEVEMENT_SCHEMA_ID ? 'the Open Badges 3.0 schema' : `its schema ${id}`;
      throw new AppError(
        'schema_invalid',
        `The credential does not match ${which}: ${problems.map((p) => p.message).join('; ')}`,
        { errors: problems },
      );
    }
  }
}

/**
 * Signs a reserved credential and marks it issued. A failure the credential caused is a 400
 * (signingErrors.ts) and leaves nothing behind: the reservation is deleted, so its id and
 * idempotency key are free for a corrected retry. Its status-list indexes stay consumed (a
 * burned index is never handed out again and its bit never set: one unused slot of 131,072,
 * chosen at random, reveals nothing) and its certificate number is skipped. Any other
 * failure is ours, like a crash: the reservation stays, and a retry with the same key signs
 * that very credential, so no key ever yields two.
 */
async function signReserved(
  deps: IssueDeps,
  record: CredentialRecord,
  suite: ProofSuiteName,
): Promise<CredentialRecord> {
  // Only an erased holder's records lack the unsigned copy, and those are never reserved.
  if (!record.unsigned) throw new Error(`credential ${record.id} has no unsigned copy to sign`);
  let signed: Record<string, unknown>;
  try {
    assertSchema(deps.schemas, record.unsigned);
    signed = await deps.sign(record.unsigned, { suite, date: deps.now() });
  } catch (error) {
    const problem = signingProblem(error);
    if (!problem) throw error;
    await deps.credentials.discardReserved(record.id);
    throw problem;
  }
  // The 1EdTech OB 3.0 schema types `proof` as an array: a proof set of one is equally valid.
  if (isOpenBadge(signed) && !Array.isArray(signed.proof)) signed.proof = [signed.proof];
  return deps.credentials.markIssued(record.id, signed, deps.now().toISOString());
}

/** Reserves, turning a taken id (a race the earlier check cannot see) into a 409. */
async function reserveOrConflict(
  credentials: CredentialStore,
  input: ReserveInput,
): Promise<{ record: CredentialRecord; created: boolean }> {
  try {
    return await credentials.reserve(input);
  } catch (error) {
    if (error instanceof DuplicateCredentialIdError)
      throw new AppError('conflict', `A credential with id ${error.id} was already issued`);
    throw error;
  }
}

/** Issues a credential; returns the stored record and whether this call created it. */
export async function issueCredential(
  deps: IssueDeps,
  input: unknown,
  options: IssueOptions = {},
): Promise<{ record: CredentialRecord; created: boolean }> {
  const suite = options.suite ?? 'eddsa-rdfc-2022';
  if (options.idempotencyKey) {
    const existing = await deps.credentials.getByIdempotencyKey(options.idempotencyKey);
    if (existing?.state === 'issued') return { record: existing, created: false };
    // A reservation left by a crash is finished as it was reserved; if that fails it is
    // discarded, and this request's own body is issued under the key instead.
    if (existing) {
      try {
        return { record: await signReserved(deps, existing, suite), created: false };
      } catch (error) {
        if (await deps.credentials.getByIdempotencyKey(options.idempotencyKey)) throw error;
      }
    }
  }
  const now = deps.now();
  const prepared = prepareCredential(input, {
    issuer: deps.identity.profile,
    knownContexts: deps.contexts,
    now,
    newId: () => `urn:uuid:${randomUUID()}`,
    // A replacement keeps the end date of what it replaces, even one already passed.
    endMayBePast: options.supersedes !== undefined,
  });
  assertCredentialWithinLimits(prepared, issuanceLimits(deps.limits));
  assertSchema(deps.schemas, prepared);
  const purposes = statusPurposesFor(prepared, options.statusPurposes);
  const existingId = await deps.credentials.get(prepared.id as string);
  if (existingId?.state === 'reserved') {
    throw new AppError(
      'conflict',
      `A credential with id ${String(prepared.id)} is being issued; retry with the idempotency key of the request that started it`,
    );
  }
  if (existingId)
    throw new AppError('conflict', `A credential with id ${String(prepared.id)} was already issued`);

  const { record, created } = await reserveOrConflict(deps.credentials, {
    id: prepared.id as string,
    idempotencyKey: options.idempotencyKey ?? `auto:${randomUUID()}`,
    issuerDid: deps.identity.did,
    purposes,
    statusListLength: deps.statusListLength,
    certificatePrefix: deps.certificatePrefix,
    year: now.getUTCFullYear(),
    isPublic: options.isPublic ?? false,
    ...(options.holderUserId ? { holderUserId: options.holderUserId } : {}),
    ...(options.templateRef ? { templateRef: options.templateRef } : {}),
    ...(options.supersedes ? { supersedes: options.supersedes } : {}),
    shuffle: shuffleIndex,
    now: now.toISOString(),
    build: ({ certificateNumber, statusEntries }) =>
      withStatusContext({
        ...withCertificateNumber(prepared, certificateNumber, options.recipientEmail),
        ...statusField(prepared, credentialStatusFor(statusEntries, deps.publicUrl)),
      }),
  });
  if (record.state === 'issued') return { record, created: false };
  return { record: await signReserved(deps, record, suite), created };
}
