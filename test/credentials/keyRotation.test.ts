/**
 * Key rotation: a credential signed before the rotation still verifies afterwards with
 * did:web (the old key stays in the DID document), new credentials use the new key, and
 * the key file is written owner-only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import {
  generateStoredKey,
  KEY_RING_FILE,
  loadOrCreateKeyRing,
  rotateKeyRing,
} from '../../src/credentials/keyRing.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { verifyCredential } from '../../src/verification/verifyCredential.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

describe('key rotation', () => {
  it('keeps did:web credentials signed by an old key verifiable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saypro-rotate-'));
    const env = { PUBLIC_URL: 'https://certs.example.org' };
    const before = await createTestApp({ dir, env });
    apps.push(before);
    const { record: old } = await issueCredential(before.deps.issue, openBadgeRequest());
    const oldMethod = (old.credential!.proof as Record<string, string>[])[0]!.verificationMethod;
    await before.deps.stores.close();

    const ring = await rotateKeyRing(join(dir, 'keys'));
    expect(ring.keys).toHaveLength(2);
    expect(statSync(join(dir, 'keys', 'issuer-keys.json')).mode & 0o777).toBe(0o600);

    const after = await createTestApp({ dir, env });
    apps.push(after);
    expect(after.deps.identity.did).toBe('did:web:certs.example.org');
    const document = after.deps.identity.didDocument as { assertionMethod: string[] };
    expect(document.assertionMethod).toContain(oldMethod);
    // Two Ed25519 keys and their two P-256 twins (for ES256 VC-JWTs).
    expect(document.assertionMethod).toHaveLength(4);
    expect(document.assertionMethod).toContain(after.deps.identity.es256!.verificationMethod);

    const { record: fresh } = await issueCredential(after.deps.issue, openBadgeRequest());
    const freshMethod = (fresh.credential!.proof as Record<string, string>[])[0]!.verificationMethod;
    expect(freshMethod).not.toBe(oldMethod);
    expect(freshMethod).toBe(after.deps.identity.verificationMethod);

    expect((await verifyCredential(old.credential, after.deps.verify)).verified).toBe(true);
    expect((await verifyCredential(fresh.credential, after.deps.verify)).verified).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a credential whose key was never in the DID document', async () => {
    const a = await createTestApp({ env: { PUBLIC_URL: 'https://certs.example.org' } });
    const b = await createTestApp({ env: { PUBLIC_URL: 'https://certs.example.org' } });
    apps.push(a, b);
    // Same did:web, different key rings: b's key is not in a's DID document.
    const { record } = await issueCredential(b.deps.issue, openBadgeRequest());
    const result = await verifyCredential(record.credential, a.deps.verify);
    expect(result.verified).toBe(false);
    expect(result.checks.find((c) => c.id === 'proof')?.valid).toBe(false);
  });
});

describe('the P-256 twin', () => {
  it('is generated with each key, added to the newest key of a ring written before it existed, and kept private (0600)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saypro-ring-'));
    try {
      const { ring: first } = await loadOrCreateKeyRing(dir);
      expect(first.keys[0]!.p256?.publicKeyMultibase).toMatch(/^zDn/);
      const path = join(dir, KEY_RING_FILE);
      // A ring from before the twin: the newest key gains one at the next start, older keys stay as they were.
      const old = await generateStoredKey();
      const legacy = {
        keys: [
          { ...first.keys[0]!, p256: undefined },
          { ...old, p256: undefined },
        ],
      };
      writeFileSync(path, JSON.stringify(legacy));
      const { ring } = await loadOrCreateKeyRing(dir);
      expect(ring.keys[0]!.p256).toBeUndefined();
      expect(ring.keys[1]!.p256?.privateKeyJwk).toMatchObject({
        kty: 'EC',
        crv: 'P-256',
        d: expect.any(String),
      });
      expect(JSON.parse(readFileSync(path, 'utf8')).keys[1].p256.publicKeyMultibase).toBe(
        ring.keys[1]!.p256!.publicKeyMultibase,
      );
      expect(statSync(path).mode & 0o777).toBe(0o600);
      // Read back unchanged the time after.
      expect((await loadOrCreateKeyRing(dir)).ring).toEqual(ring);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
