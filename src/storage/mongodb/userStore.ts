/**
 * The MongoDB UserStore. Email uniqueness is a unique index (compared as stored; the
 * domain lower-cases and trims first). A failed login is one pipeline update of the
 * user document, atomic on the server: the filter carries the compare-and-set condition
 * and picks, by the stored time, whether the count goes on ($inc) or starts again, so
 * concurrent failures lose no count and of two compare-and-sets from one state only one
 * matches.
 */
import type { Filter, UpdateFilter } from 'mongodb';
import { DuplicateEmailError, type UserPatch, type UserRecord, type UserStore } from '../ports.js';
import { EMAIL_INDEX, type AccountCollections } from './accountCollections.js';
import { isDuplicateKey, isKey, withoutId } from './collections.js';

/** Patchable fields that a record cannot do without (an undefined value is ignored). */
const REQUIRED: ReadonlySet<string> = new Set(['email', 'name', 'role', 'teamIds', 'status']);

/** Every field a patch may touch; anything else on the object is ignored. */
const PATCH_FIELDS: readonly (keyof UserPatch)[] = [
  'email',
  'name',
  'role',
  'passwordHash',
  'emailVerifiedAt',
  'organisationId',
  'teamIds',
  'status',
  'lockedUntil',
];

/** How many rounds recordLoginFailure makes while concurrent writes keep changing the user. */
const MAX_ATTEMPTS = 100;

/**
 * Whether a write's error is a duplicate key on the email index. MongoDB names the index
 * (keyPattern, and the message); a server that does not (FerretDB's message names only
 * the collection) is asked whether another user has the email.
 */
async function isDuplicateEmail(
  c: AccountCollections,
  err: unknown,
  email: string | undefined,
  id: string,
): Promise<boolean> {
  if (!isDuplicateKey(err)) return false;
  const { keyPattern, message } = err as { keyPattern?: Record<string, unknown>; message: string };
  if (keyPattern?.email !== undefined || message.includes(EMAIL_INDEX)) return true;
  if (keyPattern !== undefined || email === undefined) return false;
  return (await c.users.findOne({ email, id: { $ne: id } }, { projection: { _id: 1 } })) !== null;
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
        if (await isDuplicateEmail(c, err, user.email, user.id)) throw new DuplicateEmailError(user.email);
        throw err;
      }
    },
    get: async (id) => (isKey(id) ? findOne({ id }) : undefined),
    getByEmail: async (email) => (isKey(email) ? findOne({ email }) : undefined),
    update: async (id, patch, now) => {
      if (!isKey(id)) return undefined;
      // Asked first, so that every server says DuplicateEmailError: FerretDB reports an update
      // that breaks a unique index as an InternalError, not as a duplicate key. The unique
      // index still decides a race between two updates to one email.
      if (
        patch.email !== undefined &&
        (await c.users.findOne({ email: patch.email, id: { $ne: id } }, { projection: { _id: 1 } }))
      ) {
        throw new DuplicateEmailError(patch.email);
      }
      try {
        const doc = await c.users.findOneAndUpdate({ id }, toUpdate(patch, now), { returnDocument: 'after' });
        return doc ? withoutId(doc) : undefined;
      } catch (err) {
        if (await isDuplicateEmail(c, err, patch.email, id)) throw new DuplicateEmailError(patch.email ?? '');
        throw err;
      }
    },
    list: async ({ role, organisationId, limit, offset }) => {
      if (limit <= 0) return [];
      const filter: Filter<UserRecord> = {};
      if (role !== undefined) filter.role = role;
      if (organisationId !== undefined) filter.organisationId = organisationId;
      const docs = await c.users
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip(offset)
        .limit(limit)
        .toArray();
      return docs.map((d) => withoutId(d));
    },
    count: (filter) => c.users.countDocuments(filter?.role !== undefined ? { role: filter.role } : {}),
    recordLoginFailure: async (id, { now, forgetBefore, ifState }) => {
      if (!isKey(id)) return undefined;
      const filter: Filter<UserRecord> = { id };
      if (ifState) {
        filter.failedLogins = ifState.failedLogins;
        // The adapter never stores null: an unset time is a missing field.
        filter.lastFailedLoginAt = ifState.lastFailedLoginAt ?? { $exists: false };
      }
      const stamp = { lastFailedLoginAt: now, updatedAt: now };
      // Two plain updates whose filters split the stored states (a recent last failure
      // counts on, an older or missing one starts again at 1), rather than one pipeline
      // update with $cond, which FerretDB lacks. Each is atomic on the server, so no count
      // is lost; a write that changes the state between the two makes both miss, and the
      // next round sees the new state.
      const recent: Filter<UserRecord> = { lastFailedLoginAt: { $gte: forgetBefore } };
      // null matches a missing field too (the adapter stores none, but a null would otherwise match neither).
      const forgotten = {
        $or: [{ lastFailedLoginAt: null }, { lastFailedLoginAt: { $lt: forgetBefore } }],
      } as Filter<UserRecord>;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const counted = await c.users.findOneAndUpdate(
          { $and: [filter, recent] },
          { $inc: { failedLogins: 1 }, $set: stamp },
          { returnDocument: 'after' },
        );
        if (counted) return withoutId(counted);
        const restarted = await c.users.findOneAndUpdate(
          { $and: [filter, forgotten] },
          { $set: { failedLogins: 1, ...stamp } },
          { returnDocument: 'after' },
        );
        if (restarted) return withoutId(restarted);
        // Neither matched: no such user, or (with ifState) not in the state the caller saw.
        if (!(await c.users.findOne(filter, { projection: { _id: 1 } }))) return undefined;
      }
      throw new Error(`recordLoginFailure: user ${id} kept changing under ${MAX_ATTEMPTS} attempts`);
    },
    clearLoginFailures: async (id, now) => {
      if (!isKey(id)) return;
      await c.users.updateOne(
        { id },
        { $set: { failedLogins: 0, updatedAt: now }, $unset: { lastFailedLoginAt: '', lockedUntil: '' } },
      );
    },
  };
}
