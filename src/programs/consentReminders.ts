/**
 * A participant whose certificate waits for their consent to their name on it: what the
 * tracker says about them (waiting since when, when the request and the last reminder
 * went out, and whether the email really left), and staff asking them again.
 *
 * Every date comes from a stored record: the enrolment's `consentRequestedAt` (when it
 * started waiting and they were asked) and the outbox messages of trigger
 * `consent_request` for this batch and participant (the first request is keyed
 * `consent_request:<batch>:<user>`, automaticIssuance.ts; ours extend that key), so the
 * tracker never says "asked" or "reminded" on the strength of an intention.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { notifyWithOutcome } from '../notifications/notify.js';
import type {
  BatchRecord,
  CourseRecord,
  EnrolmentRecord,
  OutboxMessage,
  OutboxStatus,
  UserRecord,
} from '../storage/ports.js';
import type { BatchTracker } from './issuanceTracker.js';
import type { ProgramDeps } from './programDeps.js';
import { batchWithCourse } from './automaticIssuance.js';
import { requireProgramStaff } from './courses.js';
import { trackedBatch } from './tracking.js';

/**
 * The shortest gap between two requests to one participant: a second email within minutes
 * of the first is a double click or impatience, and it reads as spam to the person.
 */
export const RESEND_GAP_MS = 10 * 60_000;

/** One consent request email, as the outbox holds it. */
export interface ConsentEmail {
  messageId: string;
  /** When it was queued. */
  queuedAt: string;
  status: OutboxStatus;
  /** When the mail server took it (status `sent`). */
  sentAt?: string;
  /** Why it has not gone (yet): the last error of a retry, a failure or a cancellation. */
  error?: string;
}

/** Where a participant waiting for consent stands, from the records. */
export interface ConsentRequestState {
  /** When the enrolment started waiting on consent (they were asked then). */
  waitingSince: string | undefined;
  /** The first request email of this wait; absent when none was sent. */
  request?: ConsentEmail;
  /** The latest request sent again by staff, and how many were. */
  lastReminder?: ConsentEmail;
  reminders: number;
  /** Why no email can go to them now (their account is disabled or erased). */
  unreachable?: string;
  /** While the last request is under RESEND_GAP_MS old: when "Send again" is allowed (ISO). */
  resendFrom?: string;
}

/** The dedupe key of the first request (automaticIssuance.ts askForConsent); ours extend it. */
function requestKey(batchId: string, userId: string): string {
  return `consent_request:${batchId}:${userId}`;
}

/**
 * The consent request emails of this wait, oldest first: this batch's (by key), queued
 * since the enrolment started waiting (an earlier wait, before a revocation, is history).
 */
