/**
 * Turns the `credential` of an issue request into the unsigned credential we sign:
 * checks what the caller must supply, fills what the issuer owns (id, issuer, validFrom,
 * the OB credentialSchema) and rejects what only the issuer may set. Status entries, the
 * status context and the certificate number are added later, once reserved in the store.
 *
 * Everything the signer (digitalbazaar/vc's checks, then JSON-LD expansion) would throw on
 * is refused here with a sentence naming the field: a throw during signing would otherwise
 * be a 500, after a reservation was already made. The checks follow the VC Data Model 2.0
 * (https://www.w3.org/TR/vc-data-model-2.0/).
 */
import { AppError } from '../errors.js';
import { assertBody, assertDepth } from './credentialBody.js';
import { prepareDates } from './credentialDates.js';
import { assertEntries } from './credentialEntries.js';
import { assertCredentialSubject } from './credentialSubjects.js';
import { assertTypeValue, invalid, isObject, isUrl, type Json } from './credentialValues.js';
import { assertContexts } from './inlineContexts.js';
import type { IssuerProfile } from './issuerIdentity.js';
import { OB3_ACHIEVEMENT_SCHEMA_ID, OB3_SCHEMA_TYPE } from './schemaValidator.js';
// The checks live in their own modules; what callers import from here stays importable here.
export { isDateTimeStamp } from './credentialDates.js';
export { CREDENTIAL_SUBJECT_MISSING, credentialSubjectMissing } from './credentialSubjects.js';
export { MAX_INLINE_CONTEXT_TERMS } from './inlineContexts.js';

/** VC Data Model 2.0 context. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** VC Data Model 1.1 context. */
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
/** Open Badges 3.0.3 context. */
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/**
 * Defines `1EdTechJsonSchemaValidator2019`, which neither VC v2 nor OB 3.0.3 define, as the
 * OB 3.0 examples do. We add it after the OB context: wallets bundle it (the DCC verifier
 * behind Learner Credential Wallet does), so they verify our credentials offline.
 */
export const OB_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
/**
 * Also defines that type (as an undefined term). We added it before OB_EXTENSIONS_CONTEXT and
 * still accept it from callers, but no longer add it: the DCC verifier does not bundle it and
 * fetches it from www.w3.org on every verification, so offline it reports a bad signature.
 */
export const UNDEFINED_TERMS_CONTEXT = 'https://www.w3.org/ns/credentials/undefined-terms/v2';
/**
 * The status context a VC 1.1 credential needs for BitstringStatusListEntry. Not added
 * here: issuing adds it only when it adds a status entry, as an unused context is noise.
 */
export const STATUS_V1_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1';

/** Whether a credential is an Open Badges 3.0 credential (validated against the OB schema). */
export function isOpenBadge(credential: Json): boolean {
  const types = typesOf(credential);
  return types.includes('OpenBadgeCredential') || types.includes('AchievementCredential');
}

/** The credential's `type` as a list, whether the caller wrote one name, several or none. */
function typesOf(credential: Json): unknown[] {
  return ([] as unknown[]).concat(credential.type ?? []);
}

/**
 * The credential's @context list and the VC version its first entry names. Every URL in it
 * must be a bundled context: contexts are never fetched.
 */
function contextsOf(
  credential: Json,
  knownContexts: ReadonlyMap<string, unknown>,
): { contexts: unknown[]; version: 1 | 2 } {
  const contexts = credential['@context'];
  if (!Array.isArray(contexts) || contexts.length === 0) {
    throw invalid('"@context" must be an array starting with the VC 2.0 context');
  }
  const version = contexts[0] === VC_V2_CONTEXT ? 2 : contexts[0] === VC_V1_CONTEXT ? 1 : 0;
  if (!version) {
    throw invalid(`The first "@context" must be ${VC_V2_CONTEXT} (or ${VC_V1_CONTEXT})`);
  }
  for (const context of contexts) {
    if (typeof context === 'string' && !knownContexts.has(context)) {
      throw invalid(
        `Unknown @context ${context}: contexts are never fetched; use one of ${[...knownContexts.keys()].join(', ')}`,
      );
    }
    if (typeof context !== 'string' && !isObject(context)) {
      throw invalid('Each "@context" entry must be a URL or an object');
    }
  }
  return { contexts, version };
}

/** Refuses, with unsupported_issuer, an issuer other than ours; a missing one is ours to fill. */
function assertOurIssuer(given: unknown, issuer: IssuerProfile): void {
  const issuerId = typeof given === 'string' ? given : (given as Json | undefined)?.id;
  if (given !== undefined && issuerId !== issuer.id) {
    throw new AppError(
      'unsupported_issuer',
      `This service issues only as ${issuer.id}; "issuer" was ${String(issuerId)}`,
    );
  }
}

