/**
 * Certificates as anyone may see them (src/rendering/publicCertificates.ts): by id only
 * when public, as JSON when public or for a credentials:read key, by verification link
 * whether public or not, by number only with the holder's surname; and an API key's
 * holder (src/credentials/apiKeys.ts keyHolderOf), none once revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { createApiKey, keyHolderOf } from '../../src/credentials/apiKeys.js';
import {
  certificateByToken,
  credentialForReader,
  newestReplacement,
  publicCertificate,
  tokenForNumber,
} from '../../src/rendering/publicCertificates.js';
import type { CredentialRecord } from '../../src/storage/ports.js';

let t: TestApp;
let shown: CredentialRecord;
let hidden: CredentialRecord;

beforeAll(async () => {
  t = await createTestApp();
  shown = (await issueCredential(t.deps.issue, openBadgeRequest(), { isPublic: true })).record;
  hidden = (await issueCredential(t.deps.issue, openBadgeRequest(), { isPublic: false })).record;
});

afterAll(async () => {
  await t.close();
});

describe('public certificates', () => {
  it('show a public certificate at its id, and a private one like a missing one', async () => {
    expect((await publicCertificate(t.deps, shown.id))?.id).toBe(shown.id);
    expect(await publicCertificate(t.deps, hidden.id)).toBeUndefined();
    expect(await publicCertificate(t.deps, 'no-such-id')).toBeUndefined();
  });

  it('give a private credential as JSON only to a reader allowed private ones', async () => {
    expect(await credentialForReader(t.deps, hidden.id, false)).toBeUndefined();
    expect((await credentialForReader(t.deps, hidden.id, true))?.id).toBe(hidden.id);
    expect((await credentialForReader(t.deps, shown.id, false))?.id).toBe(shown.id);
  });

  it('open any certificate by its verification link, and nothing for a malformed token', async () => {
    expect((await certificateByToken(t.deps, hidden.verificationToken))?.id).toBe(hidden.id);
    expect(await certificateByToken(t.deps, 'not a token')).toBeUndefined();
  });

  it('give the verification token for a number only with the right surname', async () => {
    expect(await tokenForNumber(t.deps, hidden.certificateNumber.toLowerCase(), 'Nobody')).toBeUndefined();
    expect(await tokenForNumber(t.deps, 'SP-NOPE', '')).toBeUndefined();
  });

  it('find no replacement for a certificate that was not re-issued', async () => {
    expect(await newestReplacement(t.deps, shown.id)).toBeUndefined();
  });
});

describe('API key holders', () => {
  it('are found by the secret, and not once the key is revoked', async () => {
    const { secret, record } = await createApiKey(t.deps.stores.apiKeys, {
      name: 'LMS',
      scopes: ['programs:events'],
      now: new Date(),
    });
    expect(await keyHolderOf(t.deps, secret)).toEqual({
      keyId: record.id,
      name: 'LMS',
      scopes: ['programs:events'],
    });
    await t.deps.stores.apiKeys.revoke(record.id, new Date().toISOString());
    expect(await keyHolderOf(t.deps, secret)).toBeUndefined();
    expect(await keyHolderOf(t.deps, 'sp_unknown')).toBeUndefined();
  });
});
