/**
 * The MongoDB collections the stores use, their document shapes, and the helpers
 * that turn documents back into port records (no `_id`, no internal fields) so
 * records deep-equal the ones the SQLite adapter returns.
 */
import { MongoServerError, type Collection, type Db, type Document, type IndexDescription } from 'mongodb';
import type { ApiKeyRecord, CredentialRecord, PublishedStatusList, StatusListRecord } from '../ports.js';

/** A status list as stored: the record plus `seq`, its rank among lists of one purpose and length. */
export interface StatusListDoc extends StatusListRecord {
  /** Unique per (purpose, length), so two processes that both see every list full create one, not two. */
  seq: number;
}

/** A certificate-number counter; `_id` is `${prefix}:${year}`. */
interface SequenceDoc {
  _id: string;
  last: number;
}

/** Every collection the adapter touches, typed. */
export interface Collections {
  credentials: Collection<CredentialRecord>;
  statusLists: Collection<StatusListDoc>;
  sequences: Collection<SequenceDoc>;
  published: Collection<PublishedStatusList>;
  apiKeys: Collection<ApiKeyRecord>;
}

/** Names the collections in one database. */
export function getCollections(db: Db): Collections {
  return {
    credentials: db.collection<CredentialRecord>('credentials'),
    statusLists: db.collection<StatusListDoc>('statusLists'),
    sequences: db.collection<SequenceDoc>('sequences'),
    published: db.collection<PublishedStatusList>('publishedStatusLists'),
    apiKeys: db.collection<ApiKeyRecord>('apiKeys'),
  };
}

/**
 * Creates a collection's indexes one createIndexes command each, in order; idempotent. One
 * at a time because FerretDB v1 fails a createIndexes command that names two or more
 * indexes that already exist (it drops the existing ones from its list by their original
 * positions and runs past the end), which every start after the first would do.
 */
async function createIndexesOneByOne<T extends Document>(
  collection: Collection<T>,
  specs: readonly IndexDescription[],
): Promise<void> {
  for (const spec of specs) await collection.createIndexes([spec]);
}

/** Index specifications by collection name (each collection's in creation order), as a migration lists them. */
export type IndexSpecs = Readonly<Record<string, readonly IndexDescription[]>>;

/**
 * Creates the indexes `specs` lists, the collections side by side and each collection's
 * one by one (createIndexesOneByOne); idempotent.
 */
export async function createIndexSpecs(db: Db, specs: IndexSpecs): Promise<void> {
  await Promise.all(
    Object.entries(specs).map(([collection, indexes]) =>
      createIndexesOneByOne(db.collection(collection), indexes),
    ),
  );
}

/** Drops Mongo's `_id` from a document, leaving the port record. */
export function withoutId<T extends object>(doc: T & { _id?: unknown }): T {
  const { _id, ...rest } = doc;
  return rest as T;
}

/** The status list record of a stored list (without `_id` and `seq`). */
export function toStatusListRecord(doc: StatusListDoc): StatusListRecord {
  return {
    id: doc.id,
    purpose: doc.purpose,
    length: doc.length,
    allocated: doc.allocated,
    shuffleKey: doc.shuffleKey,
    version: doc.version,
    createdAt: doc.createdAt,
  };
}

/**
 * Whether a lookup key is a string. The client leaves undefined fields out (ignoreUndefined,
 * so that unset optional fields are not stored as null), and out of filters too: `{ id:
 * undefined }` would be sent as `{}` and match any document. So a lookup or a write by a
 * key that is not a string finds and changes nothing here, as in the SQLite adapter
 * (where `= NULL` matches no row), instead of acting on whichever document comes first.
 */
export function isKey(value: unknown): value is string {
  return typeof value === 'string';
}

/** Whether a driver error is a unique-index violation (E11000). */
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}
