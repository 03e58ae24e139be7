/**
 * Conversations end to end through the pages: a person writes about a payment, routed to
 * the finance team; finance staff see it in their inbox and read it (audit-logged), staff
 * of another team and other people get 404; the reply reaches the person (and an email
 * without the text when they are away); an internal note stays internal; the blind search
 * finds whole words; the conversation is resolved and rated; a message is reported; the
 * person erases their history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { auditAbout, expectLabelled, get, post } from '../http/pages/consoleFixtures.js';
import { configureMessaging, makeTeam, OFFICE_TIME } from '../fixtures/messaging.js';

let t: TestApp;
let person: SignedIn;
let finance: SignedIn;
let support: SignedIn;
let admin: SignedIn;
let conversationId: string;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date(OFFICE_TIME);
  const financeTeam = await makeTeam(t, 'Finance');
  finance = financeTeam.member;
  support = (await makeTeam(t, 'Support')).member;
  await configureMessaging(t, { routes: { payment: financeTeam.team.id } });
  person = await signIn(t, 'participant');
  admin = await signIn(t, 'admin');
});
afterAll(async () => {
  await t.close();
});

const messageIdsOf = async (id: string) =>
  (await t.deps.stores.conversationMessages.listMessages(id, { includeHeld: true })).map((m) => m.id);

describe('a conversation with the team', () => {
  it('is opened by a person and routed to the team of its category', async () => {
    const page = await get(t, '/me/messages', person);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('No conversations yet');
    expectLabelled(html);
    const res = await post(t, '/me/messages', person, {
      category: 'payment',
      subject: 'Invoice INV-77 charged twice',
      body: 'My card was charged twice for the accreditation fee <b>please</b> help.',
    });
    expect(res.status).toBe(303);
    conversationId = res.headers.get('location')!.split('/').pop()!;
    const conversation = await t.deps.stores.conversations.getConversation(conversationId);
    expect(conversation).toMatchObject({
      userId: person.user.id,
      category: 'payment',
      status: 'open',
      waitingSince: OFFICE_TIME.toISOString(),
      messageCount: 1,
      autoReplyCount: 0,
    });
    expect(conversation?.teamId).toBe(finance.user.teamIds[0]);
    const thread = await (await get(t, `/me/messages/${conversationId}`, person)).text();
    expect(thread).toContain('Invoice INV-77 charged twice');
    expect(thread).toContain('&lt;b&gt;please&lt;/b&gt;');
    expect(thread).toContain('data-stream="/me/messages/');
  });

  it("shows in the team inbox, not in another team's; reads are audit-logged", async () => {
    const inbox = await (await get(t, '/admin/messages', finance)).text();
    expect(inbox).toContain('Invoice INV-77 charged twice');
    expect(inbox).toContain('Unread');
    expect(await (await get(t, '/admin/messages', support)).text()).not.toContain('INV-77');
    expect((await get(t, `/admin/messages/${conversationId}`, support)).status).toBe(404);
    expect((await get(t, `/me/messages/${conversationId}`, await signIn(t, 'participant'))).status).toBe(404);
    expect((await get(t, `/admin/messages/${conversationId}`, person)).status).toBe(403);
    const page = await get(t, `/admin/messages/${conversationId}`, finance);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('My card was charged twice');
    expect((await get(t, `/admin/messages/${conversationId}`, admin)).status).toBe(200);
    const reads = (await auditAbout(t, conversationId)).filter((a) => a.action === 'conversation.read');
    expect(reads.map((a) => a.actorId).sort()).toEqual([finance.user.id, admin.user.id].sort());
    expect(JSON.stringify(reads)).not.toContain('charged twice');
  });

  it('finds conversations by whole words without storing them', async () => {
    const found = await (await get(t, '/admin/messages?q=accreditation%20CARD', finance)).text();
    expect(found).toContain('INV-77');
    expect(await (await get(t, '/admin/messages?q=accred', finance)).text()).toContain(
      'No conversations match.',
    );
    expect(await (await get(t, '/admin/messages?q=accreditation%20refund', finance)).text()).toContain(
      'No conversations match.',
    );
    expect((await get(t, '/admin/messages?view=everything', finance)).status).toBe(400);
  });

  it('delivers a staff reply, emails the person when away (without the text), and keeps notes internal', async () => {
    const note = await post(t, `/admin/messages/${conversationId}/notes`, finance, {
      body: 'Checked the gateway: duplicate capture confirmed.',
    });
    expect(note.status).toBe(303);
    const reply = await post(t, `/admin/messages/${conversationId}/replies`, finance, {
      body: 'We refunded the second charge today.',
      status: 'waiting_on_user',
    });
    expect(reply.status).toBe(303);
    const conversation = await t.deps.stores.conversations.getConversation(conversationId);
    expect(conversation).toMatchObject({
      status: 'waiting_on_user',
      lastMessageBy: 'staff',
      assigneeId: finance.user.id,
      firstResponseAt: OFFICE_TIME.toISOString(),
    });
    expect(conversation?.waitingSince).toBeUndefined();
    const thread = await (await get(t, `/me/messages/${conversationId}`, person)).text();
    expect(thread).toContain('We refunded the second charge today.');
    expect(thread).not.toContain('duplicate capture');
    expect(await (await get(t, `/admin/messages/${conversationId}`, finance)).text()).toContain(
      'duplicate capture confirmed',
    );
    const mail = t.mail.lastTo(person.user.email);
    expect(mail?.subject).toMatch(/^New message from /);
    expect(mail?.text).toContain(`/me/messages/${conversationId}`);
    expect(mail?.text).not.toContain('refunded');
  });

  it("reopens on the person's answer, then is resolved and rated once", async () => {
    expect(
      (
        await post(t, `/me/messages/${conversationId}/replies`, person, {
          body: 'Thank you, I see the refund.',
        })
      ).status,
    ).toBe(303);
    expect(await t.deps.stores.conversations.getConversation(conversationId)).toMatchObject({
      status: 'open',
      lastMessageBy: 'user',
    });
    expect((await post(t, `/me/messages/${conversationId}/rating`, person, { score: '5' })).status).toBe(409);
    await post(t, `/admin/messages/${conversationId}/replies`, finance, {
      body: 'Glad to help.',
      status: 'resolved',
    });
    const resolved = await t.deps.stores.conversations.getConversation(conversationId);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: OFFICE_TIME.toISOString() });
    expect((await post(t, `/me/messages/${conversationId}/rating`, person, { score: '9' })).status).toBe(400);
    expect(
      (
        await post(t, `/me/messages/${conversationId}/rating`, person, {
          score: '4',
          comment: 'Quick and kind.',
        })
      ).status,
    ).toBe(303);
    expect((await post(t, `/me/messages/${conversationId}/rating`, person, { score: '5' })).status).toBe(409);
    expect((await t.deps.stores.conversations.getConversation(conversationId))?.rating?.score).toBe(4);
  });

  it('lets staff assign, flag and escalate, and filter the inbox by them', async () => {
    const res = await post(t, `/admin/messages/${conversationId}/state`, finance, {
      assigneeId: finance.user.id,
      teamId: finance.user.teamIds[0]!,
      status: 'open',
      flagged: 'on',
      escalated: 'on',
    });
    expect(res.status).toBe(303);
    expect(await t.deps.stores.conversations.getConversation(conversationId)).toMatchObject({
      flagged: true,
      escalated: true,
      status: 'open',
    });
    expect(await (await get(t, '/admin/messages?view=escalated', finance)).text()).toContain('INV-77');
    expect(await (await get(t, '/admin/messages?view=mine', finance)).text()).toContain('INV-77');
    expect(
      (await post(t, `/admin/messages/${conversationId}/state`, finance, { assigneeId: person.user.id }))
        .status,
    ).toBe(400);
    expect(
      (await post(t, `/admin/messages/${conversationId}/state`, support, { flagged: 'on' })).status,
    ).toBe(404);
  });

  it('takes a report of a team message', async () => {
    const staffMessage = (await t.deps.stores.conversationMessages.listMessages(conversationId)).find(
      (m) => m.authorRole === 'staff' && m.kind === 'message',
    )!;
    const res = await post(t, '/me/messages/reports', person, {
      messageId: staffMessage.id,
      reason: 'Rude tone',
    });
    expect(res.status).toBe(303);
    const note = (await t.deps.stores.conversationMessages.listMessages(conversationId)).find(
      (m) => m.kind === 'note',
    )!;
    expect((await post(t, '/me/messages/reports', person, { messageId: note.id, reason: 'x' })).status).toBe(
      404,
    );
    const review = await (await get(t, '/admin/messages/review', finance)).text();
    expect(review).toContain('Rude tone');
    const [report] = await t.deps.stores.moderation.listReports('open', 10);
    expect(
      (await post(t, `/admin/messages/review/reports/${report!.id}`, finance, { outcome: 'dismissed' }))
        .status,
    ).toBe(303);
    expect(await t.deps.stores.moderation.listReports('open', 10)).toEqual([]);
  });

  it("erases the person's whole history when they ask", async () => {
    const ids = await messageIdsOf(conversationId);
    expect(ids.length).toBeGreaterThan(3);
    expect((await post(t, '/me/messages/erase', person, { confirmation: 'erase' })).status).toBe(400);
    expect((await post(t, '/me/messages/erase', person, { confirmation: 'ERASE' })).status).toBe(303);
    expect(await messageIdsOf(conversationId)).toEqual([]);
    const erased = await t.deps.stores.conversations.getConversation(conversationId);
    expect(erased?.erasedAt).toBeDefined();
    expect(erased?.rating).toBeUndefined();
    expect((await get(t, `/me/messages/${conversationId}`, person)).status).toBe(404);
    expect(await (await get(t, '/admin/messages?q=accreditation', finance)).text()).toContain(
      'No conversations match.',
    );
  });
});
