/**
 * Date-based reminders: before a deadline at the offsets staff set for its kind (90, 60,
 * 30, 7 and 1 days by default) and past-due warnings after it. A participant's reminders
 * for one deadline form a plan; planning again (the deadline moved, the schedule was
 * edited) cancels the queued reminders that no longer fit and queues the new ones, while
 * reminders already sent stay as they were. Reminders whose time has passed are not sent
 * late (not planned, and cancelled a day after their time if no worker ran): a "90 days
 * left" message is wrong on day 40.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type { OutboxMessage, ReminderSchedule, Stores, UserRecord } from '../storage/ports.js';
import type { NotificationDeps } from './outbox.js';
import { notify, type NotifyDeps } from './notify.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The defaults of every reminder kind until staff change them. */
const DEFAULT_OFFSETS_DAYS = [90, 60, 30, 7, 1];
const DEFAULT_PAST_DUE_DAYS = [1];

/**
 * Kinds whose defaults differ: an inactivity prompt is one message 14 days after the
 * last activity (its "deadline" is the last activity).
 */
const KIND_DEFAULTS: Record<string, Pick<ReminderSchedule, 'offsetsDays' | 'pastDueDays'>> = {
  inactivity: { offsetsDays: [], pastDueDays: [14] },
};

/** The schedule of a kind (the default when staff never set one). */
export async function reminderSchedule(
  deps: { stores: Pick<Stores, 'notificationSettings'> },
  kind: string,
): Promise<Pick<ReminderSchedule, 'offsetsDays' | 'pastDueDays'>> {
  return (
    (await deps.stores.notificationSettings.getSchedule(kind)) ??
    KIND_DEFAULTS[kind] ?? { offsetsDays: DEFAULT_OFFSETS_DAYS, pastDueDays: DEFAULT_PAST_DUE_DAYS }
  );
}

/** What one reminder says, given how many days are left (negative: past due): its template and values. */
type ComposeReminder = (daysLeft: number) => { trigger: string; values: Record<string, string> };

/** One person's reminders for one deadline. */
export interface ReminderPlan {
  /** Stable per person and deadline subject, e.g. `batch_deadline:<batch>:<user>`. */
  planKey: string;
  kind: string;
  user: Pick<UserRecord, 'id' | 'email' | 'name' | 'status'>;
  deadline: Date;
  compose: ComposeReminder;
  /** Days before and after, instead of the kind's schedule (e.g. set per accreditation type). */
  schedule?: Pick<ReminderSchedule, 'offsetsDays' | 'pastDueDays'>;
}

/**
 * Plans (or re-plans) reminders: cancels queued ones not in the new plan, queues the
 * missing ones (by email; they are checked against the person's preferences when due).
 * A plan that already holds every wanted reminder costs two reads and no writes.
 * Returns the plan's messages still to be sent.
 */
export async function planReminders(deps: NotifyDeps, plan: ReminderPlan): Promise<OutboxMessage[]> {
  const { offsetsDays, pastDueDays } = plan.schedule ?? (await reminderSchedule(deps, plan.kind));
  const now = deps.now();
  const wanted = [...offsetsDays.map((d) => d), ...pastDueDays.map((d) => -d)]
    .map((daysLeft) => ({ daysLeft, at: new Date(plan.deadline.getTime() - daysLeft * DAY_MS) }))
    .filter(({ at }) => at > now);
  // The deadline is part of the key: moving it makes new reminders rather than reusing old ones.
  const keyOf = (daysLeft: number) => `${plan.planKey}:${plan.deadline.toISOString()}:${daysLeft}`;
  const wantedKeys = new Set(wanted.map((w) => keyOf(w.daysLeft)));
  const existing = await deps.stores.outbox.listPlan(plan.planKey);
  const have = new Set(existing.map((m) => m.dedupeKey));
  let changed = false;
  for (const queued of existing) {
    if (queued.status === 'queued' && !wantedKeys.has(queued.dedupeKey)) {
      await deps.stores.outbox.cancel(
        queued.id,
        now.toISOString(),
        're-planned: the deadline or the schedule changed',
      );
      changed = true;
    }
  }
  for (const { daysLeft, at } of wanted) {
    if (have.has(keyOf(daysLeft))) continue;
    const { trigger, values } = plan.compose(daysLeft);
    // A day late it is cancelled rather than sent: "60 days left" on day 1 would mislead.
    await notify(deps, plan.user, {
      trigger,
      values,
      dedupeKey: keyOf(daysLeft),
      planKey: plan.planKey,
      channels: ['email'],
      dueAt: at,
      expiresAt: new Date(at.getTime() + DAY_MS),
    });
    changed = true;
  }
  const current = changed ? await deps.stores.outbox.listPlan(plan.planKey) : existing;
  return current.filter((m) => m.status === 'queued');
}

/** Cancels a plan's queued reminders (the participant finished, or left). */
export async function cancelReminders(
  deps: NotificationDeps,
  planKey: string,
  reason: string,
): Promise<number> {
  let cancelled = 0;
  for (const queued of await deps.stores.outbox.listPlan(planKey)) {
    if (
      queued.status === 'queued' &&
      (await deps.stores.outbox.cancel(queued.id, deps.now().toISOString(), reason))
    )
      cancelled++;
  }
  return cancelled;
}

/** Staff set a kind's schedule (days before, days after); the caller re-plans what is affected. */
export async function setReminderSchedule(
  deps: { stores: Pick<Stores, 'notificationSettings' | 'audit'>; now: () => Date },
  actor: Actor,
  kind: string,
  schedule: { offsetsDays: number[]; pastDueDays: number[] },
): Promise<ReminderSchedule> {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can change reminder schedules');
  const clean = (days: number[], what: string) => {
    if (days.length > 10 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 730))
      throw new AppError('invalid_request', `${what}: up to 10 whole numbers of days from 1 to 730`);
    return [...new Set(days)].sort((a, b) => b - a);
  };
  const saved: ReminderSchedule = {
    kind,
    offsetsDays: clean(schedule.offsetsDays, 'Days before'),
    pastDueDays: clean(schedule.pastDueDays, 'Days after').reverse(),
    updatedAt: deps.now().toISOString(),
    updatedBy: actor.id,
  };
  await deps.stores.notificationSettings.putSchedule(saved);
  await audit(
    deps,
    actor,
    'reminders.schedule_changed',
    { type: 'reminder_schedule', id: kind },
    { offsetsDays: saved.offsetsDays, pastDueDays: saved.pastDueDays },
  );
  return saved;
}
