/**
 * Issue 21's messaging items on controlled clocks, worked by hand: response times both
 * ways in the metrics, report and CSV; the supervisor view's queues and weekly figures and
 * the template audit; each staff member's alerts and away message (sent once per
 * conversation and away spell, beside the office-hours reply); the content filter holding
 * a person's message with its reason in the review queue, never a staff message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../fixtures/sessions.js';
import { get, post, expectLabelled } from '../http/pages/consoleFixtures.js';
import { configureMessaging, makeTeam } from '../fixtures/messaging.js';
import { monthlyReport, monthlyReportCsv } from '../../src/messaging/monthlyReport.js';
import { supervisorView } from '../../src/messaging/supervisorView.js';
import { defaultMessagingSettings } from '../../src/messaging/messagingSettings.js';

const HOUR = 3600_000;
const MIN = 60_000;

function clockOf(t: TestApp) {
  return (iso: string) => {
    t.clock.now = new Date(iso);
  };
}

async function open(
  t: TestApp,
  who: SignedIn,
  subject: string,
  body = `About ${subject}`,
  category = 'other',
) {
  const res = await post(t, '/me/messages', who, { category, subject, body });
  expect(res.status).toBe(303);
  return res.headers.get('location')!.split('/').pop()!.split('?')[0]!;
}
// Distinct texts: the spam filter holds a repeat of the person's own recent message.
let replies = 0;
const staffReply = (t: TestApp, who: SignedIn, id: string, body = 'Staff answer', status?: string) =>
  post(t, `/admin/messages/${id}/replies`, who, { body, ...(status ? { status } : {}) });
const userReply = (t: TestApp, who: SignedIn, id: string, body = 'Person answer') =>
  post(t, `/me/messages/${id}/replies`, who, { body: `${body} (${++replies})` });
const actorOf = (s: SignedIn) => ({ id: s.user.id, label: s.user.name, role: s.user.role });

describe('response times both ways', () => {
  let t: TestApp;
  let staff: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    const at = clockOf(t);
    staff = await signIn(t, 'staff');
    const [a, b] = [await signIn(t, 'participant'), await signIn(t, 'participant')];
    at('2026-11-02T09:00:00.000Z');
    const first = await open(t, a, 'First');
    at('2026-11-02T10:00:00.000Z'); // staff: 1 h
    await staffReply(t, staff, first);
    at('2026-11-02T12:00:00.000Z'); // person: 2 h
    await userReply(t, a, first);
    at('2026-11-02T12:30:00.000Z'); // staff: 30 min
    await staffReply(t, staff, first);
    at('2026-11-02T16:30:00.000Z'); // person: 4 h
    await userReply(t, a, first);
    at('2026-11-02T16:40:00.000Z'); // a second message in a row answers nobody
    await userReply(t, a, first, 'And another thing');
    at('2026-11-04T09:00:00.000Z');
    const second = await open(t, b, 'Second');
    at('2026-11-04T09:15:00.000Z'); // staff: 15 min
    await staffReply(t, staff, second);
    at('2026-11-04T10:15:00.000Z'); // person: 1 h
    await userReply(t, b, second);
    at('2026-12-02T09:00:00.000Z');
  });
  afterAll(async () => t.close());

  it('measures how long people take to reply to staff, beside how long staff take', async () => {
    const report = await monthlyReport(t.deps.messaging, actorOf(staff), '2026-11', 'SayPro');
    // People: 2 h, 4 h, 1 h -> median 2 h, average 7/3 h (140 min). Staff: 1 h, 30 min, 15 min.
    expect(report.metrics.userReplies).toEqual({ count: 3, medianMs: 2 * HOUR, averageMs: (7 * HOUR) / 3 });
    expect(report.metrics.responses).toMatchObject({ count: 3, medianMs: 30 * MIN });
    const performance = report.sections.find((s) => s.heading === 'System performance')!;
    expect(performance.paragraphs).toContain(
      'People replying to staff: average 2.3 h, median 2 h over 3 replies.',
    );
    const csv = monthlyReportCsv(report);
    expect(csv).toContain('2026-11,user_reply_median_min,,120.0\r\n');
    expect(csv).toContain('2026-11,user_reply_average_min,,140.0\r\n');
    const page = await (await get(t, '/admin/messages/reports?month=2026-11', staff)).text();
    expect(page).toContain('People replying to staff: average 2.3 h, median 2 h over 3 replies.');
  });
});

describe('the supervisor view and the template audit', () => {
  let t: TestApp;
  let admin: SignedIn;
  let s1: SignedIn;
  let s2: SignedIn;
  let c1: string;
  beforeAll(async () => {
    t = await createTestApp();
    const at = clockOf(t);
    admin = await signIn(t, 'admin');
    s1 = await signIn(t, 'staff', await createUser(t, 'staff', { name: 'Sipho One' }));
    s2 = await signIn(t, 'staff', await createUser(t, 'staff', { name: 'Sara Two' }));
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await signIn(t, 'participant'));
    const [p1, p2, p3, p4, p5] = people as [SignedIn, SignedIn, SignedIn, SignedIn, SignedIn];
    at('2026-11-22T10:00:00.000Z'); // Sunday, the week before
    const c4 = await open(t, p4, 'Old one');
    at('2026-11-22T12:00:00.000Z');
    await staffReply(t, s1, c4);
    at('2026-11-23T09:00:00.000Z'); // Monday
    c1 = await open(t, p1, 'One');
    at('2026-11-23T11:00:00.000Z'); // s1 first: 2 h
    await staffReply(t, s1, c1);
    at('2026-11-24T08:00:00.000Z');
    const c2 = await open(t, p2, 'Two');
    at('2026-11-24T09:00:00.000Z');
    await userReply(t, p1, c1); // c1 waits for s1 since Tuesday 09:00
    at('2026-11-24T10:00:00.000Z');
    const c3 = await open(t, p3, 'Three');
    at('2026-11-24T10:30:00.000Z'); // s2 first: 30 min
    await staffReply(t, s2, c3);
    at('2026-11-24T11:00:00.000Z'); // s1 also answers c3: not a first answer
    await staffReply(t, s1, c3);
    at('2026-11-24T12:00:00.000Z'); // s1 first: 4 h
    await staffReply(t, s1, c2);
    at('2026-11-25T08:00:00.000Z');
    await userReply(t, p4, c4); // c4 waits for s1 since Wednesday 08:00
    at('2026-11-25T09:00:00.000Z');
    const c5 = await open(t, p5, 'Five');
    await post(t, `/admin/messages/${c5}/state`, admin, { assigneeId: s2.user.id, teamId: '' });
    await configureMessaging(t, {
      responseTemplates: [
        ...defaultMessagingSettings().responseTemplates,
        { id: 'plain', name: 'Plain thanks', body: 'Thank you for your message.' },
      ],
    });
    at('2026-11-25T10:00:00.000Z'); // Wednesday
    for (const template of ['received', 'received', 'plain'])
      expect((await get(t, `/admin/messages/${c1}?template=${template}`, s1)).status).toBe(200);
  });
  afterAll(async () => t.close());

  it("shows each staff member's live queue and this week's figures", async () => {
    const view = await supervisorView(t.deps.messaging, actorOf(admin));
    expect(view.weekStart).toBe('2026-11-23T00:00:00.000Z');
    const row = (s: SignedIn) => view.staff.find((r) => r.staff.id === s.user.id);
    expect(row(s1)).toEqual({
      staff: { id: s1.user.id, name: 'Sipho One', role: 'staff' },
      open: 3,
      waitingForStaff: 2,
      oldestWaitingSince: '2026-11-24T09:00:00.000Z',
      repliesThisWeek: 3,
      firstResponsesThisWeek: 2,
      medianFirstResponseMs: 3 * HOUR,
    });
    expect(row(s2)).toEqual({
      staff: { id: s2.user.id, name: 'Sara Two', role: 'staff' },
      open: 2,
      waitingForStaff: 1,
      oldestWaitingSince: '2026-11-25T09:00:00.000Z',
      repliesThisWeek: 1,
      firstResponsesThisWeek: 1,
      medianFirstResponseMs: 30 * MIN,
    });
    expect(row(admin)).toMatchObject({
      open: 0,
      waitingForStaff: 0,
      repliesThisWeek: 0,
      firstResponsesThisWeek: 0,
    });
  });

  it('lists templates without placeholders and counts every insertion', async () => {
    const view = await supervisorView(t.deps.messaging, actorOf(admin));
    expect(view.templates.map((r) => [r.template.id, r.placeholders.length > 0, r.uses])).toEqual([
      ['received', true, 2],
      ['resolved', true, 0],
      ['plain', false, 1],
    ]);
    expect(view.templates[0]!.placeholders).toEqual([
      'userName',
      'conversationNumber',
      'replyBy',
      'staffName',
    ]);
    expect(view.templates[0]!.lastUsedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('is a page for admins only', async () => {
    const page = await get(t, '/admin/messages/supervisor', admin);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sipho One (staff)');
    expect(html).toContain('Without placeholders (the same text for everyone): Plain thanks.');
    expectLabelled(html);
    expect((await get(t, '/admin/messages/supervisor', s1)).status).toBe(403);
    await expect(supervisorView(t.deps.messaging, actorOf(s1))).rejects.toMatchObject({ status: 403 });
  });
});

describe('staff preferences: alerts and the away message', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const autos = async (id: string) =>
    (await t.deps.stores.conversationMessages.listMessages(id))
      .filter((m) => m.kind === 'auto')
      .map((m) => t.deps.messaging.crypto.open(m.body, `message:${m.id}`));

  it('sends the away message once per conversation while it is on, beside the office-hours reply', async () => {
    const at = clockOf(t);
    const staff = await signIn(t, 'staff');
    const person = await signIn(t, 'participant');
    at('2026-11-23T09:00:00.000Z');
    const saved = await post(t, '/admin/messages/preferences', staff, {
      alert_assigned_reply: 'on',
      awayBody: 'Thandi is away until Friday; the team will answer.',
      awayFrom: '2026-11-24',
      awayUntil: '2026-11-26',
    });
    expect(saved.status).toBe(303);
    const prefs = await t.deps.stores.messagingPreferences.getPreferences(staff.user.id);
    expect(prefs?.away).toMatchObject({
      from: '2026-11-24T00:00:00.000Z',
      until: '2026-11-27T00:00:00.000Z',
    });
    const id = await open(t, person, 'Away test');
    await staffReply(t, staff, id); // assigned to the staff member
    at('2026-11-23T10:00:00.000Z'); // before the away spell: nothing
    await userReply(t, person, id);
    expect(await autos(id)).toEqual([]);
    at('2026-11-25T10:00:00.000Z'); // in office hours, away
    await userReply(t, person, id);
    await userReply(t, person, id, 'Hello again');
    expect(await autos(id)).toEqual(['Thandi is away until Friday; the team will answer.']);
    // Out of hours, 13 h later (any automatic reply quiets the office-hours one for 12 h, as
    // before): the office-hours reply still comes, the away one not again.
    at('2026-11-25T23:00:00.000Z');
    await userReply(t, person, id, 'Evening');
    expect((await autos(id)).length).toBe(2);
    expect((await autos(id))[1]).toBe(defaultMessagingSettings().officeHours.message);
    expect((await t.deps.stores.conversations.getConversation(id))?.autoReplyCount).toBe(2);
    // Saving the same away message again keeps its spell; a changed one answers again, once.
    at('2026-11-26T09:00:00.000Z');
    await post(t, '/admin/messages/preferences', staff, {
      alert_assigned_reply: 'on',
      awayBody: 'Thandi is away until Friday; the team will answer.',
      awayFrom: '2026-11-24',
      awayUntil: '2026-11-26',
    });
    await userReply(t, person, id, 'Still there?');
    expect((await autos(id)).length).toBe(2);
    await post(t, '/admin/messages/preferences', staff, { awayBody: 'Back on Monday.' });
    await userReply(t, person, id, 'Now?');
    await userReply(t, person, id, 'Now now?');
    expect((await autos(id)).slice(2)).toEqual(['Back on Monday.']);
    at('2026-11-28T09:00:00.000Z');
    await post(t, '/admin/messages/preferences', staff, { awayBody: 'Past', awayUntil: '2026-11-27' });
    const later = await open(t, person, 'After the spell');
    await staffReply(t, staff, later);
    await userReply(t, person, later);
    expect(await autos(later)).not.toContain('Past');
  });

  it('sends the alerts each staff member chose', async () => {
    const at = clockOf(t);
    at('2026-11-25T10:00:00.000Z');
    const { team, member } = await makeTeam(t, 'Certificates desk');
    const { member: other } = await makeTeam(t, 'Finance desk');
    await configureMessaging(t, { routes: { certificates: team.id } });
    for (const who of [member, other])
      expect(
        (await post(t, '/admin/messages/preferences', who, { alert_new_conversation: 'on' })).status,
      ).toBe(303);
    const person = await signIn(t, 'participant');
    const id = await open(t, person, 'My certificate', 'Where is it?', 'certificates');
    const outbox = t.deps.stores.outbox;
    const alert = await outbox.getByDedupeKey(`conversation_new_in_team:${id}:${member.user.id}`);
    expect(alert).toMatchObject({ trigger: 'conversation_new_in_team', to: member.user.email });
    expect(alert?.text).not.toContain('Where is it?');
    expect(await outbox.getByDedupeKey(`conversation_new_in_team:${id}:${other.user.id}`)).toBeUndefined();
    // The member did not keep the reply-on-assigned alert: no email when the person writes again.
    await staffReply(t, member, id);
    await userReply(t, person, id);
    const waiting = (await t.deps.stores.conversations.getConversation(id))!.waitingSince;
    expect(await outbox.getByDedupeKey(`conversation_waiting:${id}:${waiting}`)).toBeUndefined();
    // Someone who never saved preferences keeps the alert staff always had.
    const plain = await signIn(t, 'staff', await createUser(t, 'staff', { teamIds: [team.id] }));
    await post(t, `/admin/messages/${id}/state`, plain, { assigneeId: plain.user.id, teamId: team.id });
    await staffReply(t, plain, id);
    await userReply(t, person, id, 'One more');
    const waitingAgain = (await t.deps.stores.conversations.getConversation(id))!.waitingSince;
    expect(await outbox.getByDedupeKey(`conversation_waiting:${id}:${waitingAgain}`)).toMatchObject({
      to: plain.user.email,
    });
    // The backlog alert is the monitoring one, for admins (test/monitoring/alerts.test.ts):
    // staff who are not admins can neither choose it nor keep it from an old record.
    expect(
      (await post(t, '/admin/messages/preferences', member, { alert_monitoring_backlog: 'on' })).status,
    ).toBe(303);
    expect((await t.deps.stores.messagingPreferences.getPreferences(member.user.id))?.alerts).toEqual([]);
    await t.deps.stores.messagingPreferences.putPreferences({
      staffId: other.user.id,
      alerts: ['new_conversation', 'sla_backlog' as never],
      updatedAt: '2026-11-20T10:00:00.000Z',
    });
    const page = await (await get(t, '/admin/messages/preferences', other)).text();
    expect(page).toMatch(/id="p-alert-new_conversation"[^>]*checked/);
    expect(page).not.toContain('p-alert-monitoring_backlog');
    expect(page).not.toContain('Once a day');
  });

  it('offers admins the backlog alert, on until they turn it off, and reads an old daily choice as it', async () => {
    const admin = await signIn(t, 'admin');
    const fresh = await (await get(t, '/admin/messages/preferences', admin)).text();
    expect(fresh).toMatch(/id="p-alert-monitoring_backlog"[^>]*checked/);
    expect(fresh).toContain('The messaging backlog past the reply target reaches its alert threshold');
    expectLabelled(fresh);
    await post(t, '/admin/messages/preferences', admin, { alert_assigned_reply: 'on' });
    expect(await (await get(t, '/admin/messages/preferences', admin)).text()).not.toMatch(
      /id="p-alert-monitoring_backlog"[^>]*checked/,
    );
    // A record saved when the daily alert existed ('sla_backlog') now means the monitoring alert.
    await t.deps.stores.messagingPreferences.putPreferences({
      staffId: admin.user.id,
      alerts: ['sla_backlog' as never],
      updatedAt: '2026-11-20T10:00:00.000Z',
    });
    expect(await (await get(t, '/admin/messages/preferences', admin)).text()).toMatch(
      /id="p-alert-monitoring_backlog"[^>]*checked/,
    );
  });

  it('shows the preferences form, labelled, and refuses a bad date', async () => {
    const staff = await signIn(t, 'staff');
    const page = await get(t, '/admin/messages/preferences', staff);
    const html = await page.text();
    expect(html).toContain('Someone writes in a conversation assigned to me');
    expect(html).toMatch(/id="p-alert-assigned_reply"[^>]*checked/);
    expectLabelled(html);
    const bad = await post(t, '/admin/messages/preferences', staff, {
      awayBody: 'x',
      awayFrom: '25/11/2026',
    });
    expect(bad.status).toBe(400);
    const backwards = await post(t, '/admin/messages/preferences', staff, {
      awayBody: 'x',
      awayFrom: '2026-11-26',
      awayUntil: '2026-11-24',
    });
    expect(backwards.status).toBe(400);
  });
});

describe('the content filter', () => {
  let t: TestApp;
  let staff: SignedIn;
  let person: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.now = new Date('2026-11-25T10:00:00.000Z');
    staff = await signIn(t, 'staff');
    person = await signIn(t, 'participant');
  });
  afterAll(async () => t.close());

  it('is edited beside the spam rules and holds matching messages with the reason', async () => {
    const page = await (await get(t, '/admin/messages/filter', staff)).text();
    expect(page).toContain('Spam rules');
    expectLabelled(page);
    const saved = await post(t, '/admin/messages/filter', staff, {
      baseVersion: '0',
      keywords: 'Wire the FEE\n\ngift cards',
      domains: 'https://www.scam.example/login\nbad.test',
    });
    expect(saved.status).toBe(303);
    expect(await t.deps.stores.messagingPreferences.getContentFilter()).toMatchObject({
      keywords: ['wire the fee', 'gift cards'],
      domains: ['scam.example', 'bad.test'],
      version: 1,
    });
    const stale = await post(t, '/admin/messages/filter', staff, {
      baseVersion: '0',
      keywords: 'x y',
      domains: '',
    });
    expect(stale.status).toBe(409);
    const bad = await post(t, '/admin/messages/filter', staff, {
      baseVersion: '1',
      keywords: '',
      domains: 'not a domain',
    });
    expect(bad.status).toBe(400);

    const id = await open(t, person, 'Payment', 'Please wire the fee today.');
    const bySubject = await open(t, person, 'Cheap GIFT cards', 'Interested?');
    const clean = await open(t, person, 'Fine', 'Where is my certificate? See example.org');
    await staffReply(t, staff, clean, 'Buy gift cards at bad.test? No, never do that.');
    await userReply(t, person, clean, 'They said login.scam.example/pay is yours');
    const held = await t.deps.stores.conversationMessages.listHeldMessages(10);
    expect(held.map((m) => [m.conversationId, m.held?.reason])).toEqual([
      [id, 'content filter: wire the fee'],
      [bySubject, 'content filter: gift cards'],
      [clean, 'content filter: scam.example'],
    ]);
    const staffMessages = (await t.deps.stores.conversationMessages.listMessages(clean)).filter(
      (m) => m.authorRole === 'staff',
    );
    expect(staffMessages).toHaveLength(1);
    const review = await (await get(t, '/admin/messages/review', staff)).text();
    expect(review).toContain('content filter: wire the fee');
    expect(review).toContain('content filter: scam.example');
    expect(await t.deps.stores.conversations.getConversation(id)).toMatchObject({ messageCount: 0 });
  });
});
