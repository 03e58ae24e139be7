/**
 * The accreditation notices the platform sends itself (issue 21), each its own trigger in
 * messageTriggers.ts, through the outbox: a welcome when an application starts; a receipt
 * for each upload or confirmation, saying when feedback is due; staff told that an item
 * waits for review; the partner told when an item is approved and when a stage completes
 * (a sent-back item already tells them, with the reviewer's guidance, as "inquiry").
 *
 * Two sweeps run with the hourly accreditation sweep: overdue reviews (an item submitted
 * longer ago than its type's review service level) alert the reviewers once per
 * submission, recorded on the item (an item in additional review: its additional reviewer,
 * once per request, from the request's expected date); and an application with no activity for some days
 * while the partner has items to do prompts the partner, at most once per such period,
 * recorded on the application.
 *
 * Reviewers: the staff member assigned to the application; when nobody is (or they are no
 * longer active), the accreditation team: active staff and admins in a team whose name
 * says "accreditation"; when no such team has members, every active staff member and admin.
 */
import type { AdditionalReview, ApplicationItem, ApplicationRecord, UserRecord } from '../storage/ports.js';
import { STAFF_ROLES } from '../storage/ports.js';
import { notify } from '../notifications/notify.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { changeApplication, tellPartners, withItem } from './applications.js';
import { checklistItem, outstandingActions } from './applicationProgress.js';
import { openAdditionalReview } from './additionalReview.js';

/** The review service level of a type saved before it had one, in days. */
export const DEFAULT_REVIEW_DAYS = 5;
/** Days without activity before the partner is prompted, when the configuration says nothing. */
const DEFAULT_INACTIVITY_DAYS = 14;
const DAY_MS = 86_400_000;
/** Applications a sweep reads: every one in progress, in practice (partners number in the tens). */
const SWEEP_PAGE = 10_000;

const staffUrl = (deps: AccreditationDeps, id: string) => `${deps.publicUrl}/admin/accreditation/${id}`;

/** An application's review service level, in days. */
function reviewDaysOf(application: Pick<ApplicationRecord, 'type'>): number {
  return application.type.reviewDays ?? DEFAULT_REVIEW_DAYS;
}

/**
 * When staff feedback on a submitted (or under review) item is due; in additional review,
 * when the additional reviewer's decision is; undefined for other states.
 */
export function feedbackDueAt(application: ApplicationRecord, entry: ApplicationItem): string | undefined {
  if (entry.state === 'additional_review') return openAdditionalReview(entry)?.dueAt;
  if (entry.state !== 'submitted' && entry.state !== 'under_review') return undefined;
  const last = entry.documents.at(-1);
  if (!last) return undefined;
  return new Date(Date.parse(last.uploadedAt) + reviewDaysOf(application) * DAY_MS).toISOString();
}

/** Who reviews an application's items now: its active assignee, else the accreditation team. */
async function reviewersOf(deps: AccreditationDeps, application: ApplicationRecord): Promise<UserRecord[]> {
  if (application.assignedStaffId) {
    const assignee = await deps.stores.users.get(application.assignedStaffId);
    if (assignee?.status === 'active') return [assignee];
  }
  const staff = (
    await Promise.all(STAFF_ROLES.map((role) => deps.stores.users.list({ role, limit: 500, offset: 0 })))
  )
    .flat()
    .filter((u) => u.status === 'active' && (STAFF_ROLES as readonly string[]).includes(u.role));
  const teams = new Set(
    (await deps.stores.directory.listTeams()).filter((t) => /accreditation/i.test(t.name)).map((t) => t.id),
  );
  const team = staff.filter((u) => u.teamIds.some((id) => teams.has(id)));
  return team.length > 0 ? team : staff;
}

async function organisationName(deps: AccreditationDeps, application: ApplicationRecord): Promise<string> {
  return (await deps.stores.directory.getOrganisation(application.organisationId))?.name ?? 'A partner';
}

/** The welcome to the partner's members when an application starts. */
export async function noticeApplicationStarted(
  deps: AccreditationDeps,
  application: ApplicationRecord,
): Promise<void> {
  await tellPartners(deps, application, 'accreditation_application_started', application.id, {
    stages: application.type.stages.map((s) => s.name).join(', '),
    itemCount: String(application.items.length),
  });
}

/**
 * After a partner submits an item: the receipt to the partner's members (with when
 * feedback is due) and the "waits for review" alert to the reviewers. Keyed by the
 * submission's version, so each upload is told once.
 */
