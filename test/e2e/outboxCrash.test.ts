/**
 * The outbox's crash test over SQLite (the scenario is in outboxCrashScenario.ts; the
 * MongoDB run is mongoOutboxCrash.test.ts): a delivery process is killed with SIGKILL
 * part-way through 300 messages while it holds leases on some it has not sent; nobody
 * takes those while the leases last, and a second worker takes over once they run out.
 * Every message is delivered; at most the one in flight at the kill arrives twice, and
 * then with the same Message-ID, so the receiving server can tell; the log shows one
 * "sent" per message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeOutboxCrash } from './outboxCrashScenario.js';

const dir = mkdtempSync(join(tmpdir(), 'saypro-outbox-'));

describeOutboxCrash('SQLite', { mongodbDb: 'unused', dataDir: join(dir, 'data') }, async () =>
  rmSync(dir, { recursive: true, force: true }),
);
