/**
 * SQLite files made by the previous version: opening one adds the new columns and
 * tables, its rows read back with the new optional fields absent, and the new
 * operations work on them. Also checks that redaction leaves the person's name nowhere
 * in the credentials table of the file.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CredentialRecord } from '../../src/storage/ports.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import { reserveInput } from './storeFixtures.js';
import { VERIFICATION_TOKEN_SHAPE } from '../../src/storage/verificationToken.js';

/** The credentials-related tables exactly as the previous release created them. */
const OLD_SCHEMA = `
CREATE TABLE sequences (prefix TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (prefix, year)) STRICT;
CREATE TABLE status_lists (
  id TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
  length INTEGER NOT NULL CHECK (length > 0),
  allocated INTEGER NOT NULL CHECK (allocated >= 0 AND allocated <= length),
  shuffle_key TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX status_lists_open ON status_lists (purpose, length, allocated);
CREATE TABLE credentials (
  id TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  certificate_number TEXT NOT NULL UNIQUE,
  issuer_did TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('reserved', 'issued')),
  unsigned TEXT NOT NULL,
  credential TEXT,
  revoked INTEGER NOT NULL CHECK (revoked IN (0, 1)),
  suspended INTEGER NOT NULL CHECK (suspended IN (0, 1)),
  status_reason TEXT,
  is_public INTEGER NOT NULL CHECK (is_public IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE status_entries (
  credential_id TEXT NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
  list_id TEXT NOT NULL REFERENCES status_lists (id),
  idx INTEGER NOT NULL,
  PRIMARY KEY (credential_id, ordinal),
  UNIQUE (list_id, idx)
) STRICT;
CREATE TABLE published_status_lists (
  list_id TEXT PRIMARY KEY, version INTEGER NOT NULL, credential TEXT NOT NULL, published_at TEXT NOT NULL
) STRICT;
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;
`;

const NAME = 'Grace Hopper';
const unsigned = { id: 'urn:uuid:old-1', credentialSubject: { name: NAME } };
const signed = { ...unsigned, proof: { proofValue: 'z-old' } };

/** The record the old row must read back as: no holderUserId, no redactedAt; a verification token is added. */
const OLD_RECORD: Omit<CredentialRecord, 'verificationToken'> = {
  id: 'urn:uuid:old-1',
  idempotencyKey: 'old-key-1',
  certificateNumber: 'SP-2025-000001',
  issuerDid: 'did:web:certs.example.org',
  state: 'issued',
  statusEntries: [{ purpose: 'revocation', listId: 'list-old', index: 7 }],
  unsigned,
  credential: signed,
  revoked: true,
  suspended: false,
  statusReason: 'withdrawn',
  isPublic: true,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-02T00:00:00.000Z',
};

const dir = mkdtempSync(join(tmpdir(), 'saypro-sqlite-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Makes a file as the previous version left it, with one revoked credential and one API key. */
function makeOldFile(file: string): void {
  const db = new Database(file);
  db.exec(OLD_SCHEMA);
  db.exec(`INSERT INTO sequences VALUES ('SP', 2025, 1)`);
  db.prepare(
    `INSERT INTO status_lists VALUES ('list-old', 'revocation', 16, 1, ?, 3, '2025-01-01T00:00:00.000Z')`,
  ).run('ab'.repeat(32));
  db.prepare(
    `INSERT INTO credentials VALUES ('urn:uuid:old-1', 'old-key-1', 'SP-2025-000001', 'did:web:certs.example.org', 'issued',
       ?, ?, 1, 0, 'withdrawn', 1, '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z')`,
  ).run(JSON.stringify(unsigned), JSON.stringify(signed));
  db.exec(`INSERT INTO status_entries VALUES ('urn:uuid:old-1', 0, 'revocation', 'list-old', 7)`);
  db.exec(
    `INSERT INTO api_keys VALUES ('key_old', 'old integration', '${'d'.repeat(64)}', '["credentials:issue"]', '2025-01-01T00:00:00.000Z', NULL)`,
  );
  db.close();
}

/** The column names a table of `file` has. */
function columns(file: string, table: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  } finally {
    db.close();
  }
}

describe('sqlite migration from the previous schema', () => {
  it('adds the new columns and tables and reads old rows with the new fields absent', async () => {
    const file = join(dir, 'old.sqlite');
    makeOldFile(file);
    expect(columns(file, 'credentials')).not.toContain('holder_user_id');

    const stores = createSqliteStores(file);
    await stores.init();
    expect(columns(file, 'credentials')).toEqual(
      expect.arrayContaining([
        'holder_user_id',
        'redacted_at',
        'template_id',
        'template_version',
        'supersedes',
      ]),
    );
    expect(columns(file, 'api_keys')).toContain('created_by');

    const old = await stores.credentials.get('urn:uuid:old-1');
    expect(old).toEqual({
      ...OLD_RECORD,
      verificationToken: expect.stringMatching(VERIFICATION_TOKEN_SHAPE),
    });
    expect(await stores.credentials.getByVerificationToken(old!.verificationToken)).toEqual(old);
    for (const field of ['holderUserId', 'redactedAt', 'templateRef', 'supersedes'])
      expect(Object.keys(old!)).not.toContain(field);
    expect(await stores.statusLists.setIndexes('list-old')).toEqual([7]);
    const [key] = await stores.apiKeys.list();
    expect(key).toEqual({
      id: 'key_old',
      name: 'old integration',
      hash: 'd'.repeat(64),
      scopes: ['credentials:issue'],
      createdAt: '2025-01-01T00:00:00.000Z',
    });

    // New operations work on the migrated file, and counters carry on.
    const fresh = (await stores.credentials.reserve(reserveInput({ holderUserId: 'user_1' }))).record;
    expect(fresh).toMatchObject({ certificateNumber: 'SP-2025-000002', holderUserId: 'user_1' });
    expect(await stores.credentials.listByHolder('user_1')).toEqual([fresh]);
    await stores.users.create({
      id: 'user_1',
      email: 'u@example.org',
      name: 'U',
      role: 'participant',
      teamIds: [],
      status: 'active',
      failedLogins: 0,
      createdAt: '2025-05-01T00:00:00.000Z',
      updatedAt: '2025-05-01T00:00:00.000Z',
    });
    await stores.close();

    // Opening the migrated file again changes nothing.
    const again = createSqliteStores(file);
    await again.init();
    expect(await again.credentials.get('urn:uuid:old-1')).toEqual(old);
    expect(await again.users.getByEmail('u@example.org')).toMatchObject({ id: 'user_1' });
    await again.close();
  });

  it('redacts an old credential so no copy of the name is left in the credentials table', async () => {
    const file = join(dir, 'redact.sqlite');
    makeOldFile(file);
    const stores = createSqliteStores(file);
    const redacted = await stores.credentials.redactPersonalData(
      'urn:uuid:old-1',
      '2025-06-01T00:00:00.000Z',
    );
    const { unsigned: _u, credential: _c, ...rest } = OLD_RECORD;
    expect(redacted).toEqual({
      ...rest,
      isPublic: false,
      redactedAt: '2025-06-01T00:00:00.000Z',
      updatedAt: '2025-06-01T00:00:00.000Z',
      verificationToken: expect.any(String),
    });
    expect(await stores.statusLists.setIndexes('list-old')).toEqual([7]);
    await stores.close();

    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT * FROM credentials').all();
    db.close();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(NAME);
  });
});