export async function noticeItemSubmitted(
  deps: AccreditationDeps,
  application: ApplicationRecord,
  itemId: string,
): Promise<void> {
  const entry = application.items.find((i) => i.itemId === itemId);
  const found = checklistItem(application, itemId);
  const submission = entry?.documents.at(-1);
  const due = entry ? feedbackDueAt(application, entry) : undefined;
  if (!entry || !found || !submission || !due) return;
  const key = `${application.id}:${itemId}:v${submission.version}`;
  await tellPartners(deps, application, 'accreditation_document_received', key, {
    item: found.item.name,
    fileName: submission.mediaType === 'text/plain' ? 'a confirmation' : submission.name,
    version: String(submission.version),
    feedbackBy: due.slice(0, 10),
  });
  const partner = await organisationName(deps, application);
  for (const reviewer of await reviewersOf(deps, application)) {
    await notify(deps.notifications, reviewer, {
      trigger: 'accreditation_review_waiting',
      dedupeKey: `accreditation_review_waiting:${key}:${reviewer.id}`,
      values: {
        application: application.type.name,
        item: found.item.name,
        partner,
        feedbackBy: due.slice(0, 10),
        portalUrl: staffUrl(deps, application.id),
      },
    });
  }
}

/**
 * After a staff decision: an approval tells the partner's members (with the reviewer's
 * comment, if any), and each stage the decision completed tells them too. A decision that
 * sends the item back is told by the caller ("inquiry", with the guidance).
 */
export async function noticeItemReviewed(
  deps: AccreditationDeps,
  application: ApplicationRecord,
  itemId: string,
  review: { decision: string; at: string; guidance?: string },
): Promise<void> {
  const found = checklistItem(application, itemId);
  if (!found || review.decision !== 'approved') return;
  await tellPartners(
    deps,
    application,
    'accreditation_item_approved',
    `${application.id}:${itemId}:${review.at}`,
    {
      item: found.item.name,
      feedback: review.guidance ? `The reviewer wrote: ${review.guidance}` : '',
    },
  );
  const stages = application.type.stages;
  for (const history of application.stageHistory) {
    if (history.completedAt !== review.at) continue;
    const index = stages.findIndex((s) => s.id === history.stageId);
    const stage = stages[index];
    if (!stage) continue;
    const following = stages[index + 1];
    await tellPartners(deps, application, 'accreditation_stage_completed', `${application.id}:${stage.id}`, {
      item: stage.name,
      stage: stage.name,
      next: following ? `Next: ${following.name}.` : 'It was the last stage: every requirement is now met.',
    });
  }
}

/**
 * Alerts the reviewers of every submitted item whose feedback is overdue, once per
 * submission (the item records the version alerted); returns how many items were alerted.
 */
export async function sendReviewOverdueAlerts(deps: AccreditationDeps): Promise<number> {
  const now = deps.now();
  let alerted = 0;
  const applications = await deps.stores.accreditation.listApplications({
    status: 'in_progress',
    limit: SWEEP_PAGE,
  });
  for (const application of applications) {
    for (const entry of application.items) {
      const due = feedbackDueAt(application, entry);
      const submission = entry.documents.at(-1);
      const found = checklistItem(application, entry.itemId);
      if (!due || !submission || !found || Date.parse(due) > now.getTime()) continue;
      if (entry.state === 'additional_review') {
        if (await alertAdditionalReviewOverdue(deps, application, entry.itemId, now)) alerted += 1;
        continue;
      }
      if (entry.reviewOverdueAlert?.version === submission.version) continue;
      // Record first: of two sweeps racing, the one whose write loses retries, sees it done
      // and stops, so the reviewers hear once (the dedupe keys would also hold).
      let claimed = false;
      await changeApplication(deps, application.id, (current) => {
        const fresh = current.items.find((i) => i.itemId === entry.itemId);
        if (!fresh || fresh.reviewOverdueAlert?.version === submission.version) {
          claimed = false;
          return current;
        }
        claimed = true;
        return withItem(current, entry.itemId, {
          ...fresh,
          reviewOverdueAlert: { version: submission.version, at: now.toISOString() },
        });
      });
      if (!claimed) continue;
      const partner = await organisationName(deps, application);
      for (const reviewer of await reviewersOf(deps, application)) {
        await notify(deps.notifications, reviewer, {
          trigger: 'accreditation_review_overdue',
          dedupeKey: `accreditation_review_overdue:${application.id}:${entry.itemId}:v${submission.version}:${reviewer.id}`,
          values: {
            application: application.type.name,
            item: found.item.name,
            partner,
            feedbackBy: due.slice(0, 10),
            portalUrl: staffUrl(deps, application.id),
          },
        });
      }
      alerted += 1;
    }
  }
  return alerted;
}

