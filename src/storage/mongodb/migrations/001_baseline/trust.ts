/** Migration 001, trust: one trusted issuer per DID, one partner issuer DID per organisation and per DID. */
import type { IndexSpecs } from '../../collections.js';

/** The trust indexes, by collection. */
export const trustIndexes: IndexSpecs = {
  trustedIssuers: [{ key: { did: 1 }, name: 'did_unique', unique: true }],
  partnerIssuers: [
    { key: { organisationId: 1 }, name: 'organisationId_unique', unique: true },
    { key: { did: 1 }, name: 'did_unique', unique: true },
  ],
};
