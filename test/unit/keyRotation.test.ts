/**
 * Key rotation: a credential signed before the rotation still verifies afterwards with
 * did:web (the old key stays in the DID document), new credentials use the new key, and
 * the key file is written owner-only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { rotateKeyRing } from '../../src/credentials/keyRing.js';
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
    expect(document.assertionMethod).toHaveLength(2);

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
