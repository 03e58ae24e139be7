/**
 * "My certificates" for the holder: the picture, PDF, PNG, badge image and JSON of every
 * certificate of theirs whatever its public flag (public/private decides who *else* sees
 * it); someone else's, a missing one and no session answer as for any private page; and
 * what is offered follows the state: wallet, LinkedIn and "make public" only for a valid
 * certificate, a replaced one pointing at its replacement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { openBadgeRequest } from '../../fixtures/credentials.js';
import { expectRedirect, getPage, issueTo, postForm } from './pageRequests.js';
import { issueCredential } from '../../../src/credentials/issueCredential.js';
import { changeCredentialStatus } from '../../../src/status/statusLists.js';
import { SUPERSEDED } from '../../../src/programs/automaticIssuance.js';
import { unbakePng } from '../../../src/rendering/baking.js';
import type { CredentialRecord } from '../../../src/storage/ports.js';

let t: TestApp;
let holder: SignedIn;
let stranger: SignedIn;
let record: CredentialRecord;

beforeAll(async () => {
  t = await createTestApp();
  holder = await signIn(t, 'participant');
  stranger = await signIn(t, 'participant');
  record = await issueTo(t, holder.user.id, { isPublic: false });
});
afterAll(async () => {
  await t.close();
});

const file = (id: string, suffix: string) => `/me/credentials/${encodeURIComponent(id)}${suffix}`;
const cardOf = (html: string, number: string) =>
  html.match(
    new RegExp(
      `<li class="card certificate-card" id="certificate-${number}">([\\s\\S]*?)</li>\\s*(?=<li class="card|</ul>)`,
    ),
  )?.[1] ?? '';

describe("the holder's files", () => {
  it('serves the PDF, PNG, badge PNG and SVG of a private certificate to its holder, privately', async () => {
    const expected = {
      '.pdf': 'application/pdf',
      '.png': 'image/png',
      '-baked.png': 'image/png',
      '.svg': 'image/svg+xml',
      '.json': 'application/json',
    };
    for (const [suffix, type] of Object.entries(expected)) {
      const res = await getPage(t, file(record.id, suffix), holder);
      expect(res.status, suffix).toBe(200);
      expect(res.headers.get('content-type'), suffix).toContain(type);
      expect(res.headers.get('cache-control'), suffix).toMatch(/private|no-store/);
    }
    const baked = new Uint8Array(
      await (await getPage(t, file(record.id, '-baked.png'), holder)).arrayBuffer(),
    );
    expect(unbakePng(baked)?.id).toBe(record.id);
    // The public address stays closed: it is private.
    expect((await getPage(t, `/c/${encodeURIComponent(record.id)}/certificate.png`)).status).toBe(404);
  });

  it('answers 404 for someone else, a missing id and an unknown file type, and sends a visitor to log in', async () => {
    expect((await getPage(t, file(record.id, '.pdf'), stranger)).status).toBe(404);
    expect(
      (await getPage(t, file('urn:uuid:00000000-0000-4000-8000-000000000000', '.pdf'), holder)).status,
    ).toBe(404);
    expect((await getPage(t, file(record.id, '.exe'), holder)).status).toBe(404);
    expect((await getPage(t, file(record.id, ''), holder)).status).toBe(404);
    expectRedirect(
      await getPage(t, file(record.id, '.pdf')),
      `/login?next=${encodeURIComponent(file(record.id, '.pdf'))}`,
    );
  });
});

describe('what /me offers, by state', () => {
  it('a valid certificate: picture, downloads, wallet, LinkedIn with the verification link, make public', async () => {
    const html = await (await getPage(t, '/me', holder)).text();
    const card = cardOf(html, record.certificateNumber);
    expect(card).toContain(`<img src="${file(record.id, '.png')}"`);
    for (const suffix of ['.pdf', '.png', '-baked.png', '.json'])
      expect(card).toContain(`href="${file(record.id, suffix)}"`);
    expect(card).toContain(`${file(record.id, '')}/wallet`);
    const linkedIn = new URL(
      card.match(/href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/)![1]!.replaceAll('&amp;', '&'),
    );
    expect(linkedIn.searchParams.get('certId')).toBe(record.certificateNumber);
    expect(linkedIn.searchParams.get('certUrl')).toBe(`http://localhost:3000/v/${record.verificationToken}`);
    expect(card).toContain('Make public');
    expect(card).toContain('>Valid<');
  });

  it('revoked and replaced certificates keep their files but offer no wallet, LinkedIn or public page', async () => {
    const revoked = await issueTo(t, holder.user.id);
    await changeCredentialStatus(t.deps.status, revoked.id, 'revoke', 'issued in error');
    const old = await issueTo(t, holder.user.id);
    const { record: replacement } = await issueCredential(t.deps.issue, openBadgeRequest(), {
      isPublic: false,
      holderUserId: holder.user.id,
      supersedes: old.id,
    });
    await changeCredentialStatus(t.deps.status, old.id, 'revoke', SUPERSEDED);

    const html = await (await getPage(t, '/me', holder)).text();
    for (const [certificate, tag] of [
      [revoked, 'Revoked'],
      [old, 'Replaced'],
    ] as const) {
      const card = cardOf(html, certificate.certificateNumber);
      expect(card, tag).toContain(`>${tag}<`);
      expect(card, tag).toContain(`href="${file(certificate.id, '.pdf')}"`);
      expect(card, tag).not.toContain('/wallet');
      expect(card, tag).not.toContain('linkedin.com');
      expect(card, tag).not.toContain('Make public');
      // The domain refuses it too, whatever the page offers.
      const res = await postForm(t, `${file(certificate.id, '')}/visibility`, { public: 'true' }, holder);
      expect(res.status, tag).toBe(409);
    }
    expect(cardOf(html, revoked.certificateNumber)).toContain('issued in error');
    expect(cardOf(html, old.certificateNumber)).toContain(
      `href="#certificate-${replacement.certificateNumber}">certificate ${replacement.certificateNumber}</a>`,
    );
    expect(cardOf(html, replacement.certificateNumber)).toContain('>Valid<');
  });
});
