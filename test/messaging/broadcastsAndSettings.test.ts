/**
 * Messaging set-up and group messages through the console: the settings form (routing,
 * SLA, office hours, keyword replies, response templates, retention) saved with a version
 * (409 when stale) and checked; a response template inserted into a reply; a broadcast to a
 * batch reaching exactly its participants, each with a conversation and a logged notice
 * carrying no text; and the security cases of these pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { expectLabelled, get, noSession, post } from '../http/pages/consoleFixtures.js';
import { makeBatch, makeParticipant } from '../fixtures/programs.js';
import { makeTeam, OFFICE_TIME } from '../fixtures/messaging.js';
import { enrolParticipant } from '../../src/programs/enrolments.js';
import type { TeamRecord } from '../../src/storage/ports.js';

let t: TestApp;
let staff: SignedIn;
let team: TeamRecord;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date(OFFICE_TIME);
  ({ team, member: staff } = await makeTeam(t, 'Certificates desk'));
});
afterAll(async () => {
  await t.close();
});

/** The value of the selected option of the <select> with this id in a page (undefined if none is). */
function selectedIn(html: string, id: string): string | undefined {
  const select = new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  if (select === undefined) throw new Error(`no <select id="${id}"> in the page`);
  return /<option value="([^"]*)" selected=""/.exec(select)?.[1];
}

const settingsForm = (overrides: Record<string, string> = {}) => ({
  baseVersion: '0',
  route_certificates: team.id,
  slaHours: '8',
  retentionDays: '365',
  day_1: 'on',
  day_2: 'on',
  startHour: '6',
  endHour: '15',
  officeMessage: 'We are closed; we answer on Monday.',
  auto_0_id: '',
  auto_0_category: 'certificates',
  auto_0_keywords: 'lost, download',
  auto_0_body: 'Download it again from My certificates.',
  template_0_id: '',
  template_0_name: 'Greeting',
  template_0_body: 'Hello {{userName}}, about #{{conversationNumber}}: {{staffName}} here.',
  ...overrides,
});

