/**
 * End to end over real HTTP: the server started as `npm start` starts it creates its key
 * (mode 0600) and admin API key on first run, issues a credential that an independent
 * verifier accepts, revokes it so the independent verifier sees the revocation bit, and
 * keeps the same DID across a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type ServerProcess } from './serverProcess.js';
import { verifyIndependently } from './independentVerifier.js';
import { openBadgeRequest } from '../fixtures/credentials.js';

const dir = mkdtempSync(join(tmpdir(), 'saypro-e2e-'));
const env = { DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys') };
let server: ServerProcess;
let adminKey: string;

async function post(path: string, body: unknown, auth = true): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${adminKey}` } : {}) },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  server = await startServer(env);
  adminKey = readFileSync(join(dir, 'keys', 'admin-api-key'), 'utf8').trim();
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the server as started by npm start', () => {
  it('creates its issuer key and admin key with owner-only permissions on first run', () => {
    expect(statSync(join(dir, 'keys', 'issuer-keys.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys', 'admin-api-key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data', 'saypro.sqlite')).isFile()).toBe(true);
    expect(server.output()).toMatch(/Issuer did:key:z6Mk/);
  });

  for (const proofType of ['DataIntegrityProof', 'Ed25519Signature2020'] as const) {
    it(`issues a ${proofType} credential that an independent verifier accepts, then sees revoked`, async () => {
      const issued = await post('/credentials/issue', {
        credential: openBadgeRequest(),
        options: { proofType },
      });
      expect(issued.status).toBe(201);
      const { verifiableCredential } = (await issued.json()) as { verifiableCredential: Record<string, any> };
      expect(verifiableCredential.proof[0].type).toBe(proofType);

      const before = await verifyIndependently(verifiableCredential, server.baseUrl);
      expect(before).toEqual({ verified: true, status: { revocation: false } });

      const revoked = await post('/credentials/status', {
        credentialId: verifiableCredential.id,
        action: 'revoke',
      });
      expect(revoked.status).toBe(200);
      const after = await verifyIndependently(verifiableCredential, server.baseUrl);
      expect(after.status).toEqual({ revocation: true });
      expect(after.verified).toBe(false);
    });
  }

  it('an independent verifier rejects a tampered credential', async () => {
    const issued = await post('/credentials/issue', { credential: openBadgeRequest() });
    const { verifiableCredential } = (await issued.json()) as { verifiableCredential: Record<string, any> };
    verifiableCredential.credentialSubject.name = 'Mallory';
    const result = await verifyIndependently(verifiableCredential, server.baseUrl);
    expect(result.verified).toBe(false);
    expect(result.error).toMatch(/signature/i);
  });

  it('refuses a second server on the same SQLite data directory, naming the first', async () => {
    const second = startServer(env);
    await expect(second).rejects.toThrow(
      /Another SayPro server \(pid \d+[\s\S]*one server per data directory[\s\S]*MONGODB_URI/,
    );
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  });

  it('keeps its DID and keys across a restart', async () => {
    const didBefore = (
      (await (await fetch(`${server.baseUrl}/.well-known/did.json`)).json()) as { id: string }
    ).id;
    await server.stop();
    server = await startServer(env);
    const didAfter = (
      (await (await fetch(`${server.baseUrl}/.well-known/did.json`)).json()) as { id: string }
    ).id;
    expect(didAfter).toBe(didBefore);
    expect(server.output()).not.toMatch(/Admin API key generated/);
  });
});

describe('configuration errors', () => {
  it('refuses to start and names each bad variable', async () => {
    const started = startServer({ ...env, PUBLIC_URL: 'not a url', STATUS_LIST_LENGTH: '1000' });
    await expect(started).rejects.toThrow(
      /PUBLIC_URL[\s\S]*STATUS_LIST_LENGTH|STATUS_LIST_LENGTH[\s\S]*PUBLIC_URL/,
    );
  });
});
