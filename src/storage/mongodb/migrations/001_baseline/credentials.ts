/**
 * Migration 001, certificates: the credential, status list and API key indexes. The
 * unique ones guard correctness (one certificate per id, idempotency key and number, one
 * status list per sequence place); the rest serve look-ups and the dashboard counts.
 */
import type { IndexSpecs } from '../../collections.js';

/** The certificate indexes, by collection. */
export const credentialIndexes: IndexSpecs = {
  credentials: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { idempotencyKey: 1 }, name: 'idempotencyKey_unique', unique: true },
    { key: { certificateNumber: 1 }, name: 'certificateNumber_unique', unique: true },
    // Sparse: documents stored before tokens have none until backfillVerificationTokens runs
    // (sparse rather than partial: FerretDB has no partial indexes, and its unique indexes
    // leave a missing field out as a sparse one does).
    { key: { verificationToken: 1 }, name: 'verificationToken_unique', unique: true, sparse: true },
    { key: { 'statusEntries.listId': 1 }, name: 'statusEntries_listId' },
    { key: { holderUserId: 1, createdAt: -1 }, name: 'holderUserId_createdAt' },
    // Sparse: only re-issues have supersedes, and the few of one credential are sorted in memory.
    { key: { supersedes: 1 }, name: 'supersedes', sparse: true },
    // The staff dashboard counts certificates issued per day (issuedPerDay).
    { key: { state: 1, createdAt: 1 }, name: 'state_createdAt' },
  ],
  statusLists: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { purpose: 1, length: 1, seq: 1 }, name: 'purpose_length_seq_unique', unique: true },
  ],
  publishedStatusLists: [{ key: { listId: 1 }, name: 'listId_unique', unique: true }],
  apiKeys: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { hash: 1 }, name: 'hash_unique', unique: true },
    { key: { createdAt: -1 }, name: 'createdAt' },
  ],
};
