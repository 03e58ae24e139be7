/**
 * Privacy pages: consent history, the data export (no password hash, with the
 * credentials), and erasure: afterwards the person cannot log in, nothing about them is
 * exported or shown publicly, yet the copy of the credential they saved still verifies.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, TEST_PASSWORD } from '../../fixtures/sessions.js';
import { expectRedirect, getPage, issueTo, postForm, setCookie } from './pageRequests.js';
import { verifyVia, type Json } from '../../fixtures/http.js';
import { CURRENT_TEXT_VERSIONS, recordConsents } from '../../../src/accounts/consents.js';
import { exportUserData } from '../../../src/accounts/privacy.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('privacy page and export', () => {
  it('shows the consent history with time and text version', async () => {
    const me = await signIn(t, 'participant');
    await recordConsents(t.deps.accounts, me.user.id, [
      { kind: 'terms', granted: true, textVersion: CURRENT_TEXT_VERSIONS.terms },
      { kind: 'marketing', granted: false, textVersion: '2025-01-01' },
    ]);
    const res = await getPage(t, '/me/privacy', me);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Terms of use');
    expect(html).toContain(CURRENT_TEXT_VERSIONS.terms);
    expect(html).toContain('2025-01-01');
    expect(html).toContain('Withdrawn');
    expect(html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/);
    expect(html).toContain('href="/me/export.json"');
  });

  it('exports the profile without the password hash, and the credentials', async () => {
    const me = await signIn(t, 'participant');
    const record = await issueTo(t, me.user.id);
    const res = await getPage(t, '/me/export.json', me);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    const text = await res.text();
    expect(text).not.toContain('passwordHash');
    expect(text).not.toContain('scrypt$');
    const data = JSON.parse(text) as Json;
    expect(data.profile.email).toBe(me.user.email);
    expect(data.credentials).toHaveLength(1);
    expect(data.credentials[0].certificateNumber).toBe(record.certificateNumber);
    expect(data.credentials[0].verifiableCredential).toEqual(record.credential);
  });
});

describe('erase my account', () => {
  it('needs ERASE typed and the right password', async () => {
    const me = await signIn(t, 'participant');
    const noWord = await postForm(
      t,
      '/me/erase',
      { password: TEST_PASSWORD, confirmation: 'erase please' },
      me,
    );
    expect(noWord.status).toBe(400);
    expect(await noWord.text()).toContain('Type ERASE');
    const wrong = await postForm(t, '/me/erase', { password: 'not my password', confirmation: 'ERASE' }, me);
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain('current password is incorrect');
    expect(html).not.toContain('not my password');
    expect((await t.deps.stores.users.get(me.user.id))?.status).toBe('active');
  });

  it('erases: no login, nothing exported or public, but the saved copy still verifies', async () => {
    const me = await signIn(t, 'participant');
    const record = await issueTo(t, me.user.id, { isPublic: true });
    const savedCopy = (await (
      await getPage(t, `/me/credentials/${encodeURIComponent(record.id)}.json`, me)
    ).json()) as Json;
    expect((await getPage(t, `/c/${encodeURIComponent(record.id)}`)).status).toBe(200);
    expect((await getPage(t, `/c/${encodeURIComponent(record.id)}/certificate.png`)).status).toBe(200);
    expect(t.deps.rendering.cache.stats().entries).toBeGreaterThan(0);

    const erased = await postForm(t, '/me/erase', { password: TEST_PASSWORD, confirmation: 'ERASE' }, me);
    expect(erased.status).toBe(200);
    expect(await erased.text()).toContain('Your account is erased');
    expect(setCookie(erased, 'sid')).toBe('');

    expect((await postForm(t, '/login', { email: me.user.email, password: TEST_PASSWORD })).status).toBe(401);
    expectRedirect(await getPage(t, '/me/export.json', me), '/login?next=%2Fme%2Fexport.json');
    const user = (await t.deps.stores.users.get(me.user.id))!;
    const exported = await exportUserData(t.deps.accounts, user);
    expect(exported.credentials).toEqual([]);
    expect(exported.consents).toEqual([]);
    expect(JSON.stringify(exported)).not.toContain(me.user.email);

    const page = await getPage(t, `/c/${encodeURIComponent(record.id)}`);
    expect(page.status).toBe(404);
    // The rendered picture carried the name: it is gone from memory too.
    expect(t.deps.rendering.cache.stats().entries).toBe(0);
    expect(await page.text()).not.toContain('Ngcobo');

    const { status, body } = await verifyVia(t, savedCopy);
    expect(status).toBe(200);
    expect(body.verified).toBe(true);
  });
});