async function requestEmails(deps: ProgramDeps, enrolment: EnrolmentRecord): Promise<OutboxMessage[]> {
  const key = requestKey(enrolment.batchId, enrolment.userId);
  const since = enrolment.consentRequestedAt ?? '';
  const messages = await deps.stores.outbox.search({
    userId: enrolment.userId,
    trigger: 'consent_request',
    channel: 'email',
    limit: 200,
  });
  return messages
    .filter((m) => (m.dedupeKey === key || m.dedupeKey.startsWith(`${key}:`)) && m.createdAt >= since)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

function emailOf(message: OutboxMessage): ConsentEmail {
  return {
    messageId: message.id,
    queuedAt: message.createdAt,
    status: message.status,
    ...(message.sentAt ? { sentAt: message.sentAt } : {}),
    ...(message.status !== 'sent' && message.lastError ? { error: message.lastError } : {}),
  };
}

function unreachableReason(user: UserRecord | undefined): string | undefined {
  if (!user) return 'their account no longer exists';
  if (user.status === 'erased') return 'their account was erased';
  if (user.status === 'disabled') return 'their account is disabled';
  return undefined;
}

/** Where one waiting enrolment stands, read from the enrolment, its emails and the account. */
async function stateOf(
  deps: ProgramDeps,
  enrolment: EnrolmentRecord,
  user: UserRecord | undefined,
): Promise<ConsentRequestState> {
  const emails = await requestEmails(deps, enrolment);
  const [first, ...again] = emails;
  const latest = emails.at(-1);
  const unreachable = unreachableReason(user);
  const nextAllowed = latest ? Date.parse(latest.createdAt) + RESEND_GAP_MS : 0;
  return {
    waitingSince: enrolment.consentRequestedAt,
    ...(first ? { request: emailOf(first) } : {}),
    ...(again.length > 0 ? { lastReminder: emailOf(again.at(-1)!) } : {}),
    reminders: again.length,
    ...(unreachable ? { unreachable } : {}),
    ...(nextAllowed > deps.now().getTime() ? { resendFrom: new Date(nextAllowed).toISOString() } : {}),
  };
}

/**
 * A batch's tracker (staff only, as trackedBatch) with, for each participant waiting for
 * consent, where their consent request stands.
 */
export async function trackerWithConsentRequests(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
): Promise<{
  batch: BatchRecord;
  course: CourseRecord;
  tracker: BatchTracker;
  consent: Map<string, ConsentRequestState>;
}> {
  // The enrolments and accounts the tracker was built from: read once, not again per row.
  const { batch, course, tracker, enrolments, users } = await trackedBatch(deps, actor, batchId);
  const waiting = new Set(
    tracker.rows.filter((r) => r.status === 'waiting' && r.waitingOn === 'consent').map((r) => r.userId),
  );
  const states = await Promise.all(
    enrolments
      .filter((e) => waiting.has(e.userId))
      .map(async (e) => [e.userId, await stateOf(deps, e, users.get(e.userId))] as const),
  );
  return { batch, course, tracker, consent: new Map(states) };
}

/** "14:05 UTC": the time of day in a refusal, where the date is today. */
const timeOfDay = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** What sending a consent request email did. */
export interface ConsentRequestSent {
  to: string;
  email: ConsentEmail;
}

async function sendRequest(
  deps: ProgramDeps,
  user: UserRecord,
  batch: BatchRecord,
  dedupeKey: string,
): Promise<{ message: OutboxMessage; created: boolean } | undefined> {
  // Email only: the portal already shows the question on My courses until it is answered,
  // and a second in-app notice of the same question adds nothing there.
  const outcome = await notifyWithOutcome(deps.notifications, user, {
    trigger: 'consent_request',
    dedupeKey,
    channels: ['email'],
    values: {
      achievement: batch.achievement.name,
      certificateNumber: '',
      portalUrl: `${deps.settings.publicUrl}/me/programmes`,
    },
  });
  return outcome?.email ? { message: outcome.email, created: outcome.created } : undefined;
}

/**
 * Sends the consent request email to a participant of this batch who waits for their
 * consent, again and now, through the outbox like the first (so it is in the delivery
 * log and retried if the mail server is down), and audits it. Staff and admins only;
 * refused (429) within RESEND_GAP_MS of the last request, and (409) when they are not
 * waiting for consent or no email can reach them.
 */
export async function resendConsentRequest(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
  userId: string,
): Promise<ConsentRequestSent> {
  requireProgramStaff(actor);
  const { batch } = await batchWithCourse(deps, batchId);
  const enrolment = await deps.stores.enrolments.getEnrolment(batchId, userId);
  if (!enrolment)
    throw new AppError('not_found', `Participant ${userId} is not enrolled in batch ${batchId}`);
  if (enrolment.status !== 'waiting' || enrolment.waitingOn !== 'consent') {
    throw new AppError(
      'conflict',
      'This participant is not waiting for consent: there is nothing to ask them. The tracker shows where they stand.',
    );
  }
  const user = await deps.stores.users.get(userId);
  const unreachable = unreachableReason(user);
  if (!user || unreachable)
    throw new AppError('conflict', `No email can be sent: ${unreachable ?? 'their account is not active'}.`);
  const latest = (await requestEmails(deps, enrolment)).at(-1);
  const now = deps.now();
  if (latest && now.getTime() - Date.parse(latest.createdAt) < RESEND_GAP_MS) {
    const from = new Date(Date.parse(latest.createdAt) + RESEND_GAP_MS).toISOString();
    throw new AppError(
      'rate_limited',
      `A consent request went to ${user.email} at ${timeOfDay(latest.createdAt)}, less than 10 minutes ago. You can send it again from ${timeOfDay(from)}.`,
    );
  }
  // One key per 10-minute slot: two clicks racing past the check above queue one email
  // (the store decides atomically), and the loser is told it was just sent.
  const slot = Math.floor(now.getTime() / RESEND_GAP_MS);
  const sent = await sendRequest(deps, user, batch, `${requestKey(batchId, userId)}:again:${slot}`);
  if (!sent) throw new AppError('conflict', 'No email can be sent: their account is not active.');
  if (!sent.created)
    throw new AppError(
      'rate_limited',
      `A consent request went to ${user.email} a moment ago. You can send it again in 10 minutes.`,
    );
  await audit(
    deps,
    actor,
    'consent.request_resent',
    { type: 'enrolment', id: `${batchId}/${userId}` },
    { batchId, userId, messageId: sent.message.id, outcome: sent.message.status },
  );
  return { to: user.email, email: emailOf(sent.message) };
}

/**
 * Makes sure a participant now waiting for consent was asked during this wait. The first
 * request is keyed per batch and participant, so after a revocation and "Issue now" the
 * outbox takes the old key as done and nothing would go out, while the tracker says
 * they were asked: this sends the request of the new generation instead.
 */
export async function askIfNotAsked(deps: ProgramDeps, enrolment: EnrolmentRecord): Promise<void> {
  if (enrolment.status !== 'waiting' || enrolment.waitingOn !== 'consent') return;
  if ((await requestEmails(deps, enrolment)).length > 0) return;
  const user = await deps.stores.users.get(enrolment.userId);
  if (!user || unreachableReason(user)) return;
  const { batch } = await batchWithCourse(deps, enrolment.batchId);
  await sendRequest(
    deps,
    user,
    batch,
    `${requestKey(enrolment.batchId, enrolment.userId)}:g${enrolment.generation}`,
  );
}
