/**
 * The server with WEB_CONCURRENCY=2 (node:cluster): two HTTP workers share the port and one
 * SQLite file under the primary's data-directory lock; both answer (issue, then verify
 * from both), a second server is still refused, and stopping releases the lock.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './serverProcess.js';
import { openBadgeRequest } from '../fixtures/credentials.js';

const dir = mkdtempSync(join(tmpdir(), 'saypro-cluster-'));
const env = { DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys'), WEB_CONCURRENCY: '2' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cluster mode', () => {
  it('serves from two workers over one store, keeps the lock, and releases it on stop', async () => {
    // Both workers print their start-up line once they listen.
    const server = await startServer(env, { listeners: 2 });
    try {
      expect(server.output().match(/Admin API key generated/g)).toHaveLength(1);
      const adminKey = readFileSync(join(dir, 'keys', 'admin-api-key'), 'utf8').trim();
      const issued = await fetch(`${server.baseUrl}/credentials/issue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ credential: openBadgeRequest() }),
      });
      expect(issued.status).toBe(201);
      const vc = ((await issued.json()) as { verifiableCredential: unknown }).verifiableCredential;
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          fetch(`${server.baseUrl}/credentials/verify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', connection: 'close' },
            body: JSON.stringify({ verifiableCredential: vc }),
          }).then((r) => r.json() as Promise<{ verified: boolean }>),
        ),
      );
      expect(results.every((r) => r.verified)).toBe(true);
      await expect(startServer({ ...env, WEB_CONCURRENCY: '1' })).rejects.toThrow(/Another SayPro server/);
      expect(existsSync(join(dir, 'data', 'server.lock'))).toBe(true);
    } finally {
      await server.stop();
    }
    expect(existsSync(join(dir, 'data', 'server.lock'))).toBe(false);
  }, 60_000);
});
