/**
 * A SQLite file whose users table predates the progressive login delay: opening it adds
 * `last_failed_login_at`, an old row reads back with its lock-era fields as they were
 * and no failure time, its old count (which has no time) starts afresh, and a success
 * clears the old lock. That the old lock no longer refuses anyone is tested through the
 * login page (test/http/pages/loginProtection.test.ts).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import type { UserRecord } from '../../src/storage/ports.js';

/** The users table exactly as the previous release created it. */
const OLD_USERS = `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT,
  email_verified_at TEXT,
  organisation_id TEXT,
  team_ids TEXT NOT NULL,
  status TEXT NOT NULL,
  failed_logins INTEGER NOT NULL CHECK (failed_logins >= 0),
  locked_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`;

const OLD_USER: UserRecord = {
  id: 'user_old',
  email: 'old@example.org',
  name: 'Old Timer',
  role: 'participant',
  passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
  teamIds: [],
  status: 'active',
  failedLogins: 3,
  lockedUntil: '2025-05-01T12:15:00.000Z',
  createdAt: '2025-05-01T00:00:00.000Z',
  updatedAt: '2025-05-01T12:00:00.000Z',
};

const dir = mkdtempSync(join(tmpdir(), 'saypro-sqlite-users-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The column names of `users` in `file`. */
function userColumns(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma('table_info(users)') as { name: string }[]).map((c) => c.name);
  } finally {
    db.close();
  }
}

describe('sqlite migration of the users table', () => {
  it('adds last_failed_login_at and keeps old rows readable and usable', async () => {
    const file = join(dir, 'old-users.sqlite');
    const db = new Database(file);
    db.exec(OLD_USERS);
    db.prepare(
      `INSERT INTO users VALUES ('user_old', 'old@example.org', 'Old Timer', 'participant', ?, NULL, NULL, '[]', 'active', 3,
         '2025-05-01T12:15:00.000Z', '2025-05-01T00:00:00.000Z', '2025-05-01T12:00:00.000Z')`,
    ).run(OLD_USER.passwordHash);
    db.close();
    expect(userColumns(file)).not.toContain('last_failed_login_at');

    const stores = createSqliteStores(file);
    await stores.init();
    expect(userColumns(file)).toContain('last_failed_login_at');
    const old = await stores.users.get('user_old');
    expect(old).toEqual(OLD_USER);
    expect(Object.keys(old!)).not.toContain('lastFailedLoginAt');

    // A count without a time cannot say how recent it is: the next failure starts at 1.
    const failed = await stores.users.recordLoginFailure('user_old', {
      now: '2025-05-01T12:01:00.000Z',
      forgetBefore: '2025-04-30T12:01:00.000Z',
    });
    expect(failed).toMatchObject({
      failedLogins: 1,
      lastFailedLoginAt: '2025-05-01T12:01:00.000Z',
      lockedUntil: OLD_USER.lockedUntil,
    });
    await stores.users.clearLoginFailures('user_old', '2025-05-01T12:02:00.000Z');
    const { lockedUntil: _gone, ...cleared } = OLD_USER;
    expect(await stores.users.get('user_old')).toEqual({
      ...cleared,
      failedLogins: 0,
      updatedAt: '2025-05-01T12:02:00.000Z',
    });
    await stores.close();

    // Opening the migrated file again changes nothing.
    const again = createSqliteStores(file);
    await again.init();
    expect(userColumns(file).filter((c) => c === 'last_failed_login_at')).toHaveLength(1);
    expect(await again.users.getByEmail('old@example.org')).toMatchObject({
      id: 'user_old',
      failedLogins: 0,
    });
    await again.close();
  });
});
