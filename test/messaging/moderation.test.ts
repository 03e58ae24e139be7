/**
 * Moderation and automation on a controlled clock: the rate limit (429, nothing stored);
 * many links or a repeated text held for review, released or deleted by staff; a muted
 * person held every time, a blocked one refused; keyword and office-hours automatic
 * replies, marked as automatic and not counted as a first response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { configureMessaging, OFFICE_TIME } from '../fixtures/messaging.js';
import { SPAM_LIMITS } from '../../src/messaging/spamFilter.js';

let t: TestApp;
let staff: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date(OFFICE_TIME);
  staff = await signIn(t, 'staff');
});
afterAll(async () => {
  await t.close();
});

async function open(
  who: SignedIn,
  subject: string,
  body: string,
): Promise<{ status: number; id: string | undefined; location: string | null }> {
  const res = await post(t, '/me/messages', who, { category: 'other', subject, body });
  const location = res.headers.get('location');
  return { status: res.status, id: location?.split('/').pop()?.split('?')[0], location };
}

describe('the spam filter', () => {
  it('limits how many messages a person sends in a window', async () => {
    const person = await signIn(t, 'participant');
    for (let i = 0; i < SPAM_LIMITS.perWindow; i++)
      expect((await open(person, `Question ${i}`, `Different text number ${i}`)).status).toBe(303);
    const refused = await post(t, '/me/messages', person, {
      category: 'other',
      subject: 'One more',
      body: 'Eleventh',
    });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('please wait a few minutes');
    expect(
      await t.deps.stores.conversations.listConversations({ userId: person.user.id, limit: 50 }),
    ).toHaveLength(SPAM_LIMITS.perWindow);
    t.clock.now = new Date(OFFICE_TIME.getTime() + SPAM_LIMITS.windowMs + 1000);
    expect((await open(person, 'Later', 'After the window')).status).toBe(303);
    t.clock.now = new Date(OFFICE_TIME);
  });

  it('holds link-heavy and repeated messages for review; staff release or delete them', async () => {
    const person = await signIn(t, 'participant');
    const links = await open(
      person,
      'Offers',
      'see http://a.example http://b.example http://c.example www.d.example.com',
    );
    expect(links.location).toContain('?done=held');
    const thread = await (await get(t, `/me/messages/${links.id}`, person)).text();
    expect(thread).toContain('waiting for review (more than 3 links)');
    expect(await (await get(t, `/admin/messages/${links.id}`, staff)).text()).not.toContain(
      'http://a.example',
    );
    expect(await (await get(t, '/admin/messages/review', staff)).text()).toContain('http://a.example');

    const first = await open(person, 'Hello', 'Please call me back about my order');
    expect(first.location).not.toContain('held');
    const again = await post(t, `/me/messages/${first.id}/replies`, person, {
      body: 'please call me back about my ORDER!',
    });
    expect(again.headers.get('location')).toContain('?done=held');

    const held = await t.deps.stores.conversationMessages.listHeldMessages(10);
    expect(held.map((m) => m.held?.reason).sort()).toEqual([
      'more than 3 links',
      'the same text was sent before',
    ]);
    const linkMessage = held.find((m) => m.conversationId === links.id)!;
    expect(
      (await post(t, `/admin/messages/review/held/${linkMessage.id}`, staff, { decision: 'release' })).status,
    ).toBe(303);
    expect(await t.deps.stores.conversations.getConversation(links.id!)).toMatchObject({
      messageCount: 1,
      waitingSince: OFFICE_TIME.toISOString(),
    });
    expect(await (await get(t, `/admin/messages/${links.id}`, staff)).text()).toContain('http://a.example');
    const repeat = held.find((m) => m.conversationId === first.id)!;
    expect(
      (await post(t, `/admin/messages/review/held/${repeat.id}`, staff, { decision: 'delete' })).status,
    ).toBe(303);
    expect(await t.deps.stores.conversationMessages.getMessage(repeat.id)).toBeUndefined();
    expect(
      (await post(t, `/admin/messages/review/held/${repeat.id}`, staff, { decision: 'release' })).status,
    ).toBe(404);
  });

  it('holds everything from a muted person and refuses a blocked one', async () => {
    const person = await signIn(t, 'participant');
    const { id } = await open(person, 'First', 'A normal question');
    expect(
      (
        await post(t, `/admin/messages/blocks/${person.user.id}`, staff, {
          mode: 'muted',
          reason: 'abusive language',
          conversationId: id!,
        })
      ).status,
    ).toBe(303);
    const muted = await post(t, `/me/messages/${id}/replies`, person, { body: 'Another normal question' });
    expect(muted.headers.get('location')).toContain('?done=held');
    await post(t, `/admin/messages/blocks/${person.user.id}`, staff, { mode: 'blocked', reason: 'threats' });
    const blocked = await post(t, `/me/messages/${id}/replies`, person, { body: 'Let me in' });
    expect(blocked.status).toBe(403);
    expect(await blocked.text()).toContain('blocked from sending messages');
    expect(
      (await post(t, `/admin/messages/blocks/${staff.user.id}`, staff, { mode: 'blocked', reason: 'x' }))
        .status,
    ).toBe(400);
    expect(
      (await post(t, `/admin/messages/blocks/${person.user.id}`, staff, { mode: 'blocked', reason: '' }))
        .status,
    ).toBe(400);
    await post(t, `/admin/messages/blocks/${person.user.id}`, staff, { mode: 'none' });
    expect(
      (await post(t, `/me/messages/${id}/replies`, person, { body: 'Back again with something new' })).status,
    ).toBe(303);
  });
});

describe('automatic replies', () => {
  it('answers a matching question and a message outside office hours, marked as automatic', async () => {
    await configureMessaging(t, {
      autoReplies: [
        {
          category: 'certificates',
          keywords: ['lost', 'certificate'],
          body: 'Lost your certificate? Download it again from My certificates.',
        },
      ],
    });
    const person = await signIn(t, 'participant');
    const inHours = await post(t, '/me/messages', person, {
      category: 'certificates',
      subject: 'Lost certificate',
      body: 'I cannot find it',
    });
    const id = inHours.headers.get('location')!.split('/').pop()!;
    const thread = await (await get(t, `/me/messages/${id}`, person)).text();
    expect(thread).toContain('Download it again from My certificates.');
    expect(thread).toContain('automatic reply');
    expect(thread).not.toContain('Our office is open');
    const conversation = await t.deps.stores.conversations.getConversation(id);
    expect(conversation).toMatchObject({
      autoReplyCount: 1,
      messageCount: 2,
      waitingSince: OFFICE_TIME.toISOString(),
    });
    expect(conversation?.firstResponseAt).toBeUndefined();

    t.clock.now = new Date('2026-11-28T21:00:00.000Z'); // Saturday night
    await post(t, `/me/messages/${id}/replies`, person, { body: 'Still waiting' });
    await post(t, `/me/messages/${id}/replies`, person, { body: 'Anyone there at night?' });
    const night = await (await get(t, `/me/messages/${id}`, person)).text();
    expect(night.match(/Our office is open/g)).toHaveLength(1);
    const other = await post(t, '/me/messages', person, {
      category: 'payment',
      subject: 'Refund',
      body: 'Where is my refund',
    });
    const otherThread = await (await get(t, other.headers.get('location')!, person)).text();
    expect(otherThread).toContain('Our office is open');
    expect(otherThread).not.toContain('Download it again');
    t.clock.now = new Date(OFFICE_TIME);
  });
});
