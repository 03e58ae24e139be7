/**
 * The "Add to wallet" page of the participant portal: a link from each certificate, both
 * wallet links (LCW deep link, OpenID4VCI offer) with inline SVG QR images, fresh single-
 * use links on every visit, someone else's certificate answering 404, no session sending
 * the browser to log in, and no links for a revoked certificate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn } from '../fixtures/sessions.js';
import { issueTo } from '../http/pages/pageRequests.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import {
  getAs,
  linksWithScheme,
  openWalletPage,
  participantWithCertificate,
  PUBLIC_URL,
  walletPath,
} from './walletFixtures.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('the wallet page', () => {
  it('is linked from each certificate in my list', async () => {
    const p = await participantWithCertificate(t);
    const html = await (await getAs(t, '/me', p.who)).text();
    expect(html).toContain(`href="${walletPath(p.record.id)}"`);
    expect(html).toContain('Add to wallet');
  });

  it('shows the LCW deep link and the OpenID4VCI offer, each with an inline SVG QR image', async () => {
    const p = await participantWithCertificate(t);
    const { html, links } = await openWalletPage(t, p);
    expect(links.lcw.issuer).toBe(t.deps.identity.did);
    expect(links.lcw.authType).toBe('bearer');
    expect(links.lcw.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(links.lcw.requestUrl).toMatch(new RegExp(`^${PUBLIC_URL}/exchanges/[A-Za-z0-9_-]{43}$`));
    expect(links.lcw.href.startsWith('dccrequest://request?')).toBe(true);
    expect(links.offer.offer).toEqual({
      credential_issuer: PUBLIC_URL,
      credential_configuration_ids: [
        'OpenBadgeCredential_ldp_vc',
        'OpenBadgeCredential_jwt_vc_json',
        'OpenBadgeCredential_ldp_vc_v1',
      ],
      grants: {
        'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': links.offer.code },
      },
    });
    expect(links.offer.code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const images = [
      ...html.matchAll(/<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"[^>]*alt="([^"]+)"/g),
    ];
    expect(images).toHaveLength(2);
    for (const [, base64] of images) {
      const svg = Buffer.from(base64!, 'base64').toString('utf8');
      expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toContain('<path');
    }
    expect(images.map((m) => m[2])).toEqual([
      'QR code: Open in Learner Credential Wallet',
      'QR code: Open in an OpenID4VCI wallet',
    ]);
    expect(html).toContain('Web Development 101');
    expect(html).toContain(p.record.certificateNumber);
  });

  it('makes fresh, stored single-use links on every visit, bound to the certificate and the account', async () => {
    const p = await participantWithCertificate(t);
    const first = (await openWalletPage(t, p)).links;
    const second = (await openWalletPage(t, p)).links;
    expect(second.lcw.challenge).not.toBe(first.lcw.challenge);
    expect(second.lcw.requestUrl).not.toBe(first.lcw.requestUrl);
    expect(second.offer.code).not.toBe(first.offer.code);
    const exchangeId = decodeURIComponent(first.lcw.exchangePath.split('/').pop()!);
    const stored = await t.deps.stores.exchanges.get(exchangeId, 'vcapi_exchange');
    expect(stored).toMatchObject({
      userId: p.who.user.id,
      credentialId: p.record.id,
      challenge: first.lcw.challenge,
    });
    expect(Date.parse(stored!.expiresAt) - Date.parse(stored!.createdAt)).toBe(15 * 60_000);
  });

  it("answers 404 for someone else's certificate, an unowned one and a missing one", async () => {
    const me = await signIn(t, 'participant');
    const other = await participantWithCertificate(t);
    const unowned = await issueTo(t, undefined);
    for (const id of [other.record.id, unowned.id, 'urn:uuid:00000000-0000-4000-8000-000000000000']) {
      const res = await getAs(t, walletPath(id), me);
      expect(res.status, id).toBe(404);
      const html = await res.text();
      expect(linksWithScheme(html, 'dccrequest://')).toEqual([]);
      expect(linksWithScheme(html, 'openid-credential-offer://')).toEqual([]);
    }
  });

  it('sends a browser without a session to log in, and back afterwards', async () => {
    const p = await participantWithCertificate(t);
    const res = await getAs(t, walletPath(p.record.id));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(walletPath(p.record.id))}`);
  });

  it('offers no links for a revoked certificate, and says why', async () => {
    const p = await participantWithCertificate(t);
    await changeCredentialStatus(t.deps.status, p.record.id, 'revoke');
    const res = await getAs(t, walletPath(p.record.id), p.who);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('revoked, so it cannot be added to a wallet');
    expect(linksWithScheme(html, 'dccrequest://')).toEqual([]);
    expect(html).not.toContain('data:image/svg+xml');
  });
});
