/**
 * A delivery worker as its own process, for the crash scenario (outboxCrashScenario.ts):
 * drains the outbox of the stores described by argv[2] (JSON of createStores' config: a
 * SQLite data folder, or a MongoDB URI and database) to the SMTP server in argv[3],
 * leasing argv[4] messages at a time (default 1) and sending them one by one, then exits.
 * The test kills it with SIGKILL part-way.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStores, type StoresConfig } from '../../src/storage/createStores.js';
import { createMailer } from '../../src/mail/mailer.js';
import { deliverDue } from '../../src/notifications/outbox.js';

const [storage, smtpUrl, batch = '1'] = process.argv.slice(2) as [string, string, string?];
const stores = await createStores(JSON.parse(storage) as StoresConfig);
const mailer = createMailer({
  smtpUrl,
  from: 'SayPro <no-reply@saypro.example>',
  outboxDir: mkdtempSync(join(tmpdir(), 'unused-')),
});
const deps = { stores, mailer, now: () => new Date(), workerId: `child:${process.pid}` };
// Sends are one at a time, so the kill lands between or during single sends.
while ((await deliverDue(deps, Number(batch))).sent > 0);
await mailer.close();
await stores.close();
