/**
 * The routes of marketing consent (issue 21): the unsubscribe link of marketing messages
 * (GET only asks; POST, also as RFC 8058 one-click, withdraws; a tampered tag, another
 * person's id or a replay records nothing), the /me page where people grant and withdraw
 * against the text version and set their location, the staff location page, the public
 * consent text, and a marketing email as it reaches an SMTP server with its link and
 * List-Unsubscribe headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { startTestSmtpServer, type TestSmtpServer } from '../fixtures/smtpServer.js';
import { createUser, signIn } from '../fixtures/sessions.js';
import { get, noSession, post } from './pages/consoleFixtures.js';
import {
  marketingConsentText,
  marketingDeps,
  marketingUnsubscribeUrl,
  setMyLocation,
  setMyMarketingConsent,
} from '../../src/accounts/marketingConsent.js';
import type { UserRecord } from '../../src/storage/ports.js';
import { makeTeam, OFFICE_TIME } from '../fixtures/messaging.js';
import { urlForLog } from '../../src/logging/redact.js';

let t: TestApp;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({
    mailer: 'configured',
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'SayPro <no-reply@saypro.example>' },
  });
  t.clock.now = new Date(OFFICE_TIME);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function consenting(): Promise<UserRecord> {
  const user = await createUser(t, 'participant');
  const deps = marketingDeps(t.deps);
  await setMyMarketingConsent(deps, user, {
    granted: true,
    textVersion: (await marketingConsentText(deps)).textVersion,
  });
  return user;
}

const pathOf = (user: UserRecord) =>
  marketingUnsubscribeUrl(t.deps.notifications.links!, user.id).slice(t.deps.config.publicUrl.length);
const marketingHistory = async (user: UserRecord) =>
  (await t.deps.stores.consents.listForUser(user.id))
    .filter((r) => r.kind === 'marketing')
    .map((r) => r.granted);
const oneClick = (path: string) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });

describe('the marketing unsubscribe link', () => {
  it('asks on GET and withdraws on POST, without signing in; a replay records nothing more', async () => {
    const user = await consenting();
    const path = pathOf(user);
    const asked = await get(t, path, noSession());
    expect(asked.status).toBe(200);
    expect(asked.headers.get('cache-control')).toBe('no-store');
    const page = await asked.text();
    expect(page).toContain('Unsubscribe from news and offers');
    expect(page).not.toContain(user.email);
    expect(await marketingHistory(user)).toEqual([true]);
    const done = await oneClick(path);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('will get no more news and offers');
    expect(await marketingHistory(user)).toEqual([true, false]);
    // Replayed (the mail client and the person both clicking): still 200, nothing new.
    expect((await oneClick(path)).status).toBe(200);
    expect(await marketingHistory(user)).toEqual([true, false]);
  });

  it('refuses a tampered tag and another person’s id: 404, nothing recorded', async () => {
    const user = await consenting();
    const other = await consenting();
    const path = pathOf(user);
    const tag = path.split('/').pop()!;
    const tampered = `${path.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`;
    expect((await oneClick(tampered)).status).toBe(404);
    expect((await get(t, tampered, noSession())).status).toBe(404);
    const forOther = `/marketing/unsubscribe/${other.id}/${tag}`;
    expect((await oneClick(forOther)).status).toBe(404);
    expect((await oneClick(`/marketing/unsubscribe/no-such-user/${tag}`)).status).toBe(404);
    // The reminders link's tag is no marketing tag either.
    const reminders = (await import('../../src/notifications/mailLinks.js')).unsubscribeUrl(
      t.deps.notifications.links!,
      user.id,
    );
    expect((await oneClick(`/marketing/unsubscribe/${user.id}/${reminders.split('/').pop()}`)).status).toBe(
      404,
    );
    expect(await marketingHistory(user)).toEqual([true]);
    expect(await marketingHistory(other)).toEqual([true]);
  });
});

describe('/me/marketing', () => {
  it('shows the text; grants and withdraws against its version; a stale version is a 409', async () => {
    const me = await signIn(t, 'participant');
    const page = await get(t, '/me/marketing', me);
    expect(page.status).toBe(200);
    const html = await page.text();
    const { textVersion } = await marketingConsentText(marketingDeps(t.deps));
    expect(html).toContain(`value="${textVersion}"`);
    expect(html).toContain('Yes, send me news and offers');
    const granted = await post(t, '/me/marketing/consent', me, { choice: 'grant', textVersion });
    expect(granted.status).toBe(303);
    expect(await marketingHistory(me.user)).toEqual([true]);
    const after = await (await get(t, '/me/marketing?saved=grant', me)).text();
    expect(after).toContain('You agreed to news and offers');
    expect(after).toContain('Stop news and offers');
    const withdrawn = await post(t, '/me/marketing/consent', me, { choice: 'withdraw', textVersion });
    expect(withdrawn.status).toBe(303);
    expect(await marketingHistory(me.user)).toEqual([true, false]);
    const stale = await post(t, '/me/marketing/consent', me, { choice: 'grant', textVersion: 'v99' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('changed since you opened the page');
    expect((await post(t, '/me/marketing/consent', me, { choice: 'maybe', textVersion })).status).toBe(400);
    expect(await marketingHistory(me.user)).toEqual([true, false]);
  });

  it('sets, refuses and clears the person’s own location', async () => {
    const me = await signIn(t, 'participant');
    expect(
      (await post(t, '/me/marketing/location', me, { country: 'za', region: 'Gauteng', city: 'Soweto' }))
        .status,
    ).toBe(303);
    expect(await t.deps.stores.userLocations.getLocation(me.user.id)).toMatchObject({
      country: 'ZA',
      city: 'Soweto',
    });
    expect(await (await get(t, '/me/marketing', me)).text()).toContain('Now: South Africa');
    const bad = await post(t, '/me/marketing/location', me, { country: 'Narnia' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('value="Narnia"');
    expect((await post(t, '/me/marketing/location', me, { country: '', region: '', city: '' })).status).toBe(
      303,
    );
    expect(await t.deps.stores.userLocations.getLocation(me.user.id)).toBeUndefined();
  });
});

describe('the staff location page', () => {
  it('lets staff set a person’s location; unknown people are 404', async () => {
    const staff = await signIn(t, 'staff');
    const person = await createUser(t, 'participant');
    await setMyLocation(marketingDeps(t.deps), person, { country: 'NG' });
    const page = await get(t, `/admin/users/${person.id}/location`, staff);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Now: Nigeria');
    const saved = await post(t, `/admin/users/${person.id}/location`, staff, {
      country: 'NG',
      region: 'Lagos',
    });
    expect(saved.status).toBe(303);
    expect(await t.deps.stores.userLocations.getLocation(person.id)).toMatchObject({
      country: 'NG',
      region: 'Lagos',
    });
    expect((await get(t, '/admin/users/no-such-user/location', staff)).status).toBe(404);
    expect((await post(t, '/admin/users/no-such-user/location', staff, { country: 'NG' })).status).toBe(404);
    expect((await post(t, `/admin/users/${person.id}/location`, staff, { country: 'QQ' })).status).toBe(400);
  });
});

describe('a marketing email over SMTP', () => {
  it('carries the unsubscribe link and the RFC 8058 List-Unsubscribe headers', async () => {
    const { member: staff } = await makeTeam(t, 'Outreach');
    const user = await consenting();
    await setMyLocation(marketingDeps(t.deps), user, { country: 'BW' });
    const sent = await post(t, '/admin/messages/broadcasts', staff, {
      kind: 'marketing',
      country: 'BW',
      category: 'other',
      subject: 'Open day in Gaborone',
      body: 'Come to our open day.',
    });
    expect(sent.status).toBe(303);
    const mail = await smtp.waitForMessage((m) => m.to.includes(user.email));
    const url = marketingUnsubscribeUrl(t.deps.notifications.links!, user.id);
    expect(mail.subject).toBe('Open day in Gaborone');
    expect(mail.text).toContain(url);
    expect(mail.headers['list-unsubscribe']).toBe(`<${url}>`);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const [stored] = await t.deps.stores.outbox.search({ userId: user.id, channel: 'email', limit: 5 });
    expect(stored).toMatchObject({ trigger: 'marketing_message', status: 'sent' });
    expect(stored?.headers?.['List-Unsubscribe']).toBe(`<${url}>`);
    // The link in the email works as it is.
    expect((await oneClick(url.slice(t.deps.config.publicUrl.length))).status).toBe(200);
    expect(await marketingHistory(user)).toEqual([true, false]);
  });
});

describe('the request log', () => {
  it('never holds the tag of an unsubscribe link', () => {
    expect(urlForLog('http://x.example/marketing/unsubscribe/user-1/SECRET')).toBe(
      '/marketing/unsubscribe/user-1/[redacted]',
    );
  });
});

describe('the consent text', () => {
  it('is a public page', async () => {
    const res = await get(t, '/marketing-consent', noSession());
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('News and offers: what you agree to');
  });
});
