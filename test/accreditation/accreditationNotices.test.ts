/**
 * The accreditation notices the platform sends itself, read from the outbox and the mail
 * sent, on a controlled clock: the welcome when an application starts; the receipt of each
 * upload with its "feedback by" date (the type's review service level); the "waits for
 * review" alert to the accreditation team while nobody is assigned, then to the assignee
 * only; approval (with the reviewer's comment) and stage completion told to the partner;
 * the overdue-review sweep alerting once per submission (and recording it); and the
 * inactivity prompt at most once per period, only while the partner has something to do.
 * Then the pages: the type form's service level and "feedback expected by" on both sides.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeAccreditationType, makePartner, PDF, STAFF_ACTOR } from '../fixtures/accreditation.js';
import { createUser, signIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import {
  assignStaff,
  confirmAction,
  startApplication,
  submitDocument,
} from '../../src/accreditation/applications.js';
import { reviewItem } from '../../src/accreditation/applicationReview.js';
import {
  sendInactivityPrompts,
  sendReviewOverdueAlerts,
} from '../../src/accreditation/accreditationNotices.js';
import { saveAccreditationType } from '../../src/accreditation/accreditationTypes.js';
import type { UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let team: UserRecord;
let otherStaff: UserRecord;

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const subjectsTo = (email: string) => t.mail.sent.filter((m) => m.to === email).map((m) => m.subject);

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = at('2026-03-02T09:00:00.000Z');
  // The accreditation team: staff in a team named so; other staff are not alerted.
  const teamRecord = { id: randomUUID(), name: 'Accreditation office', createdAt: t.clock.now.toISOString() };
  await t.deps.stores.directory.createTeam(teamRecord);
  team = await createUser(t, 'staff', { name: 'Team Member', teamIds: [teamRecord.id] });
  otherStaff = await createUser(t, 'staff', { name: 'Other Staff' });
});
afterAll(async () => {
  await t.close();
});

describe('accreditation notices', () => {
  it('welcome, receipts, review alerts, approvals and stage completion go out through the outbox', async () => {
    const type = await makeAccreditationType(t);
    const { member, organisation } = await makePartner(t, 'Notice Partner');
    const partner = actorOf(member.user);
    const app = await startApplication(t.deps.accreditation, partner, { typeId: type.id });

    const welcome = await t.deps.stores.outbox.getByDedupeKey(
      `accreditation_application_started:${app.id}:${member.user.id}`,
    );
    expect(welcome).toMatchObject({ trigger: 'accreditation_application_started', status: 'sent' });
    expect(t.mail.lastTo(member.user.email)?.subject).toBe('Your application has started: Training provider');
    expect(t.mail.lastTo(member.user.email)?.text).toContain(
      'It has 3 items to complete, stage by stage (Document submission, Compliance review)',
    );

    // Unassigned: the receipt to the partner, the alert to the accreditation team only.
    t.clock.now = at('2026-03-03T10:00:00.000Z');
    await submitDocument(t.deps.accreditation, partner, app.id, 'tax-clearance', {
      name: 'tax.pdf',
      bytes: PDF(),
    });
    const receipt = t.mail.lastTo(member.user.email);
    expect(receipt?.subject).toBe('Received: Tax clearance');
    expect(receipt?.text).toContain('(tax.pdf, version 1)');
    expect(receipt?.text).toContain('expect their feedback by 2026-03-08');
    const alert = t.mail.lastTo(team.email);
    expect(alert?.subject).toBe(`Waiting for review: Tax clearance (${organisation.name})`);
    expect(alert?.text).toContain(`/admin/accreditation/${app.id}`);
    expect(subjectsTo(otherStaff.email)).toEqual([]);

    // Assigned: the assignee alone hears of the next submission.
    const officer = await createUser(t, 'staff', { name: 'Assigned Officer' });
    await assignStaff(t.deps.accreditation, STAFF_ACTOR, app.id, officer.id);
    const teamMailsBefore = subjectsTo(team.email).length;
    await submitDocument(t.deps.accreditation, partner, app.id, 'insurance-certificate', {
      name: 'ins.pdf',
      bytes: PDF('insurance'),
    });
    expect(t.mail.lastTo(officer.email)?.subject).toBe(
      `Waiting for review: Insurance certificate (${organisation.name})`,
    );
    expect(subjectsTo(team.email)).toHaveLength(teamMailsBefore);

    // Approved with a comment; the second approval completes the stage.
    await reviewItem(
      t.deps.accreditation,
      STAFF_ACTOR,
      app.id,
      'tax-clearance',
      'approved',
      'Current and signed.',
    );
    const approved = t.mail.lastTo(member.user.email);
    expect(approved?.subject).toBe('Approved: Tax clearance');
    expect(approved?.text).toContain('The reviewer wrote: Current and signed.');
    await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, 'insurance-certificate', 'approved');
    const stage = t.mail.lastTo(member.user.email);
    expect(stage?.subject).toBe('Stage complete: Document submission');
    expect(stage?.text).toContain('Next: Compliance review.');
    expect(subjectsTo(member.user.email)).toEqual([
      'Your application has started: Training provider',
      'Received: Tax clearance',
      'Received: Insurance certificate',
      'Approved: Tax clearance',
      'Approved: Insurance certificate',
      'Stage complete: Document submission',
    ]);

    // Sent back: the partner gets the reviewer's guidance (the "inquiry" notice), not an approval.
    await confirmAction(t.deps.accreditation, partner, app.id, 'site-visit', 'Visit held on 4 March');
    await reviewItem(
      t.deps.accreditation,
      STAFF_ACTOR,
      app.id,
      'site-visit',
      'rejected',
      'Attach the register.',
    );
    const back = t.mail.lastTo(member.user.email);
    expect(back?.subject).toBe('We need more information: Training provider');
    expect(back?.text).toContain('Attach the register.');
  });

  it('alerts an overdue review once per submission, and records that it did', async () => {
    t.clock.now = at('2026-04-01T09:00:00.000Z');
    const type = await makeAccreditationType(t);
    const { member } = await makePartner(t, 'Overdue Partner');
    const partner = actorOf(member.user);
    const app = await startApplication(t.deps.accreditation, partner, { typeId: type.id });
    const officer = await createUser(t, 'staff', { name: 'Slow Officer' });
    await assignStaff(t.deps.accreditation, STAFF_ACTOR, app.id, officer.id);
    await submitDocument(t.deps.accreditation, partner, app.id, 'tax-clearance', {
      name: 'tax.pdf',
      bytes: PDF('late'),
    });
    const overdue = () => subjectsTo(officer.email).filter((s) => s.startsWith('Review overdue'));

    t.clock.now = new Date(Date.parse('2026-04-01T09:00:00.000Z') + 5 * DAY - 1000);
    await sendReviewOverdueAlerts(t.deps.accreditation);
    expect(overdue()).toEqual([]);

    t.clock.now = new Date(Date.parse('2026-04-01T09:00:00.000Z') + 5 * DAY);
    expect(await sendReviewOverdueAlerts(t.deps.accreditation)).toBeGreaterThanOrEqual(1);
    expect(overdue()).toEqual(['Review overdue: Tax clearance (Overdue Partner)']);
    expect(t.mail.lastTo(officer.email)?.text).toContain('was due by 2026-04-06');
    const stored = await t.deps.stores.accreditation.getApplication(app.id);
    expect(stored?.items.find((i) => i.itemId === 'tax-clearance')?.reviewOverdueAlert).toEqual({
      version: 1,
      at: t.clock.now.toISOString(),
    });

    // Later sweeps say nothing more about the same submission.
    t.clock.now = new Date(t.clock.now.getTime() + 3 * DAY);
    await sendReviewOverdueAlerts(t.deps.accreditation);
    expect(overdue()).toHaveLength(1);

    // Sent back and submitted again: the new submission has its own service level and alert.
    await reviewItem(
      t.deps.accreditation,
      STAFF_ACTOR,
      app.id,
      'tax-clearance',
      'clarification',
      'Which year?',
    );
    await submitDocument(t.deps.accreditation, partner, app.id, 'tax-clearance', {
      name: 'tax-2026.pdf',
      bytes: PDF('late v2'),
    });
    t.clock.now = new Date(t.clock.now.getTime() + 5 * DAY);
    await sendReviewOverdueAlerts(t.deps.accreditation);
    expect(overdue()).toHaveLength(2);
  });

  it('prompts an inactive partner at most once per period, and only while it has something to do', async () => {
    const start = Date.parse('2026-06-01T09:00:00.000Z');
    t.clock.now = new Date(start);
    const type = await makeAccreditationType(t);
    const { member } = await makePartner(t, 'Quiet Partner');
    const partner = actorOf(member.user);
    const app = await startApplication(t.deps.accreditation, partner, { typeId: type.id });
    const prompts = () =>
      subjectsTo(member.user.email).filter((s) => s.startsWith('Your application is waiting'));
    const sweepAt = async (days: number) => {
      t.clock.now = new Date(start + days * DAY);
      await sendInactivityPrompts(t.deps.accreditation);
      return prompts().length;
    };

    expect(await sweepAt(13)).toBe(0);
    expect(await sweepAt(14)).toBe(1);
    const prompt = t.mail.lastTo(member.user.email);
    expect(prompt?.text).toContain('for 14 days, and 2 items still wait for your organisation');
    expect(prompt?.text).toContain(`/partner/applications/${app.id}`);
    expect((await t.deps.stores.accreditation.getApplication(app.id))?.inactivityPromptedAt).toBe(
      t.clock.now.toISOString(),
    );
    expect(await sweepAt(20)).toBe(1);
    expect(await sweepAt(28)).toBe(2);

    // Activity restarts the period.
    t.clock.now = new Date(start + 30 * DAY);
    await submitDocument(t.deps.accreditation, partner, app.id, 'tax-clearance', {
      name: 'tax.pdf',
      bytes: PDF('quiet'),
    });
    expect(await sweepAt(43)).toBe(2);
    expect(await sweepAt(44)).toBe(3);

    // Nothing left for the partner to do (all submitted, staff to act): no prompt.
    await submitDocument(t.deps.accreditation, partner, app.id, 'insurance-certificate', {
      name: 'ins.pdf',
      bytes: PDF('quiet ins'),
    });
    expect(await sweepAt(80)).toBe(3);
  });

  it('uses the inactivity days of the configuration', async () => {
    const start = Date.parse('2026-09-01T09:00:00.000Z');
    t.clock.now = new Date(start);
    const type = await makeAccreditationType(t);
    const { member } = await makePartner(t, 'Configured Partner');
    await startApplication(t.deps.accreditation, actorOf(member.user), { typeId: type.id });
    t.clock.now = new Date(start + 3 * DAY);
    await sendInactivityPrompts({ ...t.deps.accreditation, inactivityDays: 4 });
    expect(subjectsTo(member.user.email).filter((s) => s.startsWith('Your application is waiting'))).toEqual(
      [],
    );
    t.clock.now = new Date(start + 4 * DAY);
    await sendInactivityPrompts({ ...t.deps.accreditation, inactivityDays: 4 });
    expect(
      subjectsTo(member.user.email).filter((s) => s.startsWith('Your application is waiting')),
    ).toHaveLength(1);
  });
});

describe('the review service level on the pages', () => {
  it('is set on the type form and shown as "feedback expected by" beside a submitted item', async () => {
    t.clock.now = at('2026-10-01T09:00:00.000Z');
    const staff = await signIn(t, 'staff');
    const form = await (await get(t, '/admin/accreditation/types', staff)).text();
    expect(form).toContain('name="reviewDays"');
    const saved = await post(t, '/admin/accreditation/types', staff, {
      baseVersion: '0',
      name: 'Quick review',
      validityMonths: '12',
      reminderDays: '7',
      renewalReminderDays: '30',
      reviewDays: '3',
      active: 'on',
      stages: 'Stage: Documents\ndocument | Tax clearance | 30 | Issued this year',
    });
    expect(saved.status).toBe(303);
    const typeId = saved.headers.get('location')!.split('/').pop()!.split('?')[0]!;
    expect((await t.deps.stores.accreditation.getType(typeId))?.reviewDays).toBe(3);
    expect(await (await get(t, `/admin/accreditation/types/${typeId}`, staff)).text()).toMatch(
      /name="reviewDays"[^>]*value="3"|value="3"[^>]*name="reviewDays"/,
    );
    const bad = await post(t, `/admin/accreditation/types/${typeId}`, staff, {
      baseVersion: '1',
      name: 'Quick review',
      validityMonths: '12',
      reviewDays: '0',
      stages: 'Stage: Documents\ndocument | Tax clearance | 30 | Issued this year',
    });
    expect(bad.status).toBe(400);

    const { member } = await makePartner(t, 'Page Partner');
    const app = await startApplication(t.deps.accreditation, actorOf(member.user), { typeId });
    await submitDocument(t.deps.accreditation, actorOf(member.user), app.id, 'tax-clearance', {
      name: 'tax.pdf',
      bytes: PDF('page'),
    });
    for (const [who, path] of [
      [member, `/partner/applications/${app.id}`],
      [staff, `/admin/accreditation/${app.id}`],
    ] as const) {
      const page = await (await get(t, path, who)).text();
      expect(page).toContain(
        'feedback expected by <time datetime="2026-10-04T09:00:00.000Z">2026-10-04</time>',
      );
    }
  });

  it('defaults to 5 days for a type saved without one', async () => {
    const type = await saveAccreditationType(
      t.deps.accreditation,
      STAFF_ACTOR,
      undefined,
      {
        name: 'Default review',
        validityMonths: 12,
        stages: [{ name: 'Docs', items: [{ kind: 'document', name: 'Plan', deadlineDays: 10 }] }],
      },
      0,
    );
    expect(type.reviewDays).toBe(5);
  });
});
