/**
 * Marketing broadcasts (issue 21): a marketing broadcast from the console reaches only the
 * segment's people whose marketing consent is in force (never those who never agreed or
 * withdrew), each email and portal notice carrying the signed unsubscribe link and the
 * email the RFC 8058 List-Unsubscribe headers; a location (country, region) narrows any
 * segment; service broadcasts stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { makeTeam, OFFICE_TIME } from '../fixtures/messaging.js';
import {
  marketingConsentText,
  marketingDeps,
  marketingUnsubscribeUrl,
  setMyLocation,
  setMyMarketingConsent,
} from '../../src/accounts/marketingConsent.js';
import { broadcastRecipients } from '../../src/messaging/broadcasts.js';
import { sealContext } from '../../src/messaging/conversationRecords.js';
import type { UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let staff: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date(OFFICE_TIME);
  ({ member: staff } = await makeTeam(t, 'Outreach'));
});
afterAll(async () => {
  await t.close();
});

/** A reviewer (no other reviewers exist in this app, so the role segment is exactly these people). */
async function person(
  options: { consent?: 'granted' | 'withdrawn'; country?: string; region?: string } = {},
) {
  const user = await createUser(t, 'reviewer');
  const deps = marketingDeps(t.deps);
  const { textVersion } = await marketingConsentText(deps);
  if (options.consent) await setMyMarketingConsent(deps, user, { granted: true, textVersion });
  if (options.consent === 'withdrawn')
    await setMyMarketingConsent(deps, user, { granted: false, textVersion });
  if (options.country) await setMyLocation(deps, user, { country: options.country, region: options.region });
  return user;
}

const ids = (people: UserRecord[]) => people.map((p) => p.id).sort();

describe('marketing broadcasts', () => {
  it('go only to people whose consent is granted, combined with location and role', async () => {
    const inGauteng = await person({ consent: 'granted', country: 'ZA', region: 'Gauteng' });
    const inCape = await person({ consent: 'granted', country: 'ZA', region: 'Western Cape' });
    const noConsent = await person({ country: 'ZA', region: 'Gauteng' });
    const withdrew = await person({ consent: 'withdrawn', country: 'ZA', region: 'Gauteng' });
    const abroad = await person({ consent: 'granted', country: 'NG' });
    const unlocated = await person({ consent: 'granted' });
    const m = t.deps.messaging;

    const everyone = await broadcastRecipients(m, { role: 'reviewer' }, 'marketing');
    expect(ids(everyone.recipients)).toEqual(ids([inGauteng, inCape, abroad, unlocated]));
    expect(everyone.withoutConsent).toBe(2);
    // Service messages go to the whole segment, consent or not.
    expect((await broadcastRecipients(m, { role: 'reviewer' }, 'service')).recipients).toHaveLength(6);

    const za = await broadcastRecipients(m, { role: 'reviewer', country: 'ZA' }, 'marketing');
    expect(ids(za.recipients)).toEqual(ids([inGauteng, inCape]));
    const gauteng = await broadcastRecipients(m, { country: 'ZA', region: 'gauteng' }, 'marketing');
    expect(ids(gauteng.recipients)).toEqual([inGauteng.id]);
    expect(gauteng.withoutConsent).toBe(2);
    const serviceGauteng = await broadcastRecipients(
      m,
      { role: 'reviewer', country: 'ZA', region: 'Gauteng' },
      'service',
    );
    expect(ids(serviceGauteng.recipients)).toEqual(ids([inGauteng, noConsent, withdrew]));
    await expect(broadcastRecipients(m, { region: 'Gauteng' }, 'marketing')).rejects.toMatchObject({
      status: 400,
    });
    await expect(broadcastRecipients(m, { country: 'XX' }, 'marketing')).rejects.toMatchObject({
      status: 400,
    });
  });

  it('sent from the console carry the unsubscribe link in the email, its headers and the portal', async () => {
    const yes = await person({ consent: 'granted', country: 'KE', region: 'Nairobi' });
    const no = await person({ country: 'KE', region: 'Nairobi' });
    const page = await (await get(t, '/admin/messages/broadcasts', staff)).text();
    expect(page).toContain('id="b-kind"');
    expect(page).toContain('id="b-country"');
    const sent = await post(t, '/admin/messages/broadcasts', staff, {
      kind: 'marketing',
      country: 'ke',
      region: 'Nairobi',
      category: 'other',
      subject: 'New course: Data Analysis',
      body: 'Enrolment for Data Analysis opens on Monday.',
    });
    expect(sent.status).toBe(303);
    const detail = await (await get(t, sent.headers.get('location')!, staff)).text();
    expect(detail).toContain('1 recipient');
    expect(detail).toContain('1 person in the segment without consent left out');
    expect(detail).toContain(yes.email);
    expect(detail).not.toContain(no.email);
    expect(t.mail.lastTo(no.email)).toBeUndefined();

    const url = marketingUnsubscribeUrl(t.deps.notifications.links!, yes.id);
    const mail = t.mail.lastTo(yes.email)!;
    expect(mail.subject).toBe('New course: Data Analysis');
    expect(mail.text).toContain(url);
    expect(mail.headers?.['List-Unsubscribe']).toBe(`<${url}>`);
    expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    // In the portal: the notice and the conversation's message both carry it.
    const [inApp] = await t.deps.stores.outbox.search({ userId: yes.id, channel: 'in_app', limit: 5 });
    expect(inApp).toMatchObject({ trigger: 'marketing_message', status: 'sent' });
    expect(inApp?.text).toContain(url);
    const [conversation] = await t.deps.stores.conversations.listConversations({ userId: yes.id, limit: 5 });
    const [message] = await t.deps.stores.conversationMessages.listMessages(conversation!.id, {});
    const text = t.deps.messaging.crypto.open(message!.body, sealContext.message(message!.id));
    expect(text).toContain('Enrolment for Data Analysis opens on Monday.');
    expect(text).toContain(url);
    const thread = await (
      await get(t, `/me/messages/${conversation!.id}`, await signIn(t, 'reviewer', yes))
    ).text();
    expect(thread).toContain(url);

    const [record] = await t.deps.stores.broadcasts.listBroadcasts(1);
    expect(record).toMatchObject({
      kind: 'marketing',
      withoutConsent: 1,
      segment: { country: 'KE', region: 'Nairobi' },
    });
  });

  it('refuse a marketing send nobody agreed to, and an unknown kind', async () => {
    await person({ country: 'GH' });
    const none = await post(t, '/admin/messages/broadcasts', staff, {
      kind: 'marketing',
      country: 'GH',
      category: 'other',
      subject: 'x',
      body: 'y',
    });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('agreed to news and offers');
    const odd = await post(t, '/admin/messages/broadcasts', staff, {
      kind: 'spam',
      country: 'GH',
      category: 'other',
      subject: 'x',
      body: 'y',
    });
    expect(odd.status).toBe(400);
  });
});
