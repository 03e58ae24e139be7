/**
 * The outbox's crash test in MongoDB mode (the scenario is in outboxCrashScenario.ts, run
 * over SQLite by outboxCrash.test.ts): a delivery process leasing messages from a MongoDB
 * database is killed with SIGKILL part-way through 120, holding leases on messages it has
 * not sent; nobody takes those until the leases run out, then a second worker does. Every
 * message reaches the in-process SMTP server, at most the one in flight twice (same
 * Message-ID), and the log shows one "sent" per message. On the server MONGODB_URI names,
 * else the FerretDB test/mongoGlobalSetup.ts starts (skipped, saying so, without either),
 * in a fresh database dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeOnMongo, dropDatabase, freshDbName } from '../fixtures/mongoTarget.js';
import { describeOutboxCrash } from './outboxCrashScenario.js';

describeOnMongo('outbox crash on MongoDB', 'MongoDB outbox crash test', (uri) => {
  const dir = mkdtempSync(join(tmpdir(), 'saypro-outbox-mongo-'));
  const dbName = freshDbName('outbox');
  const cleanup = async () => {
    try {
      await dropDatabase(uri, dbName);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // Fewer messages than over SQLite: FerretDB's SQLite backend scans a collection for each
  // filter on a field other than _id, so every claim costs in proportion to the outbox.
  describeOutboxCrash(
    'MongoDB',
    { mongodbUri: uri, mongodbDb: dbName, dataDir: join(dir, 'data') },
    cleanup,
    { count: 120, killAfter: 40 },
  );
});