describe('messaging settings', () => {
  it('are edited in the console and used', async () => {
    const page = await get(t, '/admin/messages/settings', staff);
    expect(page.status).toBe(200);
    expectLabelled(await page.text());
    const saved = await post(t, '/admin/messages/settings', staff, settingsForm());
    expect(saved.status).toBe(303);
    const settings = await t.deps.stores.messagingSettings.getSettings();
    expect(settings).toMatchObject({
      version: 1,
      slaHours: 8,
      retentionDays: 365,
      routes: { certificates: team.id },
      officeHours: {
        days: [1, 2],
        startHour: 6,
        endHour: 15,
        message: 'We are closed; we answer on Monday.',
      },
      autoReplies: [expect.objectContaining({ category: 'certificates', keywords: ['lost', 'download'] })],
      responseTemplates: [expect.objectContaining({ name: 'Greeting' })],
    });
    const edited = await (await get(t, '/admin/messages/settings', staff)).text();
    expect(selectedIn(edited, 's-route-certificates')).toBe(team.id);
    expect(selectedIn(edited, 's-route-payment')).toBeUndefined();
    expect(selectedIn(edited, 's-auto-0-category')).toBe('certificates');
    const stale = await post(t, '/admin/messages/settings', staff, settingsForm({ slaHours: '12' }));
    expect(stale.status).toBe(409);
    expect(
      (
        await post(
          t,
          '/admin/messages/settings',
          staff,
          settingsForm({ baseVersion: '1', startHour: '16', endHour: '9' }),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await post(
          t,
          '/admin/messages/settings',
          staff,
          settingsForm({ baseVersion: '1', route_payment: 'no-such-team' }),
        )
      ).status,
    ).toBe(400);
    expect(
      (await post(t, '/admin/messages/settings', staff, settingsForm({ baseVersion: '1', slaHours: 'soon' })))
        .status,
    ).toBe(400);
    expect((await t.deps.stores.messagingSettings.getSettings())?.version).toBe(1);

    const person = await signIn(t, 'participant');
    const opened = await post(t, '/me/messages', person, {
      category: 'certificates',
      subject: 'Lost it',
      body: 'I lost my certificate',
    });
    const id = opened.headers.get('location')!.split('/').pop()!;
    expect((await t.deps.stores.conversations.getConversation(id))?.teamId).toBe(team.id);
    const thread = await (await get(t, `/admin/messages/${id}`, staff)).text();
    expect(thread).toContain('Download it again from My certificates.');
    expect(selectedIn(thread, 'c-team')).toBe(team.id);
    expect(selectedIn(thread, 'c-assignee')).toBeUndefined();
    const conversationNow = await t.deps.stores.conversations.getConversation(id);
    expect(selectedIn(thread, 'c-status')).toBe(conversationNow!.status);
    const inbox = await (await get(t, `/admin/messages?category=certificates&team=${team.id}`, staff)).text();
    expect(selectedIn(inbox, 'i-category')).toBe('certificates');
    expect(selectedIn(inbox, 'i-team')).toBe(team.id);
    expect(selectedIn(inbox, 'i-status')).toBeUndefined();
    const template = (await t.deps.stores.messagingSettings.getSettings())!.responseTemplates[0]!;
    const filled = await (await get(t, `/admin/messages/${id}?template=${template.id}`, staff)).text();
    const conversation = await t.deps.stores.conversations.getConversation(id);
    expect(filled).toContain(
      `Hello ${person.user.name}, about #${conversation!.number}: ${staff.user.name} here.</textarea>`,
    );
    expect((await get(t, `/admin/messages/${id}?template=nope`, staff)).status).toBe(404);
  });
});

describe('broadcasts', () => {
  it('reach exactly the segment, each with a conversation and a logged notice without the text', async () => {
    const { batch } = await makeBatch(t);
    const [a, b, outsider] = [await makeParticipant(t), await makeParticipant(t), await makeParticipant(t)];
    await enrolParticipant(t.deps.programs, batch.id, a.id);
    await enrolParticipant(t.deps.programs, batch.id, b.id);
    const page = await get(t, '/admin/messages/broadcasts', staff);
    expect(page.status).toBe(200);
    expectLabelled(await page.text());
    const sent = await post(t, '/admin/messages/broadcasts', staff, {
      batchId: batch.id,
      category: 'other',
      subject: 'Exam moved',
      body: 'The final exam moves to Friday 09:00.',
    });
    expect(sent.status).toBe(303);
    const detail = await (await get(t, sent.headers.get('location')!, staff)).text();
    expect(detail).toContain('2 recipients');
    expect(detail).toContain(a.email);
    expect(detail).toContain(b.email);
    expect(detail).not.toContain(outsider.email);
    for (const person of [a, b]) {
      const [conversation] = await t.deps.stores.conversations.listConversations({
        userId: person.id,
        limit: 5,
      });
      expect(conversation).toMatchObject({
        status: 'waiting_on_user',
        lastMessageBy: 'staff',
        assigneeId: staff.user.id,
      });
      const mail = t.mail.lastTo(person.email);
      expect(mail?.subject).toMatch(/^New message from /);
      expect(mail?.text).not.toContain('Friday 09:00');
    }
    expect(detail.match(/>sent</g)?.length).toBe(4);
    expect(await t.deps.stores.conversations.listConversations({ userId: outsider.id, limit: 5 })).toEqual(
      [],
    );
    expect(
      (await post(t, '/admin/messages/broadcasts', staff, { category: 'other', subject: 'x', body: 'y' }))
        .status,
    ).toBe(400);
    expect(
      (
        await post(t, '/admin/messages/broadcasts', staff, {
          role: 'partner',
          category: 'other',
          subject: 'x',
          body: 'y',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await post(t, '/admin/messages/broadcasts', staff, {
          role: 'admin',
          category: 'other',
          subject: 'x',
          body: 'y',
        })
      ).status,
    ).toBe(400);
  });

  it('and settings are for staff, with a CSRF token, within the body limit', async () => {
    const person = await signIn(t, 'participant');
    for (const path of ['/admin/messages/settings', '/admin/messages/broadcasts']) {
      expect((await get(t, path, noSession())).status).toBe(303);
      expect((await get(t, path, person)).status).toBe(403);
      expect((await post(t, path, person, { subject: 'x' })).status).toBe(403);
      expect((await post(t, path, staff, { subject: 'x' }, { csrf: null })).status).toBe(403);
      expect((await post(t, path, staff, { subject: 'x', body: 'y'.repeat(1024 * 1024 + 10) })).status).toBe(
        413,
      );
    }
    expect((await get(t, '/admin/messages/broadcasts/no-such', staff)).status).toBe(404);
  });
});
