/**
 * Migration 001, name corrections: the unique sparse `openFor` index keeps one open request
 * per certificate (`openFor` is the certificate id while the request is open and is removed
 * when it is decided: sparse, because FerretDB has no partial indexes).
 */
import type { IndexSpecs } from '../../collections.js';

/** The name-correction indexes, by collection. */
export const correctionIndexes: IndexSpecs = {
  name_corrections: [
    { key: { openFor: 1 }, name: 'openFor_unique', unique: true, sparse: true },
    { key: { status: 1, createdAt: 1 }, name: 'status_createdAt' },
    { key: { userId: 1, createdAt: -1 }, name: 'userId_createdAt' },
  ],
};
