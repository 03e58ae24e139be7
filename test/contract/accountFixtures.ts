/**
 * Factories for the account contract: fresh user, session, token, audit and consent
 * records with unique ids, and helpers for the times the cases use.
 */
import type {
  AuditRecord,
  ConsentRecord,
  SessionRecord,
  TokenRecord,
  UserRecord,
} from '../../src/storage/ports.js';
import { nextId } from './storeFixtures.js';

/** A fixed instant plus `minutes`, as the ISO string the stores keep. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2025, 4, 1, 12, 0) + minutes * 60_000).toISOString();
}

/** A fresh active participant with a unique id and email, no optional fields set. */
export function userRecord(overrides: Partial<UserRecord> = {}): UserRecord {
  const suffix = nextId();
  return {
    id: `user_${suffix}`,
    email: `person-${suffix}@example.org`,
    name: `Person ${suffix}`,
    role: 'participant',
    teamIds: [],
    status: 'active',
    failedLogins: 0,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

/** A fresh session of `userId` with a unique hash. */
export function sessionRecord(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    idHash: `${nextId()}`.padEnd(64, 'b'),
    userId,
    createdAt: at(0),
    expiresAt: at(60),
    lastSeenAt: at(0),
    ...overrides,
  };
}

/** A fresh unused reset-password token with a unique hash, valid for an hour from at(0). */
export function tokenRecord(overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    hash: `${nextId()}`.padEnd(64, 'c'),
    purpose: 'reset_password',
    createdAt: at(0),
    expiresAt: at(60),
    ...overrides,
  };
}

/** A fresh audit record with a unique id. */
export function auditRecord(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: `audit_${nextId()}`,
    at: at(0),
    actorId: 'user_admin',
    actorLabel: 'Admin One <admin@example.org>',
    action: 'credential.revoke',
    objectType: 'credential',
    ...overrides,
  };
}

/** A fresh consent record of `userId` with a unique id. */
export function consentRecord(userId: string, overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    id: `consent_${nextId()}`,
    userId,
    kind: 'terms',
    textVersion: '2025-01',
    granted: true,
    at: at(0),
    ...overrides,
  };
}
