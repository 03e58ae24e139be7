/**
 * The participant portal: my certificates (status, visibility toggle, JSON download),
 * someone else's certificate answering like a missing one, password change ending other
 * sessions, the session list, and the empty inboxes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, TEST_PASSWORD } from '../../fixtures/sessions.js';
import { expectRedirect, getPage, issueTo, linkFromMail, postForm } from './pageRequests.js';
import { changeCredentialStatus } from '../../../src/status/statusLists.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const NEW_PASSWORD = 'tangerine harbour 42';

describe('my certificates', () => {
  it('lists only my certificates with number, achievement, date, status and visibility', async () => {
    const me = await signIn(t, 'participant');
    const other = await signIn(t, 'participant');
    const mine = await issueTo(t, me.user.id);
    const revoked = await issueTo(t, me.user.id, { isPublic: true });
    const theirs = await issueTo(t, other.user.id);
    await changeCredentialStatus(t.deps.status, revoked.id, 'revoke');

    const res = await getPage(t, '/me', me);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(mine.certificateNumber);
    expect(html).toContain(revoked.certificateNumber);
    expect(html).not.toContain(theirs.certificateNumber);
    expect(html).toContain('Web Development 101');
    expect(html).toContain('badge valid');
    expect(html).toContain('badge revoked');
    expect(html).toContain(`href="/c/${encodeURIComponent(revoked.id)}"`);
    expect(html).not.toContain(`href="/c/${encodeURIComponent(mine.id)}"`);
    expect(html).toContain(`href="/me/credentials/${encodeURIComponent(mine.id)}.json"`);
    // Next to each state, one sentence on who can see what: one public card, one private.
    const text = html
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const count = (sentence: string) => text.split(sentence).length - 1;
    expect(count("Anyone with the link can see this certificate's page, picture and JSON.")).toBe(1);
    expect(
      count(
        'Only you can see it (and the programme staff). Its verification still works for anyone you send the file to.',
      ),
    ).toBe(1);
  });

  it('shows an empty state, to any signed-in role', async () => {
    const admin = await signIn(t, 'admin');
    const res = await getPage(t, '/me', admin);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('No certificates yet');
  });

  it('downloads my certificate as a JSON attachment, with the id encoded or not', async () => {
    const me = await signIn(t, 'participant');
    const record = await issueTo(t, me.user.id);
    for (const path of [
      `/me/credentials/${encodeURIComponent(record.id)}.json`,
      `/me/credentials/${record.id}.json`,
    ]) {
      const res = await getPage(t, path, me);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="certificate-.+\.json"$/);
      expect(await res.json()).toEqual(record.credential);
    }
  });

  it("answers 404 for someone else's certificate exactly like a missing one", async () => {
    const me = await signIn(t, 'participant');
    const other = await signIn(t, 'participant');
    const theirs = await issueTo(t, other.user.id, { isPublic: true });
    const unowned = await issueTo(t, undefined);
    const missing = 'urn:uuid:00000000-0000-4000-8000-000000000000';
    for (const id of [theirs.id, unowned.id, missing]) {
      const download = await getPage(t, `/me/credentials/${encodeURIComponent(id)}.json`, me, {
        accept: 'application/json',
      });
      expect(download.status).toBe(404);
      expect(await download.text()).not.toContain('Ngcobo');
      const toggle = await postForm(
        t,
        `/me/credentials/${encodeURIComponent(id)}/visibility`,
        { public: 'false' },
        me,
      );
      expect(toggle.status).toBe(404);
    }
    expect((await t.deps.stores.credentials.get(theirs.id))?.isPublic).toBe(true);
    expect((await getPage(t, `/me/credentials/${encodeURIComponent(theirs.id)}`, me)).status).toBe(404);
  });

  it('toggles visibility, which opens and closes the public page', async () => {
    const me = await signIn(t, 'participant');
    const record = await issueTo(t, me.user.id);
    const path = `/me/credentials/${encodeURIComponent(record.id)}/visibility`;
    expect((await getPage(t, `/c/${encodeURIComponent(record.id)}`)).status).toBe(404);

    expectRedirect(await postForm(t, path, { public: 'true' }, me), '/me?saved=1');
    expect((await t.deps.stores.credentials.get(record.id))?.isPublic).toBe(true);
    const list = await (await getPage(t, '/me?saved=1', me)).text();
    expect(list).toContain('Your change was saved');
    expect(list).toContain('Make private');
    expect((await getPage(t, `/c/${encodeURIComponent(record.id)}`)).status).toBe(200);

    expectRedirect(await postForm(t, path, { public: 'false' }, me), '/me?saved=1');
    expect((await getPage(t, `/c/${encodeURIComponent(record.id)}`)).status).toBe(404);

    const bad = await postForm(t, path, { public: 'maybe' }, me);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Choose whether the certificate is public or private');
  });
});

describe('profile and password', () => {
  it('changes the password with the current one and ends the other sessions only', async () => {
    const here = await signIn(t, 'participant');
    const elsewhere = await signIn(t, 'participant', here.user);
    const profile = await getPage(t, '/me/profile', here);
    expect(profile.status).toBe(200);
    expect(await profile.text()).toContain(here.user.email);

    const wrong = await postForm(
      t,
      '/me/password',
      { currentPassword: 'not my password', newPassword: NEW_PASSWORD, confirm: NEW_PASSWORD },
      here,
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('current password is incorrect');
    const mismatch = await postForm(
      t,
      '/me/password',
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirm: 'different' },
      here,
    );
    expect(mismatch.status).toBe(400);

    await postForm(t, '/forgot-password', { email: here.user.email });
    const resetToken = new URL(
      linkFromMail(t, here.user.email, '/reset-password'),
      'http://x',
    ).searchParams.get('token')!;

    const changed = await postForm(
      t,
      '/me/password',
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirm: NEW_PASSWORD },
      here,
    );
    expect(changed.status).toBe(200);
    const html = await changed.text();
    expect(html).toContain('Your password was changed');
    expect(html).not.toContain(NEW_PASSWORD);

    expect((await getPage(t, '/me', here)).status).toBe(200);
    expectRedirect(await getPage(t, '/me', elsewhere), '/login?next=%2Fme');
    expect((await postForm(t, '/login', { email: here.user.email, password: TEST_PASSWORD })).status).toBe(
      401,
    );
    expectRedirect(await postForm(t, '/login', { email: here.user.email, password: NEW_PASSWORD }), '/me');
    // A reset link asked for before the change no longer works.
    const stale = await postForm(t, '/reset-password', {
      token: resetToken,
      password: 'yet another password',
      confirm: 'yet another password',
    });
    expect(stale.status).toBe(400);
  });
});

describe('sessions', () => {
  it('lists my sessions and signs out the other devices', async () => {
    const here = await signIn(t, 'participant');
    const elsewhere = await signIn(t, 'participant', here.user);
    const list = await getPage(t, '/me/sessions', here);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('(this device)');
    expect(html.match(/<tr>/g)?.length).toBe(3); // header + two sessions

    expectRedirect(await postForm(t, '/me/sessions/revoke-others', {}, here), '/me/sessions?ended=1');
    expectRedirect(await getPage(t, '/me', elsewhere), '/login?next=%2Fme');
    const after = await getPage(t, '/me/sessions?ended=1', here);
    const afterHtml = await after.text();
    expect(afterHtml).toContain('Signed out 1 other session.');
    expect(afterHtml).toContain('This is your only signed-in device');
  });
});

describe('inboxes', () => {
  it('shows empty messages and notifications', async () => {
    const me = await signIn(t, 'participant');
    expect(await (await getPage(t, '/me/messages', me)).text()).toContain('No conversations yet');
    expect(await (await getPage(t, '/me/notifications', me)).text()).toContain('No notifications yet');
  });
});
