/**
 * The SQLite UserStore. Email uniqueness is the UNIQUE column (compared as stored; the
 * domain lower-cases and trims before it gets here). A failed login is counted inside one
 * IMMEDIATE transaction that reads the counter and writes the next value, so concurrent
 * failures never lose a count and of two compare-and-sets from one state only one wins.
 */
import Database from 'better-sqlite3';
import {
  DuplicateEmailError,
  type LoginFailureState,
  type Role,
  type UserPatch,
  type UserRecord,
  type UserStore,
} from '../ports.js';
import { setPresent } from './rows.js';
import type { SqliteDb } from './schema.js';

/** A row of `users`. */
interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  email_verified_at: string | null;
  organisation_id: string | null;
  team_ids: string;
  status: UserRecord['status'];
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  last_failed_login_at: string | null;
}

/** The column behind each patchable field; `required` fields cannot be removed. */
const PATCH_COLUMNS: Record<keyof UserPatch, { column: string; required: boolean }> = {
  email: { column: 'email', required: true },
  name: { column: 'name', required: true },
  role: { column: 'role', required: true },
  passwordHash: { column: 'password_hash', required: false },
  emailVerifiedAt: { column: 'email_verified_at', required: false },
  organisationId: { column: 'organisation_id', required: false },
  teamIds: { column: 'team_ids', required: true },
  status: { column: 'status', required: true },
  lockedUntil: { column: 'locked_until', required: false },
};

/** Maps a `users` row to its record, omitting unset optional fields. */
function toUserRecord(row: UserRow): UserRecord {
  const record: UserRecord = {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    teamIds: JSON.parse(row.team_ids) as string[],
    status: row.status,
    failedLogins: row.failed_logins,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  return setPresent(record, {
    passwordHash: row.password_hash,
    emailVerifiedAt: row.email_verified_at,
    organisationId: row.organisation_id,
    lastFailedLoginAt: row.last_failed_login_at,
    lockedUntil: row.locked_until,
  });
}

/** Turns the unique-email violation into DuplicateEmailError; other errors pass through. */
function rethrowDuplicateEmail(err: unknown, email: string | undefined): never {
  if (
    err instanceof Database.SqliteError &&
    err.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    err.message.includes('users.email')
  ) {
    throw new DuplicateEmailError(email ?? '');
  }
  throw err;
}

/** Builds the user store over an open database whose schema has been applied. */
export function createSqliteUserStore(db: SqliteDb): UserStore {
  const insert = db.prepare(
    `INSERT INTO users (id, email, name, role, password_hash, email_verified_at, organisation_id, team_ids,
       status, failed_logins, locked_until, created_at, updated_at, last_failed_login_at)
     VALUES (@id, @email, @name, @role, @passwordHash, @emailVerifiedAt, @organisationId, @teamIds,
       @status, @failedLogins, @lockedUntil, @createdAt, @updatedAt, @lastFailedLoginAt)`,
  );
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const setFailures = db.prepare<[number, string, string, string]>(
    'UPDATE users SET failed_logins = ?, last_failed_login_at = ?, updated_at = ? WHERE id = ?',
  );
  const clearFailures = db.prepare<[string, string]>(
    'UPDATE users SET failed_logins = 0, last_failed_login_at = NULL, locked_until = NULL, updated_at = ? WHERE id = ?',
  );
  const page = db.prepare<
    [{ role: string | null; org: string | null; limit: number; offset: number }],
    UserRow
  >(
    `SELECT * FROM users WHERE (@role IS NULL OR role = @role) AND (@org IS NULL OR organisation_id = @org)
     ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`,
  );
  const countByRole = db.prepare<[{ role: string | null }], { n: number }>(
    'SELECT count(*) AS n FROM users WHERE @role IS NULL OR role = @role',
  );

  const read = (id: string) => {
    const row = byId.get(id);
    return row ? toUserRecord(row) : undefined;
  };

  /** One UPDATE over exactly the patched columns (names come from PATCH_COLUMNS only). */
  const update = db.transaction((id: string, patch: UserPatch, now: string) => {
    const assignments = ['updated_at = @updatedAt'];
    const values: Record<string, unknown> = { id, updatedAt: now };
    for (const [field, { column, required }] of Object.entries(PATCH_COLUMNS)) {
      if (!Object.hasOwn(patch, field)) continue;
      const value = patch[field as keyof UserPatch];
      if (value === undefined && required) continue;
      assignments.push(`${column} = @${field}`);
      values[field] = value === undefined ? null : field === 'teamIds' ? JSON.stringify(value) : value;
    }
    try {
      db.prepare(`UPDATE users SET ${assignments.join(', ')} WHERE id = @id`).run(values);
    } catch (err) {
      rethrowDuplicateEmail(err, patch.email);
    }
    return read(id);
  });

  const recordLoginFailure = db.transaction(
    (id: string, o: { now: string; forgetBefore: string; ifState?: LoginFailureState }) => {
      const row = byId.get(id);
      if (!row) return undefined;
      const last = row.last_failed_login_at;
      if (
        o.ifState &&
        (row.failed_logins !== o.ifState.failedLogins || last !== (o.ifState.lastFailedLoginAt ?? null))
      )
        return undefined;
      // ISO instants of one format compare as strings.
      const forgotten = last === null || last < o.forgetBefore;
      setFailures.run(forgotten ? 1 : row.failed_logins + 1, o.now, o.now, id);
      return read(id);
    },
  );

  return {
    create: async (u) => {
      try {
        insert.run({
          id: u.id,
          email: u.email,
          name: u.name,
          role: u.role,
          status: u.status,
          failedLogins: u.failedLogins,
          createdAt: u.createdAt,
          updatedAt: u.updatedAt,
          passwordHash: u.passwordHash ?? null,
          emailVerifiedAt: u.emailVerifiedAt ?? null,
          organisationId: u.organisationId ?? null,
          teamIds: JSON.stringify(u.teamIds),
          lockedUntil: u.lockedUntil ?? null,
          lastFailedLoginAt: u.lastFailedLoginAt ?? null,
        });
      } catch (err) {
        rethrowDuplicateEmail(err, u.email);
      }
    },
    get: async (id) => read(id),
    getByEmail: async (email) => {
      const row = byEmail.get(email);
      return row ? toUserRecord(row) : undefined;
    },
    update: async (id, patch, now) => update.immediate(id, patch, now),
    list: async ({ role, organisationId, limit, offset }) =>
      page
        .all({ role: role ?? null, org: organisationId ?? null, limit: Math.max(0, limit), offset })
        .map(toUserRecord),
    count: async (filter) => countByRole.get({ role: filter?.role ?? null })!.n,
    recordLoginFailure: async (id, options) => recordLoginFailure.immediate(id, options),
    clearLoginFailures: async (id, now) => {
      clearFailures.run(now, id);
    },
  };
}
