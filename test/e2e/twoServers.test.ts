/**
 * Two server processes against one MongoDB database: the server MONGODB_URI names, else
 * the FerretDB one test/mongoGlobalSetup.ts starts where a Go toolchain exists (skipped,
 * and saying so, without either). Both issue at the same time (every certificate
 * number and status-list index unique, every credential verifies on either server), both
 * revoke at the same time (each revocation visible on both), and both are asked to send
 * the same notice (one message, delivered once). The SQLite refusal of a second server is
 * tested in server.test.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startServer, type ServerProcess } from './serverProcess.js';
import { openBadgeRequest } from '../fixtures/credentials.js';

const uri = process.env.MONGODB_URI || inject('mongodbUri');
/** Set when Go exists but FerretDB could not be built or started: then these tests fail with it. */
const setupError = process.env.MONGODB_URI ? '' : inject('mongodbSetupError');
type Json = Record<string, any>;

if (setupError) {
  describe('two servers on one MongoDB', () => {
    it('has a MongoDB-wire server', () => {
      throw new Error(setupError);
    });
  });
} else if (!uri) {
  console.log(
    'Two-server MongoDB test skipped: no server. Install Go (go on PATH or /usr/local/go/bin/go) and the tests build and start FerretDB themselves, or set MONGODB_URI=mongodb://... to run two server processes against that database.',
  );
  describe.skip('two servers on one MongoDB', () => {
    it('needs Go (for FerretDB) or MONGODB_URI', () => {});
  });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'saypro-two-'));
  const dbName = `saypro_two_${process.pid}_${Date.now().toString(36)}`;
  // One PUBLIC_URL for both, as behind one load balancer: each server then reads the status
  // lists under it from the database instead of fetching them from the other over http.
  const env = {
    DATA_DIR: join(dir, 'data'),
    KEYS_DIR: join(dir, 'keys'),
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    PUBLIC_URL: 'http://localhost:3000',
  };
  let a: ServerProcess;
  let b: ServerProcess;
  let key: string;

  const call = (server: ServerProcess, path: string, body: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    // The first creates the keys; the second reads them.
    a = await startServer(env);
    b = await startServer(env);
    key = readFileSync(join(dir, 'keys', 'admin-api-key'), 'utf8').trim();
  }, 90_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    const client = new MongoClient(uri);
    try {
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  describe('two servers on one MongoDB', () => {
    const issued: Json[] = [];

    it('issue concurrently with unique numbers and status indexes, each verifying on both', async () => {
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          call(i % 2 ? b : a, '/credentials/issue', { credential: openBadgeRequest() }),
        ),
      );
      for (const res of responses) {
        expect(res.status).toBe(201);
        issued.push(((await res.json()) as Json).verifiableCredential);
      }
      const numbers = issued.map((vc) => JSON.stringify(vc.credentialSubject.identifier ?? vc.id));
      expect(new Set(numbers).size).toBe(30);
      const indexes = issued.map(
        (vc) => `${vc.credentialStatus.statusListCredential}#${vc.credentialStatus.statusListIndex}`,
      );
      expect(new Set(indexes).size).toBe(30);
      for (const [i, vc] of issued.entries()) {
        const res = await call(i % 2 ? a : b, '/credentials/verify', { verifiableCredential: vc });
        const body = (await res.json()) as Json;
        expect(body.verified, JSON.stringify(body)).toBe(true);
      }
    });

    it('revoke concurrently, each revocation seen by both', async () => {
      const toRevoke = issued.slice(0, 10);
      const responses = await Promise.all(
        toRevoke.map((vc, i) =>
          call(i % 2 ? b : a, '/credentials/status', { credentialId: vc.id, action: 'revoke' }),
        ),
      );
      for (const res of responses) expect(res.status).toBeLessThan(300);
      for (const vc of toRevoke) {
        for (const server of [a, b]) {
          const body = (await (
            await call(server, '/credentials/verify', { verifiableCredential: vc })
          ).json()) as Json;
          expect(body.verified).toBe(false);
        }
      }
      const kept = (await (
        await call(b, '/credentials/verify', { verifiableCredential: issued[20] })
      ).json()) as Json;
      expect(kept.verified, JSON.stringify(kept)).toBe(true);
    });

    it('send one notice once when both servers are asked at the same moment', async () => {
      const course = {
        id: 'web-101',
        title: 'Web 101',
        description: 'Pages',
        modules: [{ id: 'm1', title: 'HTML' }],
        assessments: [{ id: 'final', title: 'Final', maxScore: 100 }],
      };
      const batch = {
        id: 'web-101-nov',
        courseId: 'web-101',
        name: 'November',
        achievement: { name: 'Web 101', criteriaNarrative: 'All modules' },
        criteria: { assessments: [{ assessmentId: 'final', minScore: 70 }] },
      };
      expect((await call(a, '/programs/courses', course)).status).toBe(201);
      expect((await call(a, '/programs/batches', batch)).status).toBe(201);
      expect(
        (
          await call(b, '/programs/batches/web-101-nov/enrolments', {
            participant: { email: 'two.servers@example.org', name: 'Two Servers' },
          })
        ).status,
      ).toBeLessThan(300);
      const notice = {
        trigger: 'admin_message',
        to: { email: 'two.servers@example.org' },
        values: { sender: 'The office', conversationUrl: 'https://example.org/m/1' },
        dedupeKey: 'same-notice',
      };
      const answers = await Promise.all([
        call(a, '/communications/notices', notice),
        call(b, '/communications/notices', notice),
      ]);
      const bodies = (await Promise.all(answers.map((r) => r.json()))) as Json[];
      expect(new Set(bodies.map((x) => x.messageId)).size).toBe(1);
      const client = new MongoClient(uri);
      try {
        const outbox = await client
          .db(dbName)
          .collection('notificationOutbox')
          .countDocuments({ dedupeKey: { $regex: 'same-notice' } });
        expect(outbox).toBe(2); // the email and the portal notification, once each
      } finally {
        await client.close();
      }
    });
  });
}
