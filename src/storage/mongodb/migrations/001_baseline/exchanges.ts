/**
 * Migration 001, wallet hand-offs. The unique index makes (id, kind) a key. No TTL index:
 * claimed exchanges are kept as the log of which wallet copies were made from which
 * credential (exchangeStore.ts).
 */
import type { IndexSpecs } from '../../collections.js';

/** The exchange indexes, by collection. */
export const exchangeIndexes: IndexSpecs = {
  exchanges: [
    { key: { id: 1, kind: 1 }, name: 'id_kind_unique', unique: true },
    { key: { credentialId: 1, createdAt: 1 }, name: 'credentialId_createdAt' },
    // Sparse, not partial: FerretDB has no partial indexes. Only wallet copies have issuedCredentialId.
    { key: { issuedCredentialId: 1 }, name: 'issuedCredentialId', sparse: true },
    { key: { expiresAt: 1 }, name: 'expiresAt' },
  ],
};
