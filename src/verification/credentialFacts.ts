/**
 * Reads what a credential says for people (recipient, achievement, dates, certificate
 * number) so every verification result can say whose certificate it is and for what.
 * Tolerant of shape: a plain VC without an achievement still gets a name, and only
 * strings are taken, so nothing odd in a credential reaches a page as anything but text.
 */
import type { CredentialFacts } from './result.js';

type Json = Record<string, unknown>;

/** At most this many characters of any one field: a page shows a summary, not a payload. */
const MAX_TEXT = 2000;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.slice(0, MAX_TEXT) : undefined;
}

function object(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function firstSubject(credential: Json): Json {
  return object(
    Array.isArray(credential.credentialSubject)
      ? credential.credentialSubject[0]
      : credential.credentialSubject,
  );
}

/** An image given as a URL string or as an OB Image object `{id, type: 'Image'}`. */
function imageUrl(value: unknown): string | undefined {
  const url = typeof value === 'string' ? value : object(value).id;
  return typeof url === 'string' && /^(https?:|data:image\/)/i.test(url) ? url.slice(0, 100_000) : undefined;
}

/** The certificate number: an unhashed IdentityObject of identityType `identifier` (how we issue it). */
function certificateNumberOf(subject: Json): string | undefined {
  for (const entry of ([] as unknown[]).concat(subject.identifier ?? [])) {
    const identity = object(entry);
    if (identity.identityType === 'identifier' && identity.hashed === false)
      return text(identity.identityHash);
  }
  return undefined;
}

/** Reads the facts a person needs from a credential. */
export function describeCredential(credential: Json): CredentialFacts {
  const subject = firstSubject(credential);
  const achievement = object(subject.achievement);
  const facts: CredentialFacts = {
    achievementName: text(achievement.name) ?? text(credential.name) ?? 'Certificate',
  };
  const fields: [keyof CredentialFacts, string | undefined][] = [
    ['id', text(credential.id)],
    ['recipientName', text(subject.name)],
    ['description', text(achievement.description) ?? text(credential.description)],
    ['criteria', text(object(achievement.criteria).narrative)],
    ['image', imageUrl(achievement.image) ?? imageUrl(credential.image)],
    ['validFrom', text(credential.validFrom) ?? text(credential.issuanceDate)],
    ['validUntil', text(credential.validUntil) ?? text(credential.expirationDate)],
    ['certificateNumber', certificateNumberOf(subject)],
  ];
  for (const [key, value] of fields) if (value !== undefined) facts[key] = value;
  return facts;
}

/** The issuer as the credential names itself: its DID and claimed name (standing is decided elsewhere). */
export function claimedIssuer(credential: Json): { id?: string; name?: string } {
  const issuer =
    typeof credential.issuer === 'string' ? { id: credential.issuer } : object(credential.issuer);
  const id = text(issuer.id);
  const name = text(issuer.name);
  return { ...(id !== undefined ? { id } : {}), ...(name !== undefined ? { name } : {}) };
}
