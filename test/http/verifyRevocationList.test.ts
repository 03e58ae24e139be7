/**
 * POST /credentials/verify and the 1EdTechRevocationList status method (OB 3.0): a foreign
 * issuer's list, served over HTTP by a local "foreign" site, revokes one credential by id and
 * leaves another clear; an unreachable or malformed list, or another issuer's, is its own
 * failure, never "not revoked". Both VC-JWT and Data Integrity credentials point at it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../fixtures/testDeps.js';
import { verifyVia, type Json } from '../fixtures/http.js';
import {
  badgePayload,
  dataIntegrityIssuer,
  didKeyIssuer,
  OB_EXTENSIONS,
  OB_V3,
  signJwt,
  VC_V2,
} from '../fixtures/foreignIssuers.js';
import { FOREIGN_ORIGIN, withForeignSite, type ForeignServer } from '../fixtures/foreignServer.js';

const LIST_PATH = '/revocations/2026';
const LIST_URL = `${FOREIGN_ORIGIN}${LIST_PATH}`;
const statusEntry = { id: LIST_URL, type: '1EdTechRevocationList' };

let t: TestApp;
let site: ForeignServer;
const foreign = withForeignSite();
beforeEach(() => {
  ({ t, site } = foreign);
});

const statusCheck = (body: Json) => body.checks.find((c: Json) => c.id === 'status');

async function jwtWithStatus() {
  const issuer = didKeyIssuer('EdDSA');
  const payload = badgePayload(issuer, t.clock.now, {
    '@context': [VC_V2, OB_V3, OB_EXTENSIONS],
    credentialStatus: statusEntry,
  });
  return { issuer, id: payload.id as string, jwt: await signJwt(issuer, payload) };
}

describe('a 1EdTechRevocationList', () => {
  it('marks the listed credential revoked, with the reason, and leaves another of the issuer clear', async () => {
    const issuer = didKeyIssuer('ES256');
    const sign = (payload: Json) => signJwt(issuer, payload);
    const revokedPayload = badgePayload(issuer, t.clock.now, {
      '@context': [VC_V2, OB_V3, OB_EXTENSIONS],
      credentialStatus: statusEntry,
    });
    const clearPayload = badgePayload(issuer, t.clock.now, {
      '@context': [VC_V2, OB_V3, OB_EXTENSIONS],
      credentialStatus: statusEntry,
    });
    site.routes.set(LIST_PATH, {
      id: LIST_URL,
      issuer: issuer.did,
      revokedCredentials: [
        { id: 'urn:uuid:someone-else' },
        { id: revokedPayload.id, revocationReason: 'Awarded in error' },
      ],
    });

    const revoked = await verifyVia(t, await sign(revokedPayload));
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(400);
    expect(statusCheck(revoked.body)).toMatchObject({ valid: false, error: { code: 'revoked' } });
    expect(statusCheck(revoked.body).error.message).toContain('Awarded in error');
    expect(revoked.body.checks.find((c: Json) => c.id === 'proof')).toEqual({ id: 'proof', valid: true });

    const clear = await verifyVia(t, await sign(clearPayload));
    expect(clear.status, JSON.stringify(clear.body)).toBe(200);
    expect(statusCheck(clear.body)).toEqual({ id: 'status', valid: true });
    expect(site.requested.filter((p) => p === LIST_PATH)).toHaveLength(2);
  });

  it('revokes a Data Integrity credential too (the type is defined by the OB extensions context)', async () => {
    const issuer = await dataIntegrityIssuer(t);
    const credential = await issuer.sign({
      '@context': [VC_V2, OB_V3, OB_EXTENSIONS],
      id: 'urn:uuid:5d0f3c1e-0000-4000-8000-000000000001',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: issuer.did, type: ['Profile'], name: 'Foreign College' },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://foreign.test/a/1',
          type: ['Achievement'],
          name: 'Welding',
          criteria: { narrative: 'Passed.' },
        },
      },
      credentialStatus: statusEntry,
    });
    site.routes.set(LIST_PATH, { id: LIST_URL, issuer: { id: issuer.did }, revokedCredentials: [] });
    const clear = await verifyVia(t, credential);
    expect(clear.status, JSON.stringify(clear.body)).toBe(200);
    site.routes.set(LIST_PATH, {
      id: LIST_URL,
      issuer: { id: issuer.did },
      revokedCredentials: [{ id: credential.id }],
    });
    const revoked = await verifyVia(t, credential);
    expect(statusCheck(revoked.body)).toMatchObject({ valid: false, error: { code: 'revoked' } });
  });

  it('that cannot be fetched is status_list_unreachable, not "not revoked"', async () => {
    const { jwt } = await jwtWithStatus();
    const { status, body } = await verifyVia(t, jwt);
    expect(status).toBe(400);
    expect(statusCheck(body)).toMatchObject({ valid: false, error: { code: 'status_list_unreachable' } });
    expect(site.requested).toEqual([LIST_PATH]);
  });

  it.each([
    ['has no revokedCredentials array', { id: LIST_URL, revoked: [] }],
    ["is another issuer's", { id: LIST_URL, issuer: 'did:web:elsewhere.example', revokedCredentials: [] }],
  ])('that %s is status_list_invalid', async (_what, list) => {
    site.routes.set(LIST_PATH, list);
    const { body } = await verifyVia(t, (await jwtWithStatus()).jwt);
    expect(statusCheck(body)).toMatchObject({ valid: false, error: { code: 'status_list_invalid' } });
  });

  it('that answers something other than JSON is status_list_unreachable', async () => {
    site.routes.set(LIST_PATH, 'raw:<html>revocations</html>');
    const { body } = await verifyVia(t, (await jwtWithStatus()).jwt);
    expect(statusCheck(body)).toMatchObject({ valid: false, error: { code: 'status_list_unreachable' } });
  });
});
