/**
 * A delivery worker as its own process, for the crash test: drains the outbox of the
 * SQLite file in argv[2] to the SMTP server in argv[3], then exits. The test kills it
 * with SIGKILL part-way.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import { createMailer } from '../../src/mail/mailer.js';
import { deliverDue } from '../../src/notifications/outbox.js';

const [file, smtpUrl] = process.argv.slice(2) as [string, string];
const stores = createSqliteStores(file);
const mailer = createMailer({ smtpUrl, from: 'SayPro <no-reply@saypro.example>', outboxDir: mkdtempSync(join(tmpdir(), 'unused-')) });
const deps = { stores, mailer, now: () => new Date(), workerId: `child:${process.pid}` };
// One message at a time, so the kill lands between or during single sends.
while ((await deliverDue(deps, 1)).sent > 0);
await mailer.close();
await stores.close();
