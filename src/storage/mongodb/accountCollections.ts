/**
 * The MongoDB collections for people and access (accountPorts.ts); their indexes are made
 * by the migrations (migrations/001_baseline/accounts.ts). Sessions carry one hidden field,
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

/** The name of the unique email index (migration 001); a duplicate-key error on it means DuplicateEmailError. */
export const EMAIL_INDEX = 'email_unique';

/** The name of the sessions' TTL index (migration 001; absent on servers without TTL indexes). */
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
