/**
 * The recipient as an OB 3.0 IdentityObject of identityType `emailAddress`: `identityHash` is
 * `sha256$` and the hex SHA-256 of the email followed by the salt (the spec also allows
 * `md5$`), or the email itself when `hashed` is false. Whoever knows the email can confirm a
 * credential is that person's; whoever only holds the credential cannot read the email (the
 * salt, random per credential, defeats a precomputed table of common addresses).
 *
 * Email addresses are compared without regard to case, as the spec advises: we hash the
 * lower-cased address when issuing, and a verifier's address is tried both as typed and
 * lower-cased, so an issuer that hashed it as written still matches when typed the same way.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Finding } from './result.js';

type Json = Record<string, unknown>;

/** The IdentityObject that states a recipient's email without revealing it. */
export interface EmailIdentityObject {
  type: 'IdentityObject';
  identityType: 'emailAddress';
  hashed: true;
  identityHash: string;
  salt: string;
}

const normalise = (email: string) => email.trim().toLowerCase();
const digest = (algorithm: 'sha256' | 'md5', text: string) =>
  createHash(algorithm).update(text, 'utf8').digest('hex');

/** A salted-hash identity for an email (a fresh 128-bit salt unless one is given). */
export function hashedEmailIdentity(
  email: string,
  salt: string = randomBytes(16).toString('hex'),
): EmailIdentityObject {
  return {
    type: 'IdentityObject',
    identityType: 'emailAddress',
    hashed: true,
    identityHash: `sha256$${digest('sha256', normalise(email) + salt)}`,
    salt,
  };
}

/** Whether one IdentityObject states this email. */
function states(identity: Json, email: string): boolean {
  const candidates = [...new Set([email.trim(), normalise(email)])];
  const stated = identity.identityHash;
  if (typeof stated !== 'string') return false;
  if (identity.hashed === false) return stated.trim().toLowerCase() === normalise(email);
  const [algorithm, hex] = stated.split('$');
  if ((algorithm !== 'sha256' && algorithm !== 'md5') || !hex) return false;
  const salt = typeof identity.salt === 'string' ? identity.salt : '';
  return candidates.some((candidate) => digest(algorithm, candidate + salt) === hex.toLowerCase());
}

/** The emailAddress identities of every subject of a credential. */
function emailIdentities(credential: Json): Json[] {
  const subjects = ([] as unknown[]).concat(credential.credentialSubject ?? []);
  return subjects
    .flatMap((subject) => ([] as unknown[]).concat((subject as Json | null)?.identifier ?? []))
    .filter(
      (identity): identity is Json =>
        !!identity && typeof identity === 'object' && (identity as Json).identityType === 'emailAddress',
    );
}

/** Checks that a credential was issued to `email`; undefined when it was. */
export function checkRecipient(credential: Json, email: string): Finding | undefined {
  const identities = emailIdentities(credential);
  if (identities.length === 0) {
    return {
      code: 'recipient_not_stated',
      message: 'The credential states no recipient email address, so it cannot be matched to one',
    };
  }
  if (identities.some((identity) => states(identity, email))) return undefined;
  return { code: 'recipient_mismatch', message: 'The credential was not issued to this email address' };
}
