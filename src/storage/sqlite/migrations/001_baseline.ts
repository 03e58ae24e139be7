/**
 * Migration 1: the whole schema as it stood when versioning began, frozen. Never edit it:
 * a change to the schema is a new numbered migration (docs/ARCHITECTURE.md, "Changing the
 * schema"). On a new file it creates exactly what the code before versioning created
 * (test/fixtures/sqliteSchemaBefore.sql, compared by test/storage/sqliteMigrations.test.ts).
 *
 * It is the one migration that must cope with whatever it finds, because it also runs on
 * files made before versioning (user_version 0 with tables present, perhaps made by a
 * release older still, lacking whole tables or later columns). So it only adds what is
 * missing: every statement is `IF NOT EXISTS`, the columns tables gained over time are
 * added where `PRAGMA table_info` lacks them, credentials from before verification tokens
 * get theirs, and only then are the indexes over those columns created. Later migrations
 * run exactly once on a known schema and need none of this.
 *
 * Tables are STRICT so a wrong type is an error rather than a silent coercion; JSON lives
 * in TEXT columns and booleans in 0/1 INTEGER columns. A redacted credential keeps the JSON
 * text `null` in its NOT NULL `unsigned` column (files made before redaction existed
 * cannot relax the constraint without rebuilding the table); the reader omits the field.
 * Roles, statuses, token purposes and consent kinds get no CHECK constraint: the domain
 * owns those unions and may grow them, and SQLite cannot change a CHECK without
 * rebuilding the table.
 *
 * The SQL lives in 001_baseline/, one module per area (olderFiles.ts holds the steps for
 * files made before versioning); this runs it all in the order it always ran in.
 */
import type { SqliteMigration } from '../migrate.js';
import { ACCOUNT_TABLES } from './001_baseline/accounts.js';
import { ACCREDITATION_TABLES } from './001_baseline/accreditation.js';
import { CONTENT_TABLES } from './001_baseline/content.js';
import { CORRECTION_TABLES } from './001_baseline/corrections.js';
import { CREDENTIAL_TABLES } from './001_baseline/credentials.js';
import { EXCHANGE_TABLES } from './001_baseline/exchanges.js';
import { MESSAGING_TABLES } from './001_baseline/messaging.js';
import { NOTIFICATION_TABLES } from './001_baseline/notifications.js';
import { addMissingColumns, backfillVerificationTokens, LATE_INDEXES } from './001_baseline/olderFiles.js';
import { PROGRAM_TABLES } from './001_baseline/programs.js';
import { TEMPLATE_TABLES } from './001_baseline/templates.js';
import { TRUST_TABLES } from './001_baseline/trust.js';

export const baseline: SqliteMigration = {
  version: 1,
  name: 'baseline',
  up(db) {
    for (const tables of [
      CREDENTIAL_TABLES,
      ACCOUNT_TABLES,
      EXCHANGE_TABLES,
      TEMPLATE_TABLES,
      PROGRAM_TABLES,
      NOTIFICATION_TABLES,
      MESSAGING_TABLES,
      ACCREDITATION_TABLES,
      TRUST_TABLES,
      CONTENT_TABLES,
      CORRECTION_TABLES,
    ]) {
      db.exec(tables);
    }
    addMissingColumns(db);
    backfillVerificationTokens(db);
    db.exec(LATE_INDEXES);
  },
};
