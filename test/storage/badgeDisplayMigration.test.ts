/**
 * SQLite migration 11 (badge display) on a file at version 10 with a course in it: the
 * course comes out as it went in (it simply has no badge image or skills yet), and the new
 * tables take badge images and evidence consents.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { migrateSqlite } from '../../src/storage/sqlite/migrate.js';
import { SQLITE_MIGRATIONS } from '../../src/storage/sqlite/migrations/index.js';
import { badgeDisplay } from '../../src/storage/sqlite/migrations/011_badge_display.js';
import { openSqlite } from '../../src/storage/sqlite/schema.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';

const dir = mkdtempSync(join(tmpdir(), 'saypro-badge-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('brings a version-10 file with a course to version 11 and beyond, the course intact', async () => {
  const file = join(dir, 'v10.sqlite');
  const before = SQLITE_MIGRATIONS.filter((m) => m.version < badgeDisplay.version);
  expect(before.at(-1)?.version).toBe(10);
  const db = openSqlite(file);
  migrateSqlite(db, before);
  const course = {
    id: 'course-old',
    title: 'Old course',
    description: 'From before badges',
    modules: [{ id: 'm1', title: 'One' }],
    assessments: [],
    reviewerIds: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'staff',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  db.prepare('INSERT INTO program_courses (id, title, doc) VALUES (?, ?, ?)').run(
    course.id,
    course.title,
    JSON.stringify(course),
  );
  db.close();

  const stores = createSqliteStores(file);
  try {
    expect(await stores.courses.getCourse(course.id)).toEqual(course);
    const bytes = Uint8Array.of(1, 2, 3);
    await stores.badgeImages.putBadgeImage({
      sha256: 'c'.repeat(64),
      mediaType: 'image/png',
      bytes,
      createdAt: 't',
    });
    expect((await stores.badgeImages.getBadgeImage('c'.repeat(64)))?.bytes).toEqual(bytes);
    await stores.evidenceConsents.setEvidenceConsent({ batchId: 'b', userId: 'u', granted: true, at: 't' });
    expect(await stores.evidenceConsents.getEvidenceConsent('b', 'u')).toMatchObject({ granted: true });
  } finally {
    await stores.close();
  }
});
