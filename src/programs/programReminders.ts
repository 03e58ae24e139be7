/**
 * The programme's date-based reminders: a batch deadline reminds each participant who
 * has not met the criteria yet (and warns once it has passed), and a certificate with a
 * validity period reminds its holder before it expires. Plans are made when someone
 * enrols or a certificate is issued, re-made when a deadline moves or staff edit a
 * schedule, and cancelled when they no longer apply (criteria met, certificate replaced).
 */
import type { Actor } from '../accounts/accountDeps.js';
import type { BatchRecord, CredentialRecord, EnrolmentRecord } from '../storage/ports.js';
import {
  cancelReminders,
  planReminders,
  setReminderSchedule,
  type ReminderPlan,
} from '../notifications/reminders.js';
import type { ProgramDeps } from './programDeps.js';
import { yieldToEventLoop } from '../scheduling/yieldToEventLoop.js';

/** The reminder kinds programmes use. */
export const BATCH_DEADLINE = 'batch_deadline';
export const CERTIFICATE_EXPIRY = 'certificate_expiry';
const INACTIVITY = 'inactivity';

const day = (iso: string) => iso.slice(0, 10);
const deadlinePlan = (batchId: string, userId: string) => `${BATCH_DEADLINE}:${batchId}:${userId}`;
const expiryPlan = (credentialId: string) => `${CERTIFICATE_EXPIRY}:${credentialId}`;
const inactivityPlan = (batchId: string, userId: string) => `${INACTIVITY}:${batchId}:${userId}`;

/** Plans reminders for a participant (nothing for an unknown, disabled or erased account). */
async function remind(deps: ProgramDeps, userId: string, plan: Omit<ReminderPlan, 'user'>): Promise<void> {
  const user = await deps.stores.users.get(userId);
  if (user?.status !== 'active') return;
  await planReminders(deps.notifications, { ...plan, user });
}

const days = (n: number) => String(Math.abs(n));
const daysText = (n: number) => `${Math.abs(n)} day${Math.abs(n) === 1 ? '' : 's'}`;

/** Plans one participant's deadline reminders (nothing when the batch has no deadline or they are done). */
export async function planDeadlineReminders(
  deps: ProgramDeps,
  batch: BatchRecord,
  enrolment: EnrolmentRecord,
): Promise<void> {
  const deadline = batch.criteria.deadline;
  if (!deadline || !['in_progress', 'missed'].includes(enrolment.status)) return;
  const values = {
    achievement: batch.achievement.name,
    deadline: day(deadline),
    portalUrl: `${deps.settings.publicUrl}/me/programmes`,
  };
  await remind(deps, enrolment.userId, {
    planKey: deadlinePlan(batch.id, enrolment.userId),
    kind: BATCH_DEADLINE,
    deadline: new Date(deadline),
    compose: (daysLeft) => ({
      trigger: daysLeft > 0 ? 'batch_deadline' : 'batch_past_due',
      values: { ...values, daysLeft: days(daysLeft), daysLeftText: daysText(daysLeft) },
    }),
  });
}

/** Stops a participant's deadline reminders and inactivity prompt (they met the criteria). */
export async function stopDeadlineReminders(
  deps: ProgramDeps,
  batchId: string,
  userId: string,
): Promise<void> {
  await cancelReminders(deps.notifications, deadlinePlan(batchId, userId), 'criteria met');
  await cancelReminders(deps.notifications, inactivityPlan(batchId, userId), 'criteria met');
}

/** The end of the UTC day of an instant: inactivity is counted in whole days. */
function endOfDay(at: Date): Date {
  const end = new Date(at);
  end.setUTCHours(24, 0, 0, 0);
  return end;
}

/**
 * Plans the inactivity prompt of a participant still in progress: 14 days (by default)
 * after the day of their latest activity; every new day of activity moves it, so only
 * someone who really stopped gets it. Counting from the end of the day makes every
 * further event of the same day find the plan already made (no writes).
 */
async function planInactivityPrompt(
  deps: ProgramDeps,
  batch: BatchRecord,
  enrolment: EnrolmentRecord,
  lastActivity: Date,
): Promise<void> {
  if (enrolment.status !== 'in_progress') return;
  await remind(deps, enrolment.userId, {
    planKey: inactivityPlan(batch.id, enrolment.userId),
    kind: INACTIVITY,
    deadline: endOfDay(lastActivity),
    compose: (daysLeft) => ({
      trigger: 'inactivity',
      values: {
        achievement: batch.achievement.name,
        daysInactive: days(daysLeft),
        portalUrl: `${deps.settings.publicUrl}/me/programmes`,
      },
    }),
  });
}

