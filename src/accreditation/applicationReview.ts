/**
 * Staff decisions on an application: an item is approved, rejected with guidance the
 * partner can act on, or sent back for clarification. When the last item of the current
 * stage is approved the stage completes (who and when) and the next starts; when the last
 * stage completes the application is approved and the accreditation credential issued
 * (Open Badges 3.0, signed like every certificate, valid for the type's validity period).
 * Withdrawal or lapse ends the application and revokes its credential.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type { ApplicationRecord, ItemReview } from '../storage/ports.js';
import { issueCredential } from '../credentials/issueCredential.js';
import { changeCredentialStatus } from '../status/statusLists.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import {
  changeApplication,
  tellPartners,
  visibleApplication,
  withItem,
  DOCUMENT_LIMITS,
} from './applications.js';
import { checklistItem } from './applicationProgress.js';
import { awaitsReview, closeAdditionalReview } from './additionalReview.js';
import { accreditationCredential } from './accreditationCredential.js';
import { planApplicationReminders, planRenewalReminders } from './accreditationReminders.js';
import { repeatEvery } from '../scheduling/repeat.js';
import type { Logger } from '../logging/logger.js';
import { announceQuarterlyReports } from './quarterlyReport.js';
import {
  noticeItemReviewed,
  sendInactivityPrompts,
  sendReviewOverdueAlerts,
} from './accreditationNotices.js';

const isStaff = (actor: Pick<Actor, 'role'>) => actor.role === 'staff' || actor.role === 'admin';

/** Completes every stage whose items are all approved, from the current one on. */
function advanceStages(application: ApplicationRecord, at: string, by: string): ApplicationRecord {
  let next = application;
  while (next.stageIndex < next.type.stages.length) {
    const stage = next.type.stages[next.stageIndex]!;
    const done = next.items.filter((i) => i.stageId === stage.id).every((i) => i.state === 'approved');
    if (!done) break;
    const history = next.stageHistory.map((h) =>
      h.stageId === stage.id && !h.completedAt ? { ...h, completedAt: at, completedBy: by } : h,
    );
    const following = next.type.stages[next.stageIndex + 1];
    next = {
      ...next,
      stageIndex: next.stageIndex + 1,
      stageHistory: following ? [...history, { stageId: following.id, startedAt: at }] : history,
    };
  }
  return next;
}

/** Staff take a submitted item up for review (the partner sees it is being looked at). */
export async function startItemReview(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  itemId: string,
): Promise<ApplicationRecord> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff review applications');
  await visibleApplication(deps, actor, id);
  return changeApplication(deps, id, (current) => {
    const entry = current.items.find((i) => i.itemId === itemId);
    if (!entry) throw new AppError('not_found', `No checklist item ${itemId}`);
    if (entry.state !== 'submitted')
      throw new AppError('conflict', 'Only a submitted item can be taken up for review');
    return withItem(current, itemId, { ...entry, state: 'under_review' });
  });
}

/** Staff decide on a submitted item. */
export async function reviewItem(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  itemId: string,
  decision: ItemReview['decision'],
  guidance?: string,
): Promise<ApplicationRecord> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff review applications');
  await visibleApplication(deps, actor, id);
  const text = guidance?.trim() ?? '';
  if (decision !== 'approved' && !text)
    throw new AppError('invalid_request', 'Say what the partner must change or clarify');
  if (text.length > DOCUMENT_LIMITS.guidanceChars)
    throw new AppError(
      'invalid_request',
      `Guidance may be at most ${DOCUMENT_LIMITS.guidanceChars} characters`,
    );
  const at = deps.now().toISOString();
  let wasAdditional = false;
  const updated = await changeApplication(deps, id, (current) => {
    if (current.status !== 'in_progress')
      throw new AppError('conflict', 'The application is not in progress');
    const entry = current.items.find((i) => i.itemId === itemId);
    if (!entry || !checklistItem(current, itemId))
      throw new AppError('not_found', `No checklist item ${itemId}`);
    if (!awaitsReview(entry)) throw new AppError('conflict', 'Only a submitted item can be reviewed');
    wasAdditional = entry.state === 'additional_review';
    const review: ItemReview = { at, by: actor.id, decision, ...(text ? { guidance: text } : {}) };
    const state = decision === 'approved' ? 'approved' : 'needs_changes';
    const reviewed = withItem(current, itemId, {
      ...closeAdditionalReview(entry, actor, decision, at),
      state,
      reviews: [...entry.reviews, review],
      ...(state === 'approved' ? { approvedAt: at } : {}),
    });
    return advanceStages(reviewed, at, actor.id);
  });
  await audit(
    deps,
    actor,
    'accreditation.item_reviewed',
    { type: 'application', id },
    { itemId, decision, ...(wasAdditional ? { additionalReview: true } : {}) },
  );
  await noticeItemReviewed(deps, updated, itemId, { decision, at, ...(text ? { guidance: text } : {}) });
  const item = checklistItem(updated, itemId)!.item;
  if (decision !== 'approved') {
    await tellPartners(deps, updated, 'inquiry', `${id}:${itemId}:${at}`, {
      item: item.name,
      feedback: text,
    });
  }
  if (updated.stageIndex >= updated.type.stages.length && updated.status === 'in_progress')
    return approveApplication(deps, actor, updated);
  await planApplicationReminders(deps, updated);
  return updated;
}

