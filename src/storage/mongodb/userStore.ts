/**
 * The MongoDB UserStore. Email uniqueness is a unique index (compared as stored; the
 * domain lower-cases and trims first). A failed login is one pipeline update of the
 * user document, atomic on the server: the filter carries the compare-and-set condition
 * and the pipeline computes the next count from the stored one, so concurrent failures
 * lose no count and of two compare-and-sets from one state only one matches.
 */
import type { Filter, UpdateFilter } from 'mongodb';
import { DuplicateEmailError, type UserPatch, type UserRecord, type UserStore } from '../ports.js';
import { EMAIL_INDEX, type AccountCollections } from './accountCollections.js';
import { isDuplicateKey, withoutId } from './collections.js';

/** Patchable fields that a record cannot do without (an undefined value is ignored). */
const REQUIRED: ReadonlySet<string> = new Set(['email', 'name', 'role', 'teamIds', 'status']);

/** Every field a patch may touch; anything else on the object is ignored. */
const PATCH_FIELDS: readonly (keyof UserPatch)[] = [
  'email', 'name', 'role', 'passwordHash', 'emailVerifiedAt', 'organisationId', 'teamIds', 'status', 'lockedUntil',
];

/** Turns a duplicate key on the email index into DuplicateEmailError; other errors pass through. */
function rethrowDuplicateEmail(err: unknown, email: string | undefined): never {
  if (isDuplicateKey(err)) {
    const { keyPattern, message } = err as { keyPattern?: Record<string, unknown>; message: string };
    if (keyPattern?.email !== undefined || message.includes(EMAIL_INDEX)) throw new DuplicateEmailError(email ?? '');
  }
  throw err;
}

/** The `$set` / `$unset` of a patch: a key present with value undefined removes the field. */
function toUpdate(patch: UserPatch, now: string): UpdateFilter<UserRecord> {
  const $set: Partial<UserRecord> = { updatedAt: now };
  const $unset: Partial<Record<keyof UserRecord, ''>> = {};
  for (const field of PATCH_FIELDS) {
    if (!Object.hasOwn(patch, field)) continue;
    const value = patch[field];
    if (value !== undefined) Object.assign($set, { [field]: value });
    else if (!REQUIRED.has(field)) $unset[field] = '';
  }
  return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
}

/** Builds the user store over the adapter's account collections. */
export function createMongoUserStore(c: AccountCollections): UserStore {
  const findOne = async (filter: Filter<UserRecord>) => {
    const doc = await c.users.findOne(filter);
    return doc ? withoutId(doc) : undefined;
  };

  return {
    create: async (user) => {
      try {
        await c.users.insertOne({ ...user });
      } catch (err) {
        rethrowDuplicateEmail(err, user.email);
      }
    },
    get: (id) => findOne({ id }),
    getByEmail: (email) => findOne({ email }),
    update: async (id, patch, now) => {
      try {
        const doc = await c.users.findOneAndUpdate({ id }, toUpdate(patch, now), { returnDocument: 'after' });
        return doc ? withoutId(doc) : undefined;
      } catch (err) {
        return rethrowDuplicateEmail(err, patch.email);
      }
    },
    list: async ({ role, organisationId, limit, offset }) => {
      if (limit <= 0) return [];
      const filter: Filter<UserRecord> = {};
      if (role !== undefined) filter.role = role;
      if (organisationId !== undefined) filter.organisationId = organisationId;
      const docs = await c.users.find(filter).sort({ createdAt: -1, _id: -1 }).skip(offset).limit(limit).toArray();
      return docs.map((d) => withoutId(d));
    },
    count: (filter) => c.users.countDocuments(filter?.role !== undefined ? { role: filter.role } : {}),
    recordLoginFailure: async (id, { now, forgetBefore, ifState }) => {
      const filter: Filter<UserRecord> = { id };
      if (ifState) {
        filter.failedLogins = ifState.failedLogins;
        // The adapter never stores null: an unset time is a missing field.
        filter.lastFailedLoginAt = ifState.lastFailedLoginAt ?? { $exists: false };
      }
      // One stage: every expression reads the document as it was before this write.
      const forgotten = { $lt: [{ $ifNull: ['$lastFailedLoginAt', ''] }, { $literal: forgetBefore }] };
      const pipeline = [
        {
          $set: {
            failedLogins: { $cond: [forgotten, 1, { $add: [{ $ifNull: ['$failedLogins', 0] }, 1] }] },
            lastFailedLoginAt: { $literal: now },
            updatedAt: { $literal: now },
          },
        },
      ];
      const doc = await c.users.findOneAndUpdate(filter, pipeline, { returnDocument: 'after' });
      return doc ? withoutId(doc) : undefined;
    },
    clearLoginFailures: async (id, now) => {
      await c.users.updateOne({ id }, { $set: { failedLogins: 0, updatedAt: now }, $unset: { lastFailedLoginAt: '', lockedUntil: '' } });
    },
  };
}
