/**
 * The MongoDB TrustStore: trusted issuers with a unique index on `did`, partners' issuer
 * DIDs with unique indexes on `organisationId` and `did`. An import is one ordered
 * bulkWrite of idempotent upserts; without a transaction (the adapter needs none) a
 * connection lost midway can leave part of it written, and sending the file again
 * completes it. Entries are validated as a whole before anything is written.
 */
import type { AnyBulkWriteOperation, Collection, Db, MongoServerError, UpdateFilter } from 'mongodb';
import {
  DuplicateTrustedIssuerError,
  PartnerIssuerTakenError,
  type PartnerIssuerRecord,
  type TrustedIssuerRecord,
  type TrustStore,
} from '../trustPorts.js';
import { isDuplicateKey, withoutId } from './collections.js';

/** The trust collections. */
export interface TrustCollections {
  issuers: Collection<TrustedIssuerRecord>;
  partners: Collection<PartnerIssuerRecord>;
}

/** Names the trust collections. */
export function getTrustCollections(db: Db): TrustCollections {
  return { issuers: db.collection('trustedIssuers'), partners: db.collection('partnerIssuers') };
}

const OPTIONAL = ['url', 'note', 'validFrom', 'validUntil'] as const;

/** The update that makes a stored entry say what `record` says, keeping who listed it first. */
function replacement(record: TrustedIssuerRecord): UpdateFilter<TrustedIssuerRecord> {
  const { createdAt, createdBy, ...rest } = record;
  const absent = OPTIONAL.filter((field) => record[field] === undefined);
  return {
    $set: rest,
    $setOnInsert: { createdAt, createdBy },
    ...(absent.length ? { $unset: Object.fromEntries(absent.map((field) => [field, ''])) } : {}),
  };
}

/** ASCII upper case folded to lower, as SQLite's NOCASE collation does. */
const nocase = (text: string): string => text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
/** By name, upper and lower case alike, then by DID: the SQLite adapter's ORDER BY name COLLATE NOCASE, did. */
const byName = (a: TrustedIssuerRecord, b: TrustedIssuerRecord): number => {
  const [x, y] = [nocase(a.name), nocase(b.name)];
  if (x !== y) return x < y ? -1 : 1;
  return a.did < b.did ? -1 : a.did > b.did ? 1 : 0;
};

/** Builds the trust store over its collections (indexes created by init). */
export function createMongoTrustStore(c: TrustCollections): TrustStore {
  return {
    addIssuer: async (record) => {
      try {
        await c.issuers.insertOne({ ...record });
      } catch (error) {
        if (isDuplicateKey(error)) throw new DuplicateTrustedIssuerError(record.did);
        throw error;
      }
    },
    updateIssuer: async (record) =>
      (await c.issuers.updateOne({ did: record.did }, replacement(record))).matchedCount === 1,
    removeIssuer: async (did) => (await c.issuers.deleteOne({ did })).deletedCount === 1,
    getIssuer: async (did) => {
      const doc = await c.issuers.findOne({ did });
      return doc ? withoutId(doc) : undefined;
    },
    // Sorted here: a case-insensitive sort needs a collation, which FerretDB lacks (and the list is short).
    listIssuers: async () => (await c.issuers.find().toArray()).map((d) => withoutId(d)).sort(byName),
    importIssuers: async (records) => {
      if (records.length === 0) return { added: [], updated: [] };
      const operations: AnyBulkWriteOperation<TrustedIssuerRecord>[] = records.map((record) => ({
        updateOne: { filter: { did: record.did }, update: replacement(record), upsert: true },
      }));
      const result = await c.issuers.bulkWrite(operations, { ordered: true });
      const inserted = new Set(Object.keys(result.upsertedIds).map(Number));
      return {
        added: records.filter((_, i) => inserted.has(i)).map((r) => r.did),
        updated: records.filter((_, i) => !inserted.has(i)).map((r) => r.did),
      };
    },
    setPartnerIssuer: async (record) => {
      // Asked first, so that every server says PartnerIssuerTakenError when the write would
      // replace an organisation's DID: FerretDB reports an update that breaks a unique index
      // as an InternalError, not as a duplicate key. The unique index still decides races.
      if (
        await c.partners.findOne(
          { did: record.did, organisationId: { $ne: record.organisationId } },
          { projection: { _id: 1 } },
        )
      ) {
        throw new PartnerIssuerTakenError(record.did);
      }
      try {
        await c.partners.replaceOne(
          { organisationId: record.organisationId },
          { ...record },
          { upsert: true },
        );
      } catch (error) {
        // Only the DID index means another organisation has it (two racing upserts of one
        // organisation collide on the other). MongoDB names the index; a server that does not
        // (FerretDB) is asked whether another organisation has the DID.
        if (isDuplicateKey(error)) {
          const { keyPattern } = error as MongoServerError;
          const taken = keyPattern
            ? keyPattern.did !== undefined
            : (await c.partners.findOne(
                { did: record.did, organisationId: { $ne: record.organisationId } },
                { projection: { _id: 1 } },
              )) !== null;
          if (taken) throw new PartnerIssuerTakenError(record.did);
        }
        throw error;
      }
    },
    getPartnerIssuer: async (organisationId) => {
      const doc = await c.partners.findOne({ organisationId });
      return doc ? withoutId(doc) : undefined;
    },
    findPartnerIssuer: async (did) => {
      const doc = await c.partners.findOne({ did });
      return doc ? withoutId(doc) : undefined;
    },
    removePartnerIssuer: async (organisationId) =>
      (await c.partners.deleteOne({ organisationId })).deletedCount === 1,
    listPartnerIssuers: async () =>
      (await c.partners.find().sort({ registeredAt: -1, organisationId: 1 }).toArray()).map((d) =>
        withoutId(d),
      ),
  };
}
