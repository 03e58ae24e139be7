/**
 * The scheduler's due look-up runs every minute over every enrolment ever made: SQLite
 * must answer it from the index, never by scanning the table.
 */
import { describe, expect, it } from 'vitest';
import { applySchema, openSqlite } from '../../src/storage/sqlite/schema.js';
import { applyProgramSchema, DUE_ENROLMENTS_SQL } from '../../src/storage/sqlite/programStore.js';

describe('the SQLite due-enrolments query', () => {
  it('uses the (status, waiting_on, due_at) index for both halves', () => {
    const db = openSqlite(':memory:');
    applySchema(db);
    applyProgramSchema(db);
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${DUE_ENROLMENTS_SQL}`).all('2026-01-01', '2026-01-01', 10) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    const lookups = plan.filter((d) => /program_enrolments/.test(d));
    expect(lookups).toHaveLength(2);
    for (const detail of lookups)
      expect(detail).toMatch(/^SEARCH program_enrolments USING INDEX program_enrolments_due/);
    db.close();
  });
});
