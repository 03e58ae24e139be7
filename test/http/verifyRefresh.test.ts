/**
 * POST /credentials/verify and `refreshService` of type 1EdTechCredentialRefresh (OB 3.0):
 * after the proof check the refresh URL, on a local "foreign" site, is fetched once; a newer
 * credential that verifies and has the same issuer replaces the original in the result, which
 * says so; garbage, a credential that fails, or another issuer's leave the original's result
 * with a warning. A forged original is never refreshed, and a refresh is never refreshed again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../fixtures/testDeps.js';
import { verifyVia, type Json } from '../fixtures/http.js';
import {
  badgePayload,
  didKeyIssuer,
  OB_EXTENSIONS,
  OB_V3,
  signJwt,
  tamperJwt,
  VC_V2,
  type JwtIssuer,
} from '../fixtures/foreignIssuers.js';
import { FOREIGN_ORIGIN, withForeignSite, type ForeignServer } from '../fixtures/foreignServer.js';

const REFRESH_PATH = '/refresh/amara';
const refreshService = { id: `${FOREIGN_ORIGIN}${REFRESH_PATH}`, type: '1EdTechCredentialRefresh' };
const DAY = 86_400_000;

let t: TestApp;
let site: ForeignServer;
const foreign = withForeignSite();
beforeEach(() => {
  ({ t, site } = foreign);
});

const warningCodes = (body: Json) => body.warnings.map((w: Json) => w.code);
const refreshFetches = () => site.requested.filter((p) => p === REFRESH_PATH).length;

/** A credential of `issuer` that expired yesterday and names the refresh service. */
async function expiredOriginal(issuer: JwtIssuer): Promise<string> {
  const validUntil = new Date(t.clock.now.getTime() - DAY).toISOString();
  return signJwt(
    issuer,
    badgePayload(issuer, new Date(t.clock.now.getTime() - 30 * DAY), {
      '@context': [VC_V2, OB_V3, OB_EXTENSIONS],
      validUntil,
      refreshService,
    }),
  );
}

/** The newer credential the refresh service hands out. */
function newer(issuer: JwtIssuer, overrides: Json = {}): Json {
  return badgePayload(issuer, t.clock.now, {
    validUntil: new Date(t.clock.now.getTime() + 365 * DAY).toISOString(),
    name: 'Data Literacy (renewed)',
    ...overrides,
  });
}

describe('a refresh service that answers a newer credential', () => {
  it('replaces the expired original in the result, which names the refresh', async () => {
    const issuer = didKeyIssuer('EdDSA');
    const renewed = newer(issuer);
    site.routes.set(REFRESH_PATH, await signJwt(issuer, renewed));
    const { status, body } = await verifyVia(t, await expiredOriginal(issuer));
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.verified).toBe(true);
    expect(body.credential.id).toBe(renewed.id);
    expect(body.credential.validUntil).toBe(renewed.validUntil);
    const refreshed = body.warnings.find((w: Json) => w.code === 'credential_refreshed');
    expect(refreshed.message).toContain(refreshService.id);
    expect(refreshFetches()).toBe(1);
  });

  it("is used once: the refreshed credential's own refresh service is not followed", async () => {
    const issuer = didKeyIssuer('ES256');
    site.routes.set(
      REFRESH_PATH,
      await signJwt(issuer, newer(issuer, { '@context': [VC_V2, OB_V3, OB_EXTENSIONS], refreshService })),
    );
    const { body } = await verifyVia(t, await expiredOriginal(issuer));
    expect(body.verified).toBe(true);
    expect(refreshFetches()).toBe(1);
  });
});

describe('a refresh that cannot be used leaves the original, with refresh_failed', () => {
  it('when the service answers garbage', async () => {
    const issuer = didKeyIssuer('EdDSA');
    site.routes.set(REFRESH_PATH, { hello: 'world' });
    const { status, body } = await verifyVia(t, await expiredOriginal(issuer));
    expect(status).toBe(400);
    expect(body.checks.find((c: Json) => c.id === 'validity')).toMatchObject({
      valid: false,
      error: { code: 'expired' },
    });
    expect(warningCodes(body)).toContain('refresh_failed');
    expect(warningCodes(body)).not.toContain('credential_refreshed');
    expect(refreshFetches()).toBe(1);
  });

  it('when the service answers text that is not JSON', async () => {
    const issuer = didKeyIssuer('RS256');
    site.routes.set(REFRESH_PATH, 'raw:not json');
    const { body } = await verifyVia(t, await expiredOriginal(issuer));
    expect(warningCodes(body)).toContain('refresh_failed');
  });

  it('when the refreshed credential was tampered with', async () => {
    const issuer = didKeyIssuer('EdDSA');
    site.routes.set(
      REFRESH_PATH,
      tamperJwt(await signJwt(issuer, newer(issuer)), (p) => ({ ...p, name: 'Forged' })),
    );
    const { body } = await verifyVia(t, await expiredOriginal(issuer));
    expect(body.verified).toBe(false);
    expect(body.credential.achievementName).toBe('Data Literacy');
    expect(body.warnings.find((w: Json) => w.code === 'refresh_failed').message).toMatch(/did not verify/);
  });

  it('when another issuer answers, even with a valid credential', async () => {
    const issuer = didKeyIssuer('EdDSA');
    const other = didKeyIssuer('EdDSA');
    site.routes.set(REFRESH_PATH, await signJwt(other, newer(other)));
    const { body } = await verifyVia(t, await expiredOriginal(issuer));
    expect(body.verified).toBe(false);
    expect(body.issuer.id).toBe(issuer.did);
    expect(body.warnings.find((w: Json) => w.code === 'refresh_failed').message).toContain(other.did);
  });

  it('a valid original stays verified when its refresh fails', async () => {
    const issuer = didKeyIssuer('EdDSA');
    const original = await signJwt(
      issuer,
      badgePayload(issuer, t.clock.now, { '@context': [VC_V2, OB_V3, OB_EXTENSIONS], refreshService }),
    );
    const { status, body } = await verifyVia(t, original);
    expect(status).toBe(200);
    expect(warningCodes(body)).toContain('refresh_failed');
  });
});

it("a forged original is not refreshed: its refresh URL is not the issuer's word", async () => {
  const issuer = didKeyIssuer('EdDSA');
  site.routes.set(REFRESH_PATH, await signJwt(issuer, newer(issuer)));
  const forged = tamperJwt(await expiredOriginal(issuer), (p) => ({ ...p, description: 'altered' }));
  const { body } = await verifyVia(t, forged);
  expect(body.checks.find((c: Json) => c.id === 'proof')).toMatchObject({
    valid: false,
    error: { code: 'invalid_signature' },
  });
  expect(refreshFetches()).toBe(0);
});
