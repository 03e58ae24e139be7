/**
 * The MongoDB collections for people and access (accountPorts.ts) and their indexes.
 * Unique indexes guard correctness (one user per email, one session per hash, one token
 * per hash); the rest serve the list queries. Sessions carry one hidden field,
 * `expiresAtDate`, a BSON Date copy of `expiresAt` for the TTL index, stripped on read
 * so records stay plain ISO strings that deep-equal the SQLite adapter's.
 */
import type { Collection, Db } from 'mongodb';
import type {
  AuditRecord,
  ConsentRecord,
  OrganisationRecord,
  SessionRecord,
  TeamRecord,
  TokenRecord,
  UserRecord,
} from '../ports.js';

/** A session as stored: the record plus the Date the TTL index expires it at. */
export interface SessionDoc extends SessionRecord {
  expiresAtDate: Date;
}

/** The name of the unique email index; a duplicate-key error on it means DuplicateEmailError. */
export const EMAIL_INDEX = 'email_unique';

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

/** Creates the account indexes; idempotent. */
export async function ensureAccountIndexes(c: AccountCollections): Promise<void> {
  await Promise.all([
    c.users.createIndexes([
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { email: 1 }, name: EMAIL_INDEX, unique: true },
      { key: { role: 1, createdAt: -1 }, name: 'role_createdAt' },
      { key: { organisationId: 1, createdAt: -1 }, name: 'organisationId_createdAt' },
      { key: { createdAt: -1 }, name: 'createdAt' },
    ]),
    c.sessions.createIndexes([
      { key: { idHash: 1 }, name: 'idHash_unique', unique: true },
      { key: { userId: 1, createdAt: -1 }, name: 'userId_createdAt' },
      { key: { expiresAtDate: 1 }, name: 'expiresAtDate_ttl', expireAfterSeconds: 0 },
    ]),
    c.tokens.createIndexes([
      { key: { hash: 1 }, name: 'hash_unique', unique: true },
      { key: { userId: 1, purpose: 1 }, name: 'userId_purpose' },
    ]),
    c.organisations.createIndexes([{ key: { id: 1 }, name: 'id_unique', unique: true }]),
    c.teams.createIndexes([{ key: { id: 1 }, name: 'id_unique', unique: true }]),
    c.audit.createIndexes([
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { at: -1 }, name: 'at_desc' },
      { key: { actorId: 1, at: -1 }, name: 'actorId_at' },
      { key: { objectId: 1, at: -1 }, name: 'objectId_at' },
    ]),
    c.consents.createIndexes([
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { userId: 1, at: 1 }, name: 'userId_at' },
    ]),
  ]);
}
