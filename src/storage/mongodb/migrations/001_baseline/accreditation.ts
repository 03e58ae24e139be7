/** Migration 001, accreditation: types and applications. */
import type { IndexSpecs } from '../../collections.js';

/** The accreditation indexes, by collection. */
export const accreditationIndexes: IndexSpecs = {
  accreditationTypes: [{ key: { id: 1 }, name: 'id_unique', unique: true }],
  accreditationApplications: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { organisationId: 1, startedAt: -1 }, name: 'organisationId_startedAt' },
    { key: { status: 1, startedAt: -1 }, name: 'status_startedAt' },
    { key: { startedAt: -1 }, name: 'startedAt' },
  ],
};
