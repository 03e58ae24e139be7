/**
 * A SQLite file from before templates existed gains the template tables when opened
 * (CREATE TABLE IF NOT EXISTS), keeps its other rows, and reopening changes nothing.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateSqlite } from '../../src/storage/sqlite/migrate.js';
import { SQLITE_MIGRATIONS } from '../../src/storage/sqlite/migrations/index.js';
import { openSqlite } from '../../src/storage/sqlite/schema.js';
import { DEFAULT_DESIGN } from '../../src/rendering/templateDesign.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import { apiKeyRecord } from './storeFixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'saypro-sqlite-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tables = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
  } finally {
    db.close();
  }
};

/** The tables and indexes migration 1 makes: a file from before versioning has none of the later ones. */
const baselineObjects = (): Set<string> => {
  const db = openSqlite(':memory:');
  migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, 1));
  const names = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  ).map((r) => r.name);
  db.close();
  return new Set(names);
};

describe('sqlite template tables', () => {
  it('are added to a file that lacks them, and survive a reopen', async () => {
    const file = join(dir, 'before-templates.sqlite');
    const first = createSqliteStores(file);
    const key = apiKeyRecord();
    await first.apiKeys.create(key);
    await first.close();
    const raw = new Database(file);
    raw.exec('DROP TABLE template_versions; DROP TABLE templates;');
    const baseline = baselineObjects();
    const later = raw
      .prepare<[], { type: string; name: string }>(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL",
      )
      .all()
      .filter((o) => !baseline.has(o.name));
    for (const o of later.filter((o) => o.type === 'index')) raw.exec(`DROP INDEX ${o.name}`);
    for (const o of later.filter((o) => o.type === 'table')) raw.exec(`DROP TABLE ${o.name}`);
    // A file from before templates is also from before schema versioning (user_version 0).
    raw.pragma('user_version = 0');
    raw.close();
    expect(tables(file)).not.toContain('templates');

    const opened = createSqliteStores(file);
    await opened.init();
    expect(tables(file)).toEqual(expect.arrayContaining(['templates', 'template_versions']));
    expect(await opened.apiKeys.findByHash(key.hash)).toEqual(key);
    const template = { id: 'tpl-1', name: 'Migrated', createdAt: '2025-01-01T00:00:00.000Z', createdBy: 'u' };
    const v1 = await opened.templates.createTemplate(template, structuredClone(DEFAULT_DESIGN));
    await opened.templates.lockVersion('tpl-1', 1, '2025-01-02T00:00:00.000Z');
    await opened.close();

    const again = createSqliteStores(file);
    await again.init();
    expect(await again.templates.getVersion('tpl-1', 1)).toEqual({
      ...v1,
      lockedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(await again.templates.listTemplates()).toEqual([
      { ...template, latestVersion: 1, latestLocked: true },
    ]);
    await again.close();
  });
});