/** Approves a completed application and issues its credential (idempotent per application). */
async function approveApplication(
  deps: AccreditationDeps,
  actor: Actor,
  application: ApplicationRecord,
): Promise<ApplicationRecord> {
  const organisation = await deps.stores.directory.getOrganisation(application.organisationId);
  const now = deps.now();
  const validUntil = new Date(now);
  validUntil.setUTCMonth(validUntil.getUTCMonth() + application.type.validityMonths);
  const credential = accreditationCredential({
    application,
    organisationName: organisation?.name ?? application.organisationId,
    publicUrl: deps.publicUrl,
    validFrom: now,
    validUntil,
  });
  // Public: an accreditation is the organisation's standing, for its clients to check, and
  // the application page links its page (/c/:id), which answers only for public credentials.
  const { record } = await issueCredential(deps.issue, credential, {
    idempotencyKey: `accreditation:${application.id}`,
    isPublic: true,
  });
  const approved = await changeApplication(deps, application.id, (current) => ({
    ...current,
    status: 'approved',
    approvedAt: now.toISOString(),
    approvedBy: actor.id,
    credentialId: record.id,
    validFrom: now.toISOString(),
    validUntil: validUntil.toISOString(),
  }));
  await audit(
    deps,
    actor,
    'accreditation.approved',
    { type: 'application', id: application.id },
    { credentialId: record.id },
  );
  await tellPartners(deps, approved, 'requirements_met', application.id, { item: 'all requirements' });
  await planApplicationReminders(deps, approved);
  await planRenewalReminders(deps, approved);
  return approved;
}

/** Ends an application: withdrawn (partner or staff) or lapsed (staff, or expiry); revokes its credential. */
export async function endApplication(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  outcome: 'withdrawn' | 'lapsed',
  reason: string,
): Promise<ApplicationRecord> {
  const application = await visibleApplication(deps, actor, id);
  if (outcome === 'lapsed' && !isStaff(actor))
    throw new AppError('forbidden', 'Only staff mark an accreditation as lapsed');
  if (!isStaff(actor) && actor.role !== 'partner')
    throw new AppError('forbidden', 'Only the partner or staff withdraw an application');
  const why = reason.trim();
  if (!why || why.length > 500)
    throw new AppError('invalid_request', 'Give the reason (up to 500 characters)');
  if (application.status !== 'in_progress' && application.status !== 'approved')
    throw new AppError('conflict', 'The application has already ended');
  const at = deps.now().toISOString();
  const ended = await changeApplication(deps, id, (current) => {
    if (current.status !== 'in_progress' && current.status !== 'approved')
      throw new AppError('conflict', 'The application has already ended');
    return { ...current, status: outcome, endedAt: at, endReason: why };
  });
  if (ended.credentialId) {
    const credential = await deps.stores.credentials.get(ended.credentialId);
    if (credential?.state === 'issued' && !credential.revoked)
      await changeCredentialStatus(
        deps.status,
        ended.credentialId,
        'revoke',
        `accreditation ${outcome}: ${why}`,
      );
  }
  await audit(deps, actor, `accreditation.${outcome}`, { type: 'application', id }, { reason: why });
  await planApplicationReminders(deps, ended);
  await planRenewalReminders(deps, ended);
  return ended;
}

/** Lapses every approved accreditation whose validity has ended (run on a schedule). */
export async function lapseExpired(deps: AccreditationDeps): Promise<number> {
  const system: Actor = { id: 'system', label: 'accreditation expiry', role: 'staff' };
  const now = deps.now().toISOString();
  let count = 0;
  for (const application of await deps.stores.accreditation.listApplications({
    status: 'approved',
    limit: 10_000,
  })) {
    if (application.validUntil && application.validUntil <= now) {
      await endApplication(
        deps,
        system,
        application.id,
        'lapsed',
        'the accreditation period ended without renewal',
      );
      count += 1;
    }
  }
  return count;
}

/** Lapses expired accreditations, announces last quarter's reports, alerts overdue reviews and prompts inactive partners, hourly, until stopped. */
export function startAccreditationSweep(
  deps: AccreditationDeps,
  logger: Logger,
  intervalMs = 3600_000,
): () => void {
  return repeatEvery(
    'accreditation expiry and quarterly reports',
    intervalMs,
    async () => {
      await lapseExpired(deps);
      await announceQuarterlyReports(deps);
      await sendReviewOverdueAlerts(deps);
      await sendInactivityPrompts(deps);
    },
    logger,
  );
}