/**
 * The issuer as we sign it. Open Badges get our full Profile (the OB context defines it);
 * a plain VC keeps the caller's members with our id, plus our name where VC 2.0 defines
 * `name`: Profile, url and image are undefined in plain VC contexts, so signing would fail.
 */
function issuerFor(credential: Json, issuer: IssuerProfile, ob: boolean, version: 1 | 2): Json | string {
  const given = credential.issuer;
  if (given === undefined || (ob && typeof given === 'string')) return ob ? { ...issuer } : issuer.id;
  if (typeof given === 'string') return given;
  const members = given as Json;
  if (ob) return { ...issuer, ...members, id: issuer.id };
  // Our id is spread first only to keep it the first member; it then overwrites the caller's.
  const ours = version === 2 ? { id: issuer.id, name: issuer.name } : { id: issuer.id };
  return { ...ours, ...members, id: issuer.id };
}

/** Whether a context entry is an Open Badges 3.0 context (the extensions context is not one). */
function isObContext(context: unknown): boolean {
  return (
    typeof context === 'string' &&
    context.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/') &&
    context !== OB_EXTENSIONS_CONTEXT
  );
}

/**
 * Completes an Open Badge: issued on VC 2.0 only, with the OB context (unless another OB 3.0
 * context is named) and, when the caller names none, the OB achievement credentialSchema.
 * Its type needs the extensions context, added right after the OB context unless the caller
 * named it or undefined-terms/v2: contexts the caller put after the OB context keep their
 * place after it, so their own definitions still win.
 */
function completeOpenBadge(credential: Json, contexts: unknown[], version: 1 | 2): void {
  if (version !== 2) throw invalid('Open Badges 3.0 credentials are issued on the VC 2.0 context');
  if (!contexts.some(isObContext)) contexts.push(OB_CONTEXT);
  if (credential.credentialSchema === undefined) {
    credential.credentialSchema = [{ id: OB3_ACHIEVEMENT_SCHEMA_ID, type: OB3_SCHEMA_TYPE }];
  }
  const namesSchemaType = JSON.stringify(credential.credentialSchema).includes(OB3_SCHEMA_TYPE);
  if (
    namesSchemaType &&
    !contexts.includes(OB_EXTENSIONS_CONTEXT) &&
    !contexts.includes(UNDEFINED_TERMS_CONTEXT)
  ) {
    contexts.splice(contexts.map(isObContext).lastIndexOf(true) + 1, 0, OB_EXTENSIONS_CONTEXT);
  }
}

/** What preparing a credential needs to know about the issuer and its environment. */
export interface PrepareContext {
  issuer: IssuerProfile;
  /** URLs of the bundled contexts: any other context URL is refused (never fetched). */
  knownContexts: ReadonlyMap<string, unknown>;
  now: Date;
  newId: () => string;
  /** Allow validUntil/expirationDate before now (a replacement keeping its original's end). */
  endMayBePast?: boolean;
}

/** Normalises an issue request's credential; throws AppError with a clear reason. */
export function prepareCredential(
  input: unknown,
  { issuer, knownContexts, now, newId, endMayBePast = false }: PrepareContext,
): Json {
  if (!isObject(input)) throw invalid('"credential" must be a JSON object');
  assertDepth(input);
  const credential = structuredClone(input);
  const { contexts, version } = contextsOf(credential, knownContexts);
  if (!typesOf(credential).includes('VerifiableCredential')) {
    throw invalid('"type" must include "VerifiableCredential"');
  }
  assertTypeValue(credential.type, 'type');
  assertCredentialSubject(credential.credentialSubject);
  if ('proof' in credential) throw invalid('The credential already has a "proof"');
  if ('credentialStatus' in credential) {
    throw invalid('"credentialStatus" is assigned by the issuer; leave it out');
  }
  if (credential.id === undefined) credential.id = newId();
  else if (!isUrl(credential.id)) throw invalid('"id" must be a URL such as urn:uuid:...');

  const ob = isOpenBadge(credential);
  assertOurIssuer(credential.issuer, issuer);
  credential.issuer = issuerFor(credential, issuer, ob, version);
  prepareDates(credential, version, now, endMayBePast);
  assertEntries(credential);
  if (ob) completeOpenBadge(credential, contexts, version);
  // Last, so the protected terms come from every context the credential is signed with.
  assertBody(credential, '', assertContexts(contexts, knownContexts));
  return credential;
}
