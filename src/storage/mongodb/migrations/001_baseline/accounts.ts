/**
 * Migration 001, people and access: users, sessions, tokens, organisations, teams, the
 * audit log and consents. Unique indexes guard correctness (one user per email, one
 * session per hash, one token per hash); the rest serve the list queries. The sessions'
 * TTL index is apart (`createSessionTtlIndex`): not every server has TTL indexes.
 */
import { type Db, MongoServerError } from 'mongodb';
import type { IndexSpecs } from '../../collections.js';

/** The account indexes, by collection. `email_unique` is EMAIL_INDEX (accountCollections.ts). */
export const accountIndexes: IndexSpecs = {
  users: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { email: 1 }, name: 'email_unique', unique: true },
    { key: { role: 1, createdAt: -1 }, name: 'role_createdAt' },
    { key: { organisationId: 1, createdAt: -1 }, name: 'organisationId_createdAt' },
    { key: { createdAt: -1 }, name: 'createdAt' },
  ],
  sessions: [
    { key: { idHash: 1 }, name: 'idHash_unique', unique: true },
    { key: { userId: 1, createdAt: -1 }, name: 'userId_createdAt' },
  ],
  tokens: [
    { key: { hash: 1 }, name: 'hash_unique', unique: true },
    { key: { userId: 1, purpose: 1 }, name: 'userId_purpose' },
  ],
  organisations: [{ key: { id: 1 }, name: 'id_unique', unique: true }],
  teams: [{ key: { id: 1 }, name: 'id_unique', unique: true }],
  auditLog: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { at: -1 }, name: 'at_desc' },
    { key: { actorId: 1, at: -1 }, name: 'actorId_at' },
    { key: { objectId: 1, at: -1 }, name: 'objectId_at' },
  ],
  consents: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { userId: 1, at: 1 }, name: 'userId_at' },
  ],
};

/**
 * Creates the TTL index that removes expired sessions (`expiresAtDate_ttl`, which is
 * SESSION_TTL_INDEX in accountCollections.ts; `expiresAtDate` is the BSON Date copy of
 * `expiresAt` the session store writes for it). A server without TTL indexes (FerretDB
 * answers NotImplemented) keeps expired sessions, as the SQLite adapter does: the domain
 * compares expiresAt with its clock, so they only take space.
 */
export async function createSessionTtlIndex(db: Db): Promise<void> {
  try {
    await db
      .collection('sessions')
      .createIndex({ expiresAtDate: 1 }, { name: 'expiresAtDate_ttl', expireAfterSeconds: 0 });
  } catch (error) {
    if (!(error instanceof MongoServerError && error.codeName === 'NotImplemented')) throw error;
  }
}
