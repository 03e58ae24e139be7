/**
 * Turns the `credential` of an issue request into the unsigned credential we sign:
 * checks what the caller must supply, fills what the issuer owns (id, issuer Profile,
 * validFrom, the OB credentialSchema) and rejects what only the issuer may set. Status
 * entries and the certificate number are added later, once reserved in the store.
 */
import { AppError } from '../errors.js';
import type { IssuerProfile } from './issuerIdentity.js';
import { OB3_ACHIEVEMENT_SCHEMA_ID, OB3_SCHEMA_TYPE } from './schemaValidator.js';

/** VC Data Model contexts. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
/** Open Badges 3.0.3 context. */
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** Defines `1EdTechJsonSchemaValidator2019`, which neither VC v2 nor OB 3.0.3 define. */
export const UNDEFINED_TERMS_CONTEXT = 'https://www.w3.org/ns/credentials/undefined-terms/v2';
/** The status context a VC 1.1 credential needs for BitstringStatusListEntry. */
export const STATUS_V1_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1';

type Json = Record<string, unknown>;

/** Whether a credential is an Open Badges 3.0 credential (validated against the OB schema). */
export function isOpenBadge(credential: Json): boolean {
  const types = ([] as unknown[]).concat(credential.type ?? []);
  return types.includes('OpenBadgeCredential') || types.includes('AchievementCredential');
}

function isUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);
}

function nowSeconds(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/** What preparing a credential needs to know about the issuer and its environment. */
export interface PrepareContext {
  issuer: IssuerProfile;
  /** URLs of the bundled contexts: any other context URL is refused (never fetched). */
  knownContexts: ReadonlyMap<string, unknown>;
  now: Date;
  newId: () => string;
}

/** Normalises an issue request's credential; throws AppError with a clear reason. */
export function prepareCredential(input: unknown, { issuer, knownContexts, now, newId }: PrepareContext): Json {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new AppError('invalid_credential', '"credential" must be a JSON object');
  }
  const credential = structuredClone(input) as Json;
  const contexts = credential['@context'];
  if (!Array.isArray(contexts) || contexts.length === 0) {
    throw new AppError('invalid_credential', '"@context" must be an array starting with the VC 2.0 context');
  }
  const version = contexts[0] === VC_V2_CONTEXT ? 2 : contexts[0] === VC_V1_CONTEXT ? 1 : 0;
  if (!version) {
    throw new AppError('invalid_credential', `The first "@context" must be ${VC_V2_CONTEXT} (or ${VC_V1_CONTEXT})`);
  }
  for (const context of contexts) {
    if (typeof context === 'string' && !knownContexts.has(context)) {
      throw new AppError('invalid_credential', `Unknown @context ${context}: contexts are never fetched; use one of ${[...knownContexts.keys()].join(', ')}`);
    }
    if (typeof context !== 'string' && (!context || typeof context !== 'object' || Array.isArray(context))) {
      throw new AppError('invalid_credential', 'Each "@context" entry must be a URL or an object');
    }
  }
  const types = ([] as unknown[]).concat(credential.type ?? []);
  if (!types.includes('VerifiableCredential')) {
    throw new AppError('invalid_credential', '"type" must include "VerifiableCredential"');
  }
  if (!credential.credentialSubject || typeof credential.credentialSubject !== 'object') {
    throw new AppError('invalid_credential', '"credentialSubject" must be an object (or an array of objects)');
  }
  if ('proof' in credential) throw new AppError('invalid_credential', 'The credential already has a "proof"');
  if ('credentialStatus' in credential) {
    throw new AppError('invalid_credential', '"credentialStatus" is assigned by the issuer; leave it out');
  }
  if (credential.id === undefined) credential.id = newId();
  else if (!isUrl(credential.id)) throw new AppError('invalid_credential', '"id" must be a URL such as urn:uuid:...');

  const ob = isOpenBadge(credential);
  const issuerId = typeof credential.issuer === 'string' ? credential.issuer : (credential.issuer as Json | undefined)?.id;
  if (credential.issuer !== undefined && issuerId !== issuer.id) {
    throw new AppError('unsupported_issuer', `This service issues only as ${issuer.id}; "issuer" was ${String(issuerId)}`);
  }
  if (credential.issuer === undefined || (ob && typeof credential.issuer === 'string')) {
    // Open Badges requires the issuer as a Profile object, so ours is filled in.
    credential.issuer = ob ? { ...issuer } : issuer.id;
  } else if (typeof credential.issuer === 'object') {
    credential.issuer = { ...issuer, ...(credential.issuer as Json), id: issuer.id };
  }

  if (version === 2) {
    if (credential.validFrom === undefined) credential.validFrom = nowSeconds(now);
    if ('issuanceDate' in credential || 'expirationDate' in credential) {
      throw new AppError('invalid_credential', 'VC 2.0 credentials use validFrom/validUntil, not issuanceDate/expirationDate');
    }
  } else if (credential.issuanceDate === undefined) {
    credential.issuanceDate = nowSeconds(now);
  }
  for (const field of ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate'] as const) {
    const value = credential[field];
    if (value !== undefined && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
      throw new AppError('invalid_credential', `"${field}" must be an XML Schema dateTime such as 2026-01-31T00:00:00Z`);
    }
  }
  if (typeof credential.validFrom === 'string' && typeof credential.validUntil === 'string' && Date.parse(credential.validUntil) < Date.parse(credential.validFrom)) {
    throw new AppError('invalid_credential', '"validUntil" is before "validFrom"');
  }

  if (ob) {
    if (version !== 2) throw new AppError('invalid_credential', 'Open Badges 3.0 credentials are issued on the VC 2.0 context');
    if (!contexts.includes(OB_CONTEXT) && !contexts.some((c) => typeof c === 'string' && c.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/'))) {
      contexts.push(OB_CONTEXT);
    }
    if (credential.credentialSchema === undefined) {
      credential.credentialSchema = [{ id: OB3_ACHIEVEMENT_SCHEMA_ID, type: OB3_SCHEMA_TYPE }];
    }
    if (JSON.stringify(credential.credentialSchema).includes(OB3_SCHEMA_TYPE) && !contexts.includes(UNDEFINED_TERMS_CONTEXT)) {
      contexts.push(UNDEFINED_TERMS_CONTEXT);
    }
  }
  if (version === 1 && !contexts.includes(STATUS_V1_CONTEXT)) contexts.push(STATUS_V1_CONTEXT);
  return credential;
}
