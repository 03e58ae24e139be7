/**
 * The reminder schedule on a controlled clock: a batch deadline plans reminders at 90,
 * 60, 30, 7 and 1 days and a past-due warning; each goes out when its day comes; moving
 * the deadline re-plans the queued ones and leaves the sent one alone; editing the
 * schedule re-plans at once; meeting the criteria cancels the rest; an issued
 * certificate with a validity period gets its expiry reminders.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { FIXTURE_STAFF, makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import { enrolParticipant, recordProgress } from '../../src/programs/enrolments.js';
import { updateBatch } from '../../src/programs/courses.js';
import { batchInput } from '../../src/programs/programSchemas.js';
import { changeProgramReminderSchedule, BATCH_DEADLINE } from '../../src/programs/programReminders.js';
import { deliverDue } from '../../src/notifications/outbox.js';
import { signIn } from '../fixtures/sessions.js';
import { get, noSession, post } from '../http/pages/consoleFixtures.js';
import type { BatchRecord } from '../../src/storage/ports.js';

const DAY = 24 * 60 * 60 * 1000;
const START = new Date('2026-01-01T09:00:00.000Z');
const DEADLINE = new Date(START.getTime() + 100 * DAY);
let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
  t.clock.now = new Date(START);
});
afterEach(async () => {
  await t.close();
});

const daysBefore = (deadline: Date, days: number) => new Date(deadline.getTime() - days * DAY).toISOString();
const queued = async (userId: string) =>
  (await t.deps.stores.outbox.search({ userId, status: 'queued', limit: 50 })).map((m) => m.dueAt).sort();
const editBatch = (batch: BatchRecord, deadline: Date) =>
  updateBatch(
    t.deps.programs,
    FIXTURE_STAFF,
    batch.id,
    batchInput.parse({
      ...batch,
      template: batch.templateRef,
      criteria: { ...batch.criteria, deadline: deadline.toISOString() },
    }),
  );

describe('deadline reminders', () => {
  it('plans 90/60/30/7/1 and a past-due warning, and sends each on its day', async () => {
    const { batch } = await makeBatch(t, { criteria: { deadline: DEADLINE.toISOString() } });
    const user = await makeParticipant(t);
    await enrolParticipant(t.deps.programs, batch.id, user.id);
    expect(await queued(user.id)).toEqual([90, 60, 30, 7, 1, -1].map((d) => daysBefore(DEADLINE, d)));

    t.clock.now = new Date(daysBefore(DEADLINE, 90));
    expect(await deliverDue(t.deps.notifications)).toMatchObject({ sent: 1 });
    expect(t.mail.lastTo(user.email)?.subject).toBe('90 days left: Web Development 101');
    // No worker ran between: the 60-day reminder is a month late and is cancelled, not sent.
    t.clock.now = new Date(daysBefore(DEADLINE, 30));
    expect(await deliverDue(t.deps.notifications)).toMatchObject({ sent: 1, expired: 1 });
    expect(t.mail.lastTo(user.email)?.subject).toBe('30 days left: Web Development 101');
    t.clock.now = new Date(daysBefore(DEADLINE, 1));
    expect(await deliverDue(t.deps.notifications)).toMatchObject({ sent: 1, expired: 1 });
    expect(t.mail.lastTo(user.email)?.subject).toBe('1 day left: Web Development 101');
    const cancelled = await t.deps.stores.outbox.search({
      userId: user.id,
      status: 'cancelled',
      limit: 10,
    });
    expect(cancelled.map((m) => m.subject).sort()).toEqual([
      '60 days left: Web Development 101',
      '7 days left: Web Development 101',
    ]);
    t.clock.now = new Date(daysBefore(DEADLINE, -1));
    await deliverDue(t.deps.notifications);
    expect(t.mail.lastTo(user.email)?.subject).toBe('Past due: Web Development 101');
    expect(await queued(user.id)).toEqual([]);
  });

  it('re-plans when the deadline moves, leaving what was sent alone', async () => {
    const { batch } = await makeBatch(t, { criteria: { deadline: DEADLINE.toISOString() } });
    const user = await makeParticipant(t);
    await enrolParticipant(t.deps.programs, batch.id, user.id);
    t.clock.now = new Date(daysBefore(DEADLINE, 90));
    await deliverDue(t.deps.notifications);

    const later = new Date(DEADLINE.getTime() + 20 * DAY);
    await editBatch(batch, later);
    // From the new deadline, 90 days before is still ahead; every other old reminder is cancelled.
    expect(await queued(user.id)).toEqual([90, 60, 30, 7, 1, -1].map((d) => daysBefore(later, d)));
    const sent = await t.deps.stores.outbox.search({ userId: user.id, status: 'sent', limit: 10 });
    expect(sent.map((m) => m.subject)).toEqual(['90 days left: Web Development 101']);
    expect(
      await t.deps.stores.outbox.search({ userId: user.id, status: 'cancelled', limit: 10 }),
    ).toHaveLength(5);
  });

  it('re-plans every participant at once when staff edit the schedule', async () => {
    const { batch } = await makeBatch(t, { criteria: { deadline: DEADLINE.toISOString() } });
    const [a, b] = [await makeParticipant(t), await makeParticipant(t)];
    for (const u of [a, b]) await enrolParticipant(t.deps.programs, batch.id, u.id);
    await changeProgramReminderSchedule(t.deps.programs, FIXTURE_STAFF, BATCH_DEADLINE, {
      offsetsDays: [3, 14, 14],
      pastDueDays: [],
    });
    for (const u of [a, b]) expect(await queued(u.id)).toEqual([14, 3].map((d) => daysBefore(DEADLINE, d)));
    expect(await t.deps.stores.notificationSettings.getSchedule(BATCH_DEADLINE)).toMatchObject({
      offsetsDays: [14, 3],
      pastDueDays: [],
      updatedBy: FIXTURE_STAFF.id,
    });
    await expect(
      changeProgramReminderSchedule(t.deps.programs, FIXTURE_STAFF, BATCH_DEADLINE, {
        offsetsDays: [0],
        pastDueDays: [],
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      changeProgramReminderSchedule(
        t.deps.programs,
        { id: 'p', label: 'p', role: 'participant' },
        BATCH_DEADLINE,
        { offsetsDays: [1], pastDueDays: [] },
      ),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('respects a participant who turned reminder emails off, and the log says so', async () => {
    const { batch } = await makeBatch(t, { criteria: { deadline: DEADLINE.toISOString() } });
    const quiet = await makeParticipant(t);
    const browser = await signIn(t, 'participant', quiet);
    const saved = await post(t, '/me/notifications/preferences', browser, {});
    expect(saved.headers.get('location')).toBe('/me/notifications?saved=1');
    expect(await (await get(t, '/me/notifications', browser)).text()).not.toMatch(/name="reminders" checked/);
    expect((await post(t, '/me/notifications/preferences', browser, {}, { csrf: null })).status).toBe(403);
    expect((await post(t, '/me/notifications/preferences', noSession(), {})).status).toBe(401);
    await enrolParticipant(t.deps.programs, batch.id, quiet.id);
    // Queued as planned; the preference is read when each is due, so it can change meanwhile.
    expect(await queued(quiet.id)).toHaveLength(6);
    t.clock.now = new Date(daysBefore(DEADLINE, 90));
    expect(await deliverDue(t.deps.notifications)).toMatchObject({ sent: 0, expired: 1 });
    expect(t.mail.lastTo(quiet.email)).toBeUndefined();
    const [cancelled] = await t.deps.stores.outbox.search({
      userId: quiet.id,
      status: 'cancelled',
      limit: 10,
    });
    expect((await t.deps.stores.outbox.listEvents(cancelled!.id)).at(-1)).toMatchObject({
      type: 'cancelled',
      detail: 'the person turned off reminder emails',
    });
    // Turning them back on applies to every reminder still to come.
    await post(t, '/me/notifications/preferences', browser, { reminders: 'on' });
    t.clock.now = new Date(daysBefore(DEADLINE, 30));
    await deliverDue(t.deps.notifications);
    expect(t.mail.lastTo(quiet.email)?.subject).toBe('30 days left: Web Development 101');

    const keen = await makeParticipant(t);
    await enrolParticipant(t.deps.programs, batch.id, keen.id);
    t.clock.now = new Date(daysBefore(DEADLINE, 7));
    await deliverDue(t.deps.notifications);
    const reminder = t.mail.lastTo(keen.email)!;
    expect(reminder.subject).toBe('7 days left: Web Development 101');
    // One-click unsubscribe (RFC 8058) on what a person can turn off.
    expect(reminder.headers?.['List-Unsubscribe']).toMatch(
      new RegExp(`^<http://localhost:3000/unsubscribe/${keen.id}/[A-Za-z0-9_-]{22}>$`),
    );
    expect(reminder.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('prompts someone who stopped 14 days after their last activity, moving with every new one', async () => {
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t);
    const [m1, m2, final] = passingEvents(batch.id, user.id, START.toISOString());
    await recordAll(t, [m1!]);
    const inactivity = async () =>
      (
        await t.deps.stores.outbox.search({
          userId: user.id,
          trigger: 'inactivity',
          status: 'queued',
          limit: 5,
        })
      ).map((m) => m.dueAt);
    // Counted in whole days: 14 days after the end of the day of the last activity.
    const endOfStartDay = Date.parse('2026-01-02T00:00:00.000Z');
    expect(await inactivity()).toEqual([new Date(endOfStartDay + 14 * DAY).toISOString()]);
    t.clock.now = new Date(START.getTime() + 10 * DAY);
    await recordAll(t, [m2!]);
    expect(await inactivity()).toEqual([new Date(endOfStartDay + 24 * DAY).toISOString()]);
    t.clock.now = new Date(endOfStartDay + 24 * DAY);
    await deliverDue(t.deps.notifications);
    expect(t.mail.lastTo(user.email)?.subject).toBe('We have not seen you for a while: Web Development 101');
    expect(t.mail.lastTo(user.email)?.text).toContain('was 14 days ago');
    await recordAll(t, [final!]);
    expect(await inactivity()).toEqual([]);
  });

  it('plans the prompt once per day of activity: later events that day read no reminder plans', async () => {
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t);
    const [m1, m2] = passingEvents(batch.id, user.id, START.toISOString());
    await recordAll(t, [m1!]);
    const first = await t.deps.stores.enrolments.getEnrolment(batch.id, user.id);
    expect(first?.activeOn).toBe(START.toISOString().slice(0, 10));
    const plan = await t.deps.stores.outbox.search({ userId: user.id, trigger: 'inactivity', limit: 5 });
    expect(plan).toHaveLength(1);
    // Count the reads of reminder plans the same day's next event makes (the real store, counted).
    const outbox = t.deps.stores.outbox;
    const listPlan = outbox.listPlan.bind(outbox);
    let planReads = 0;
    outbox.listPlan = async (key) => {
      planReads++;
      return listPlan(key);
    };
    t.clock.now = new Date(START.getTime() + 2 * 3_600_000);
    const { recorded, enrolment } = await recordProgress(t.deps.programs, m2!);
    outbox.listPlan = listPlan;
    expect(recorded).toBe(true);
    expect(enrolment.status).toBe('in_progress');
    expect(planReads).toBe(0);
    expect(await t.deps.stores.outbox.search({ userId: user.id, trigger: 'inactivity', limit: 5 })).toEqual(
      plan,
    );
  });

  it('stops when the criteria are met, and a certificate with a validity period gets expiry reminders', async () => {
    const { batch } = await makeBatch(t, {
      criteria: { deadline: DEADLINE.toISOString(), validForDays: 365 },
    });
    const user = await makeParticipant(t);
    await recordAll(t, passingEvents(batch.id, user.id, START.toISOString()));
    const enrolment = (await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!;
    expect(enrolment.status).toBe('issued');
    const pending = await t.deps.stores.outbox.search({
      userId: user.id,
      status: 'queued',
      limit: 20,
    });
    expect(new Set(pending.map((m) => m.trigger))).toEqual(
      new Set(['certificate_expiry', 'certificate_expired']),
    );
    const expiry = new Date(START.getTime() + 365 * DAY);
    expect(pending.map((m) => m.dueAt).sort()).toEqual(
      [90, 60, 30, 7, 1, -1].map((d) => daysBefore(expiry, d)),
    );
    const cancelled = await t.deps.stores.outbox.search({
      userId: user.id,
      status: 'cancelled',
      limit: 10,
    });
    expect(cancelled.map((m) => m.trigger).sort()).toEqual([
      'batch_deadline',
      'batch_deadline',
      'batch_deadline',
      'batch_deadline',
      'batch_deadline',
      'batch_past_due',
      'inactivity',
    ]);
  });
});