/**
 * Notes a participant's activity (a new progress event reached us at `at`): plans the
 * inactivity prompt from that day once per day, and keeps the day on the enrolment, so
 * the rest of the day's events cost no reminder reads at all. Version-checked: if the
 * enrolment moved meanwhile, the day is not kept and the next event plans again
 * (planning is idempotent). Returns the enrolment as it now stands.
 */
export async function noteActivity(
  deps: ProgramDeps,
  batch: BatchRecord,
  enrolment: EnrolmentRecord,
  at: Date,
): Promise<EnrolmentRecord> {
  const today = day(at.toISOString());
  if (enrolment.status !== 'in_progress' || enrolment.activeOn === today) return enrolment;
  await planInactivityPrompt(deps, batch, enrolment, at);
  const updated = await deps.stores.enrolments.updateEnrolment(
    batch.id,
    enrolment.userId,
    enrolment.version,
    { activeOn: today },
    at.toISOString(),
  );
  return updated ?? enrolment;
}

/** Re-plans every participant of a batch (its deadline changed). */
export async function replanBatchDeadline(deps: ProgramDeps, batch: BatchRecord): Promise<void> {
  for (const enrolment of await deps.stores.enrolments.listEnrolments(batch.id)) {
    await yieldToEventLoop();
    if (batch.criteria.deadline) await planDeadlineReminders(deps, batch, enrolment);
    else
      await cancelReminders(
        deps.notifications,
        deadlinePlan(batch.id, enrolment.userId),
        'the deadline was removed',
      );
  }
}

/** Plans the expiry reminders of an issued certificate that has a validUntil. */
export async function planExpiryReminders(
  deps: ProgramDeps,
  enrolment: EnrolmentRecord,
  achievement: string,
  /** The credential's record when the caller has it (just issued): saves reading it back. */
  issued?: CredentialRecord,
): Promise<void> {
  const credentialId = enrolment.credentialId;
  if (!credentialId) return;
  const record = issued?.id === credentialId ? issued : await deps.stores.credentials.get(credentialId);
  const validUntil = record?.credential?.validUntil;
  if (typeof validUntil !== 'string') return;
  const values = {
    achievement,
    certificateNumber: record?.certificateNumber ?? '',
    deadline: day(validUntil),
    portalUrl: `${deps.settings.publicUrl}/me`,
  };
  await remind(deps, enrolment.userId, {
    planKey: expiryPlan(credentialId),
    kind: CERTIFICATE_EXPIRY,
    deadline: new Date(validUntil),
    compose: (daysLeft) => ({
      trigger: daysLeft > 0 ? 'certificate_expiry' : 'certificate_expired',
      values: { ...values, daysLeft: days(daysLeft), daysLeftText: daysText(daysLeft) },
    }),
  });
}

/** Stops a certificate's expiry reminders (revoked or replaced). */
export async function stopExpiryReminders(
  deps: ProgramDeps,
  credentialId: string,
  reason: string,
): Promise<void> {
  await cancelReminders(deps.notifications, expiryPlan(credentialId), reason);
}

/** Staff change a programme reminder schedule; every affected plan is re-made at once. */
export async function changeProgramReminderSchedule(
  deps: ProgramDeps,
  actor: Actor,
  kind: typeof BATCH_DEADLINE | typeof CERTIFICATE_EXPIRY,
  schedule: { offsetsDays: number[]; pastDueDays: number[] },
): Promise<void> {
  await setReminderSchedule(deps, actor, kind, schedule);
  for (const batch of await deps.stores.courses.listBatches()) {
    if (kind === BATCH_DEADLINE && batch.criteria.deadline) await replanBatchDeadline(deps, batch);
    if (kind === CERTIFICATE_EXPIRY) {
      for (const enrolment of await deps.stores.enrolments.listEnrolments(batch.id, 'issued')) {
        await yieldToEventLoop();
        await planExpiryReminders(deps, enrolment, batch.achievement.name);
      }
    }
  }
}
