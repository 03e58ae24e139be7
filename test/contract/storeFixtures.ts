/**
 * Factories for the store contract: fresh ReserveInput and ApiKeyRecord objects, a
 * simple shuffle (a permutation for the power-of-two and tiny lengths used here) and
 * a build function that embeds what the store fixed, so tests can check it was used.
 */
import { vi } from 'vitest';
import type { ApiKeyRecord, ReserveInput, StatusEntryRef } from '../../src/storage/ports.js';

/** The production list length (the Bitstring Status List minimum). */
export const LIST_LENGTH = 131072;

/** A stand-in for the real keyed permutation: not keyed, but not order-preserving either. */
export const testShuffle = (_key: string, position: number, length: number): number =>
  (position * 7919 + 13) % length;

let counter = 0;

/** A unique suffix for ids and keys within one test run. */
export function nextId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}

/** The unsigned credential the test build function produces. */
export function buildUnsigned(
  id: string,
  fixed: { certificateNumber: string; statusEntries: StatusEntryRef[] },
): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    credentialSubject: { certificateNumber: fixed.certificateNumber, nested: { ok: true, n: 1.5 } },
    credentialStatus: fixed.statusEntries.map((e) => ({
      type: 'BitstringStatusListEntry',
      statusPurpose: e.purpose,
      statusListIndex: String(e.index),
      statusListCredential: `https://example.org/status/${e.listId}`,
    })),
  };
}

/** A fresh ReserveInput with unique id and key; `build` and `shuffle` are spies. */
export function reserveInput(overrides: Partial<ReserveInput> = {}): ReserveInput {
  const suffix = nextId();
  const id = overrides.id ?? `urn:uuid:test-${suffix}`;
  return {
    id,
    idempotencyKey: `key-${suffix}`,
    issuerDid: 'did:web:certs.example.org',
    purposes: ['revocation', 'suspension'],
    statusListLength: LIST_LENGTH,
    certificatePrefix: 'SP',
    year: 2025,
    isPublic: false,
    shuffle: vi.fn(testShuffle),
    build: vi.fn((fixed: { certificateNumber: string; statusEntries: StatusEntryRef[] }) =>
      buildUnsigned(id, fixed),
    ),
    now: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A fresh, live API key record. */
export function apiKeyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  const suffix = nextId();
  return {
    id: `key_${suffix}`,
    name: `integration ${suffix}`,
    hash: `${suffix}`.padEnd(64, 'a'),
    scopes: ['credentials:issue', 'credentials:status'],
    createdAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

/** The entry of one purpose in a list of entries; fails the test if absent. */
export function entryOf(entries: StatusEntryRef[], purpose: StatusEntryRef['purpose']): StatusEntryRef {
  const entry = entries.find((e) => e.purpose === purpose);
  if (!entry) throw new Error(`no ${purpose} entry in ${JSON.stringify(entries)}`);
  return entry;
}
