/**
 * Additional review (issue 21): staff send a submitted item, or every item of an
 * application waiting for review at once, to a second reviewer (the accreditation lead),
 * with a reason. The item shows as "under additional review" to the partner, with the date
 * a decision is expected (the type's review service level, counted from the request), and
 * in the staff list's review filter. Only that reviewer then approves it or sends it back
 * (reviewItem in applicationReview.ts closes the request); the request and the decision are
 * audited. The expected date counts like any review's: the overdue sweep alerts the
 * additional reviewer once per request (accreditationNotices.ts).
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { notify } from '../notifications/notify.js';
import type { AdditionalReview, ApplicationItem, ApplicationRecord } from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { changeApplication, tellPartners, visibleApplication, withItem } from './applications.js';
import { checklistItem } from './applicationProgress.js';
import { DEFAULT_REVIEW_DAYS } from './accreditationNotices.js';

const DAY_MS = 86_400_000;
const REASON_CHARS = 1000;
const isStaff = (actor: Pick<Actor, 'role'>) => actor.role === 'staff' || actor.role === 'admin';

/** The item's additional review still waiting for a decision, if it is in one. */
export function openAdditionalReview(entry: ApplicationItem): AdditionalReview | undefined {
  const last = entry.additionalReviews?.at(-1);
  return entry.state === 'additional_review' && last && !last.decidedAt ? last : undefined;
}

/** Whether the item waits for a reviewer's decision (first or additional review). */
export const awaitsReview = (entry: Pick<ApplicationItem, 'state'>): boolean =>
  entry.state === 'submitted' || entry.state === 'under_review' || entry.state === 'additional_review';

/**
 * Sends one item (`itemId`), or every item waiting for review (no `itemId`), to
 * `reviewerId` for an additional review; staff only, the reviewer an active staff member
 * or admin other than the one asking. Returns the application as updated.
 */
export async function requestAdditionalReview(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  input: { itemId?: string | undefined; reviewerId: string; reason: string },
): Promise<ApplicationRecord> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff send items to additional review');
  await visibleApplication(deps, actor, id);
  const reason = input.reason.trim();
  if (!reason || reason.length > REASON_CHARS)
    throw new AppError(
      'invalid_request',
      `Say why it needs an additional review (up to ${REASON_CHARS} characters)`,
    );
  const reviewer = input.reviewerId ? await deps.stores.users.get(input.reviewerId) : undefined;
  if (reviewer?.status !== 'active' || !isStaff(reviewer))
    throw new AppError('invalid_request', 'Choose an active staff member as the additional reviewer');
  if (reviewer.id === actor.id)
    throw new AppError(
      'invalid_request',
      'The additional reviewer must be someone else: choose a second reviewer',
    );
  const now = deps.now();
  let sent: string[] = [];
  const updated = await changeApplication(deps, id, (current) => {
    if (current.status !== 'in_progress')
      throw new AppError('conflict', 'The application is not in progress');
    const request: AdditionalReview = {
      requestedAt: now.toISOString(),
      requestedBy: actor.id,
      reviewerId: reviewer.id,
      reason,
      dueAt: new Date(
        now.getTime() + (current.type.reviewDays ?? DEFAULT_REVIEW_DAYS) * DAY_MS,
      ).toISOString(),
    };
    const waiting = current.items.filter(
      (i) =>
        (i.state === 'submitted' || i.state === 'under_review') &&
        (!input.itemId || i.itemId === input.itemId),
    );
    if (input.itemId && !current.items.some((i) => i.itemId === input.itemId))
      throw new AppError('not_found', `No checklist item ${input.itemId}`);
    if (waiting.length === 0)
      throw new AppError(
        'conflict',
        input.itemId
          ? 'Only an item waiting for review can be sent to additional review'
          : 'No item of this application waits for review',
      );
    sent = waiting.map((i) => i.itemId);
    return waiting.reduce(
      (next, entry) =>
        withItem(next, entry.itemId, {
          ...entry,
          state: 'additional_review',
          additionalReviews: [...(entry.additionalReviews ?? []), request],
        }),
      current,
    );
  });
  await audit(
    deps,
    actor,
    'accreditation.additional_review_requested',
    { type: 'application', id },
    { itemIds: sent, reviewerId: reviewer.id, reason },
  );
  const names = sent.map((itemId) => checklistItem(updated, itemId)?.item.name ?? itemId).join(', ');
  const dueBy = openAdditionalReview(updated.items.find((i) => i.itemId === sent[0])!)!.dueAt.slice(0, 10);
  const key = `${id}:${now.toISOString()}`;
  await notify(deps.notifications, reviewer, {
    trigger: 'accreditation_additional_review_requested',
    dedupeKey: `accreditation_additional_review_requested:${key}:${reviewer.id}`,
    values: {
      application: updated.type.name,
      item: names,
      partner: (await deps.stores.directory.getOrganisation(updated.organisationId))?.name ?? 'A partner',
      reason,
      requestedBy: actor.label,
      feedbackBy: dueBy,
      portalUrl: `${deps.publicUrl}/admin/accreditation/${id}`,
    },
  });
  await tellPartners(deps, updated, 'accreditation_additional_review', key, {
    item: names,
    feedbackBy: dueBy,
  });
  return updated;
}

/**
 * Checks that `actor` may decide an item in additional review (its reviewer alone) and
 * returns the item with the request closed by `decision`; other items pass unchanged.
 */
export function closeAdditionalReview(
  entry: ApplicationItem,
  actor: Actor,
  decision: AdditionalReview['decision'],
  at: string,
): ApplicationItem {
  if (entry.state !== 'additional_review') return entry;
  const open = openAdditionalReview(entry);
  if (open && open.reviewerId !== actor.id)
    throw new AppError(
      'forbidden',
      'This item is under additional review: only its additional reviewer decides',
    );
  return {
    ...entry,
    additionalReviews: (entry.additionalReviews ?? []).map((r) =>
      r === open ? { ...r, decidedAt: at, decidedBy: actor.id, ...(decision ? { decision } : {}) } : r,
    ),
  };
}
