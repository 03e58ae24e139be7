/**
 * What the accreditation pages show, each read behind the actor check the page's
 * middleware already made (so the domain does not depend on it): the staff list of
 * applications with the key figures per partner, a partner's own applications, one
 * application with the people named on it, and one of its files.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { activeStaffMembers } from '../accounts/staffMembers.js';
import type {
  AccreditationTypeRecord,
  ApplicationRecord,
  ApplicationStatus,
  UserRecord,
} from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { visibleApplication } from './applications.js';
import { completionPct, outstandingActions, type OutstandingAction } from './applicationProgress.js';
import { accreditationKpis, type AccreditationKpis } from './accreditationKpis.js';
import { openAdditionalReview } from './additionalReview.js';

/**
 * Applications the staff list reads (newest first). Partners number in the tens, each with
 * an application a cycle, so this is every application in practice; the key figures are
 * computed over the same page.
 */
export const STAFF_APPLICATION_PAGE = 500;
/** A partner's own applications on /partner: one per type and cycle. */
export const PARTNER_APPLICATION_PAGE = 100;

/** A summary row of an application. */
export interface ApplicationSummary {
  application: ApplicationRecord;
  organisationName: string;
  completion: number;
  outstanding: OutstandingAction[];
}

/** The key figures of one partner, or of all (no organisationId). */
export interface KpiRow {
  organisationId?: string;
  name: string;
  kpis: AccreditationKpis;
}

const isStaff = (actor: Actor) => actor.role === 'staff' || actor.role === 'admin';

function requireStaff(actor: Actor): void {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff see every accreditation application');
}

/** Summaries with their organisations' names, overdue ones first (the caller checked the actor). */
async function summarise(
  deps: Pick<AccreditationDeps, 'stores' | 'now'>,
  applications: ApplicationRecord[],
): Promise<ApplicationSummary[]> {
  const now = deps.now();
  const organisations = new Map((await deps.stores.directory.listOrganisations()).map((o) => [o.id, o.name]));
  const list = applications.map((application) => ({
    application,
    organisationName: organisations.get(application.organisationId) ?? 'unknown organisation',
    completion: completionPct(application),
    outstanding: outstandingActions(application, now),
  }));
  const overdue = (s: ApplicationSummary) => s.outstanding.filter((o) => o.overdue).length;
  return list.sort((a, b) => overdue(b) - overdue(a));
}

/** The staff list's review filter: items in additional review, or those waiting for the reader's decision. */
export const REVIEW_FILTERS = ['additional', 'additional_mine'] as const;
type ReviewFilter = (typeof REVIEW_FILTERS)[number];

/** Whether the application has an item in additional review (for `reviewerId`, when given). */
function inAdditionalReview(application: ApplicationRecord, reviewerId?: string): boolean {
  return application.items.some((entry) => {
    const open = openAdditionalReview(entry);
    return open !== undefined && (!reviewerId || open.reviewerId === reviewerId);
  });
}

/**
 * The staff list (/admin/accreditation): applications, optionally of one status and with
 * items in additional review (anyone's, or the reader's), and the key figures of the status.
 */
export async function staffApplicationOverview(
  deps: Pick<AccreditationDeps, 'stores' | 'now'>,
  actor: Actor,
  filter: { status?: ApplicationStatus; review?: ReviewFilter },
): Promise<{ items: ApplicationSummary[]; anyTypeOpen: boolean; kpis: KpiRow[] }> {
  requireStaff(actor);
  const [applications, types] = await Promise.all([
    deps.stores.accreditation.listApplications({
      ...(filter.status ? { status: filter.status } : {}),
      limit: STAFF_APPLICATION_PAGE,
    }),
    deps.stores.accreditation.listTypes(),
  ]);
  const listed = filter.review
    ? applications.filter((a) =>
        inAdditionalReview(a, filter.review === 'additional_mine' ? actor.id : undefined),
      )
    : applications;
  const items = await summarise(deps, listed);
  const now = deps.now();
  const names = new Map(
    (await deps.stores.directory.listOrganisations()).map((o) => [o.id, o.name] as const),
  );
  const byPartner = [...new Set(applications.map((a) => a.organisationId))].map((organisationId) => ({
    organisationId,
    name: names.get(organisationId) ?? organisationId,
    kpis: accreditationKpis(
      applications.filter((a) => a.organisationId === organisationId),
      now,
    ),
  }));
  return {
    items,
    anyTypeOpen: types.some((t) => t.active),
    kpis: [{ name: 'All partners', kpis: accreditationKpis(applications, now) }, ...byPartner],
  };
}

/** A partner's applications and the types open for applying (partners of that organisation, and staff). */
export async function partnerApplicationOverview(
  deps: Pick<AccreditationDeps, 'stores' | 'now'>,
  actor: Actor,
  organisationId: string,
): Promise<{ applications: ApplicationSummary[]; openTypes: AccreditationTypeRecord[] }> {
  if (!isStaff(actor) && !(actor.role === 'partner' && actor.organisationId === organisationId))
    throw new AppError('not_found', 'No such organisation');
  const [applications, types] = await Promise.all([
    deps.stores.accreditation.listApplications({ organisationId, limit: PARTNER_APPLICATION_PAGE }),
    deps.stores.accreditation.listTypes(),
  ]);
  return { applications: await summarise(deps, applications), openTypes: types.filter((t) => t.active) };
}

/** One application's page: its summary, the people named on it, and (for staff) whom it can be assigned to. */
export async function applicationPage(
  deps: Pick<AccreditationDeps, 'stores' | 'now'>,
  actor: Actor,
  id: string,
): Promise<{
  summary: ApplicationSummary;
  people: Map<string, UserRecord | undefined>;
  staff: UserRecord[];
}> {
  const application = await visibleApplication(deps, actor, id);
  const [summary] = await summarise(deps, [application]);
  const ids = new Set([
    application.startedBy,
    ...application.items.flatMap((i) => [
      ...i.documents.map((d) => d.uploadedBy),
      ...i.reviews.map((r) => r.by),
      ...(i.additionalReviews ?? []).flatMap((r) => [r.requestedBy, r.reviewerId]),
    ]),
    ...application.checkIns.map((m) => m.by),
    ...application.stageHistory.flatMap((h) => (h.completedBy ? [h.completedBy] : [])),
  ]);
  const people = new Map(
    await Promise.all([...ids].map(async (uid) => [uid, await deps.stores.users.get(uid)] as const)),
  );
  const staff = isStaff(actor) ? await activeStaffMembers(deps, actor) : [];
  return { summary: summary!, people, staff };
}

/** A file of the application (an uploaded document, not a typed note), checked to belong to it. */
export async function applicationFile(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
  id: string,
  sha256: string,
): Promise<{ name: string; mediaType: string; bytes: Uint8Array }> {
  const application = await visibleApplication(deps, actor, id);
  const document = application.items
    .flatMap((i) => i.documents)
    .find((d) => d.sha256 === sha256 && d.mediaType !== 'text/plain');
  const bytes = document ? await deps.stores.files.getFile(sha256) : undefined;
  if (!document || !bytes) throw new AppError('not_found', 'No such document in this application');
  return { name: document.name, mediaType: document.mediaType, bytes };
}
