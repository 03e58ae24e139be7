/**
 * Reserving an issuance in MongoDB without transactions (servers may be standalone).
 * Each step is one atomic single-document update: the certificate number and each
 * status position come from `$inc`, so they are never handed out twice; the unique
 * idempotency-key index decides which of two racing reservations wins. A loser's
 * number and indexes are simply consumed, never reused.
 */
import { formatCertificateNumber } from '../certificateNumber.js';
import { newVerificationToken } from '../verificationToken.js';
import { DuplicateCredentialIdError } from '../ports.js';
import { randomBytes } from 'node:crypto';
import type { CredentialRecord, ReserveInput, StatusEntryRef, StatusPurpose } from '../ports.js';
import { isDuplicateKey, withoutId, type Collections, type StatusListDoc } from './collections.js';

/** The reserve operation of the MongoDB credential store. */
export type MongoReserve = (input: ReserveInput) => Promise<{ record: CredentialRecord; created: boolean }>;

/** How often an allocation retries after losing a race (list creation or counter upsert). */
const MAX_ATTEMPTS = 5;

/** Builds the reserve operation over the adapter's collections. */
export function createMongoReserve(c: Collections): MongoReserve {
  const findByKey = async (key: string) => {
    const doc = await c.credentials.findOne({ idempotencyKey: key });
    return doc ? withoutId(doc) : undefined;
  };

  /** The next counter value for (prefix, year); upserts retry if two first uses race. */
  const nextNumber = async (prefix: string, year: number): Promise<number> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const doc = await c.sequences.findOneAndUpdate(
          { _id: `${prefix}:${year}` },
          { $inc: { last: 1 } },
          { upsert: true, returnDocument: 'after' },
        );
        if (!doc) throw new Error('certificate number upsert returned no document');
        return doc.last;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  };

  /** Adds the next list of this purpose and length unless one is open; of two racing creators of one `seq`, one wins. */
  const createList = async (purpose: StatusPurpose, length: number, now: string): Promise<void> => {
    const last = await c.statusLists.findOne({ purpose, length }, { sort: { seq: -1 } });
    if (last && last.allocated < last.length) return; // another process just opened one
    const doc: StatusListDoc = {
      id: randomBytes(16).toString('base64url'),
      purpose,
      length,
      allocated: 0,
      shuffleKey: randomBytes(32).toString('hex'),
      version: 0,
      createdAt: now,
      seq: (last?.seq ?? 0) + 1,
    };
    try {
      await c.statusLists.insertOne(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  };

  /** Takes the next position of the oldest open list of this purpose and length. */
  const allocate = async (purpose: StatusPurpose, input: ReserveInput): Promise<StatusEntryRef> => {
    const length = input.statusListLength;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const list = await c.statusLists.findOneAndUpdate(
        { purpose, length, allocated: { $lt: length } },
        { $inc: { allocated: 1 } },
        { sort: { seq: 1 }, returnDocument: 'after' },
      );
      if (list) {
        const position = list.allocated - 1;
        const index = input.shuffle(list.shuffleKey, position, length);
        if (!Number.isInteger(index) || index < 0 || index >= length) {
          throw new Error(`shuffle returned ${index} for position ${position} of a list of length ${length}`);
        }
        return { purpose, listId: list.id, index };
      }
      await createList(purpose, length, input.now);
    }
    throw new Error(`could not allocate a ${purpose} status index after ${MAX_ATTEMPTS} attempts`);
  };

  return async (input) => {
    const existing = await findByKey(input.idempotencyKey);
    if (existing) return { record: existing, created: false };

    const n = await nextNumber(input.certificatePrefix, input.year);
    const certificateNumber = formatCertificateNumber(input.certificatePrefix, input.year, n);
    const statusEntries: StatusEntryRef[] = [];
    for (const purpose of input.purposes) statusEntries.push(await allocate(purpose, input));
    const unsigned = input.build({ certificateNumber, statusEntries: statusEntries.map((e) => ({ ...e })) });

    const record: CredentialRecord = {
      id: input.id,
      idempotencyKey: input.idempotencyKey,
      certificateNumber,
      issuerDid: input.issuerDid,
      state: 'reserved',
      statusEntries,
      unsigned,
      revoked: false,
      suspended: false,
      isPublic: input.isPublic,
      verificationToken: newVerificationToken(),
      createdAt: input.now,
      updatedAt: input.now,
    };
    if (input.holderUserId !== undefined) record.holderUserId = input.holderUserId;
    if (input.templateRef !== undefined) record.templateRef = { ...input.templateRef };
    if (input.supersedes !== undefined) record.supersedes = input.supersedes;
    try {
      await c.credentials.insertOne({ ...record });
    } catch (err) {
      const winner = isDuplicateKey(err) ? await findByKey(input.idempotencyKey) : undefined;
      if (winner) return { record: winner, created: false };
      if (isDuplicateKey(err) && (await c.credentials.findOne({ id: input.id })))
        throw new DuplicateCredentialIdError(input.id);
      throw err;
    }
    const stored = await c.credentials.findOne({ id: input.id });
    if (!stored) throw new Error(`reserved credential ${input.id} vanished`);
    return { record: withoutId(stored), created: true };
  };
}