/**
 * Alerts the additional reviewer of an item whose additional review is overdue, once per
 * request (recorded on it first, as for first reviews); whether this call alerted.
 */
async function alertAdditionalReviewOverdue(
  deps: AccreditationDeps,
  application: ApplicationRecord,
  itemId: string,
  now: Date,
): Promise<boolean> {
  let request: AdditionalReview | undefined;
  await changeApplication(deps, application.id, (current) => {
    const fresh = current.items.find((i) => i.itemId === itemId);
    const open = fresh && openAdditionalReview(fresh);
    request = open && !open.overdueAlertedAt ? open : undefined;
    if (!fresh || !request) return current;
    const alertedAt = now.toISOString();
    return withItem(current, itemId, {
      ...fresh,
      additionalReviews: fresh.additionalReviews!.map((r) =>
        r === open ? { ...r, overdueAlertedAt: alertedAt } : r,
      ),
    });
  });
  const reviewer = request ? await deps.stores.users.get(request.reviewerId) : undefined;
  if (!request || !reviewer) return false;
  await notify(deps.notifications, reviewer, {
    trigger: 'accreditation_review_overdue',
    dedupeKey: `accreditation_review_overdue:${application.id}:${itemId}:additional:${request.requestedAt}:${reviewer.id}`,
    values: {
      application: application.type.name,
      item: `${checklistItem(application, itemId)?.item.name ?? itemId} (additional review)`,
      partner: await organisationName(deps, application),
      feedbackBy: request.dueAt.slice(0, 10),
      portalUrl: staffUrl(deps, application.id),
    },
  });
  return true;
}

/** The last time anything happened on an application: started, a stage, a submission, a decision, a check-in. */
function lastActivityAt(application: ApplicationRecord): string {
  const times = [
    application.startedAt,
    ...application.stageHistory.flatMap((h) => [h.startedAt, ...(h.completedAt ? [h.completedAt] : [])]),
    ...application.items.flatMap((i) => [
      ...i.documents.map((d) => d.uploadedAt),
      ...i.reviews.map((r) => r.at),
    ]),
    ...application.checkIns.map((m) => m.at),
  ];
  // ISO 8601 in UTC sorts as time does.
  return times.sort().at(-1)!;
}

/**
 * Prompts the partner of every application in progress that had no activity for the
 * configured days while items wait for the partner (in a stage already open); at most once
 * per period (the application records when). Returns how many applications were prompted.
 */
export async function sendInactivityPrompts(deps: AccreditationDeps): Promise<number> {
  const days = deps.inactivityDays ?? DEFAULT_INACTIVITY_DAYS;
  const now = deps.now();
  const period = days * DAY_MS;
  let prompted = 0;
  const applications = await deps.stores.accreditation.listApplications({
    status: 'in_progress',
    limit: SWEEP_PAGE,
  });
  for (const application of applications) {
    const since = [lastActivityAt(application), application.inactivityPromptedAt ?? ''].sort().at(-1)!;
    if (now.getTime() - Date.parse(since) < period) continue;
    const waiting = outstandingActions(application, now).filter(
      (o) =>
        o.owner === 'partner' &&
        application.type.stages.findIndex((s) => s.id === o.stageId) <= application.stageIndex,
    );
    if (waiting.length === 0) continue;
    const at = now.toISOString();
    let claimed = false;
    await changeApplication(deps, application.id, (current) => {
      claimed = current.inactivityPromptedAt === application.inactivityPromptedAt;
      return claimed ? { ...current, inactivityPromptedAt: at } : current;
    });
    if (!claimed) continue;
    await tellPartners(deps, application, 'accreditation_inactive', `${application.id}:${at}`, {
      daysInactive: String(Math.floor((now.getTime() - Date.parse(lastActivityAt(application))) / DAY_MS)),
      outstanding: waiting.length === 1 ? '1 item' : `${waiting.length} items`,
    });
    prompted += 1;
  }
  return prompted;
}
