/**
 * The MongoDB collections for people and access (accountPorts.ts) and their indexes.
 * Unique indexes guard correctness (one user per email, one session per hash, one token
 * per hash); the rest serve the list queries. Sessions carry one hidden field,
 * `expiresAtDate`, a BSON Date copy of `expiresAt` for the TTL index, stripped on read
 * so records stay plain ISO strings that deep-equal the SQLite adapter's.
 */
import { MongoServerError, type Collection, type Db } from 'mongodb';
import type {
  AuditRecord,
  ConsentRecord,
  OrganisationRecord,
  SessionRecord,
  TeamRecord,
  TokenRecord,
  UserRecord,
} from '../ports.js';
import { createIndexesOneByOne } from './collections.js';

/** A session as stored: the record plus the Date the TTL index expires it at. */
export interface SessionDoc extends SessionRecord {
  expiresAtDate: Date;
}

/** The name of the unique email index; a duplicate-key error on it means DuplicateEmailError. */
export const EMAIL_INDEX = 'email_unique';

/** The name of the sessions' TTL index (absent on servers without TTL indexes). */
export const SESSION_TTL_INDEX = 'expiresAtDate_ttl';

/** Every account collection, typed. */
export interface AccountCollections {
  users: Collection<UserRecord>;
  sessions: Collection<SessionDoc>;
  tokens: Collection<TokenRecord>;
  organisations: Collection<OrganisationRecord>;
  teams: Collection<TeamRecord>;
  audit: Collection<AuditRecord>;
  consents: Collection<ConsentRecord>;
}

/** Names the account collections in one database. */
export function getAccountCollections(db: Db): AccountCollections {
  return {
    users: db.collection<UserRecord>('users'),
    sessions: db.collection<SessionDoc>('sessions'),
    tokens: db.collection<TokenRecord>('tokens'),
    organisations: db.collection<OrganisationRecord>('organisations'),
    teams: db.collection<TeamRecord>('teams'),
    audit: db.collection<AuditRecord>('auditLog'),
    consents: db.collection<ConsentRecord>('consents'),
  };
}

/**
 * The TTL index that removes expired sessions. A server without TTL indexes (FerretDB
 * answers NotImplemented) keeps expired sessions, as the SQLite adapter does: the domain
 * compares expiresAt with its clock, so they only take space.
 */
async function ensureSessionTtl(sessions: Collection<SessionDoc>): Promise<void> {
  try {
    await sessions.createIndex({ expiresAtDate: 1 }, { name: SESSION_TTL_INDEX, expireAfterSeconds: 0 });
  } catch (error) {
    if (!(error instanceof MongoServerError && error.codeName === 'NotImplemented')) throw error;
  }
}

/** Creates the account indexes; idempotent. */
export async function ensureAccountIndexes(c: AccountCollections): Promise<void> {
  await Promise.all([
    createIndexesOneByOne(c.users, [
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { email: 1 }, name: EMAIL_INDEX, unique: true },
      { key: { role: 1, createdAt: -1 }, name: 'role_createdAt' },
      { key: { organisationId: 1, createdAt: -1 }, name: 'organisationId_createdAt' },
      { key: { createdAt: -1 }, name: 'createdAt' },
    ]),
    createIndexesOneByOne(c.sessions, [
      { key: { idHash: 1 }, name: 'idHash_unique', unique: true },
      { key: { userId: 1, createdAt: -1 }, name: 'userId_createdAt' },
    ]),
    ensureSessionTtl(c.sessions),
    createIndexesOneByOne(c.tokens, [
      { key: { hash: 1 }, name: 'hash_unique', unique: true },
      { key: { userId: 1, purpose: 1 }, name: 'userId_purpose' },
    ]),
    createIndexesOneByOne(c.organisations, [{ key: { id: 1 }, name: 'id_unique', unique: true }]),
    createIndexesOneByOne(c.teams, [{ key: { id: 1 }, name: 'id_unique', unique: true }]),
    createIndexesOneByOne(c.audit, [
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { at: -1 }, name: 'at_desc' },
      { key: { actorId: 1, at: -1 }, name: 'actorId_at' },
      { key: { objectId: 1, at: -1 }, name: 'objectId_at' },
    ]),
    createIndexesOneByOne(c.consents, [
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { userId: 1, at: 1 }, name: 'userId_at' },
    ]),
  ]);
}
