/**
 * The quarterly progress report of a partner organisation: each application's stage and
 * completion, the remaining actions with their deadlines, the staff feedback given in the
 * quarter, check-ins, and the partner's KPIs. Shown in the portal (HTML, PDF) for any
 * quarter, and announced by email to the partner's members once a quarter ends (the sweep
 * is idempotent: one notice per member and quarter). Also the partner's feedback on a
 * cycle, asked for once it has ended or been granted.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { notify } from '../notifications/notify.js';
import type { ApplicationRecord } from '../storage/ports.js';
import type { ReportSection } from '../messaging/monthlyReport.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { checklistItem, completionPct, outstandingActions } from './applicationProgress.js';
import { accreditationKpis } from './accreditationKpis.js';
import { changeApplication, visibleApplication } from './applications.js';
import { plural } from '../plural.js';
import { MEETING_KIND_LABELS, RATING_LABELS } from './checkInLabels.js';

/** `2026-Q4` -> its first instant and the next quarter's. */
function quarterRange(quarter: string): { from: string; to: string } {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match) throw new AppError('invalid_request', 'quarter: use the form 2026-Q4');
  const year = Number(match[1]);
  const q = Number(match[2]);
  return {
    from: new Date(Date.UTC(year, (q - 1) * 3, 1)).toISOString(),
    to: new Date(Date.UTC(year, q * 3, 1)).toISOString(),
  };
}

/** The quarter an instant falls in, and the one before it. */
export function quarterOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}
export function previousQuarter(at: Date): string {
  return quarterOf(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 3, 1)));
}

const day = (iso: string) => iso.slice(0, 10);
const fmt = (n: number | undefined, unit = '') => (n === undefined ? '—' : `${n}${unit}`);

/** The report of one organisation for one quarter (staff, or the organisation's partners). */
export async function quarterlyReport(
  deps: AccreditationDeps,
  actor: Actor,
  organisationId: string,
  quarter: string,
): Promise<{ title: string; organisation: string; sections: ReportSection[] }> {
  const isStaff = actor.role === 'staff' || actor.role === 'admin';
  if (!isStaff && !(actor.role === 'partner' && actor.organisationId === organisationId))
    throw new AppError('not_found', 'No such organisation');
  const organisation = await deps.stores.directory.getOrganisation(organisationId);
  if (!organisation) throw new AppError('not_found', 'No such organisation');
  const { from, to } = quarterRange(quarter);
  const end = new Date(Math.min(Date.parse(to), deps.now().getTime()));
  const applications = (
    await deps.stores.accreditation.listApplications({ organisationId, limit: 200 })
  ).filter((a) => a.startedAt < to && (!a.endedAt || a.endedAt >= from));
  const inQuarter = (iso: string) => iso >= from && iso < to;
  const kpis = accreditationKpis(applications, end);
  const stageName = (a: ApplicationRecord) => a.type.stages[a.stageIndex]?.name ?? 'all stages complete';
  // Staff's overall assessment, and the check-ins and coaching calls held (checkIns.ts).
  const assessment = await deps.stores.checkIns.getAssessment(organisationId, quarter);
  const meetingsHeld = (
    await deps.stores.checkIns.listMeetings({ organisationId, from, to, limit: 200 })
  ).filter((m) => m.status === 'scheduled' && m.startsAt < end.toISOString());
  const sections: ReportSection[] = [
    {
      heading: 'Status',
      paragraphs: [
        applications.length
          ? `${organisation.name} had ${plural(applications.length, 'accreditation application')} open during ${quarter}.`
          : `${organisation.name} had no accreditation applications open during ${quarter}.`,
      ],
      table: {
        header: ['Accreditation', 'Cycle', 'Status', 'Stage', 'Complete'],
        rows: applications.map((a) => [
          a.type.name,
          String(a.cycle),
          a.status.replace('_', ' '),
          stageName(a),
          `${completionPct(a)}%`,
        ]),
      },
    },
    {
      heading: 'Remaining actions',
      paragraphs: ['What is still to be done, overdue first.'],
      table: {
        header: ['Accreditation', 'Item', 'Stage', 'State', 'Due', 'Who acts'],
        rows: applications.flatMap((a) =>
          outstandingActions(a, end).map((o) => [
            a.type.name,
            o.name,
            o.stageName,
            o.state.replace('_', ' '),
            `${day(o.dueAt)}${o.overdue ? ' (overdue)' : ''}`,
            o.owner,
          ]),
        ),
      },
    },
    {
      heading: 'Feedback from the review team',
      paragraphs: applications.flatMap((a) =>
        a.items.flatMap((i) =>
          i.reviews
            .filter((r) => inQuarter(r.at) && r.guidance)
            .map((r) => `${day(r.at)} · ${checklistItem(a, i.itemId)?.item.name ?? i.itemId}: ${r.guidance}`),
        ),
      ),
    },
    {
      heading: 'Check-in meetings',
      paragraphs: applications
        .flatMap((a) => a.checkIns.filter((m) => inQuarter(m.at)).map((m) => `${day(m.at)} · ${a.type.name}`))
        .concat(
          meetingsHeld.map(
            (m) =>
              `${day(m.startsAt)} · ${MEETING_KIND_LABELS[m.kind]}${m.agreedActions ? `; agreed: ${m.agreedActions}` : ''}`,
          ),
        ),
    },
    {
      heading: 'Overall assessment',
      paragraphs: assessment
        ? [`${RATING_LABELS[assessment.rating]}.`, assessment.text]
        : ['Not written yet: the review team writes it during or after the quarter.'],
    },
    {
      heading: 'Key figures',
      paragraphs: [
        `Submitted on time: ${fmt(kpis.submittedOnTimePct, '%')}; average delay of late submissions: ${fmt(kpis.averageDelayDays, ' days')}.`,
        `First-pass approval: ${fmt(kpis.firstPassApprovalPct, '%')}; compliance (items due that are approved): ${fmt(kpis.compliancePct, '%')}.`,
        ...kpis.stageCycleDays.map(
          (s) => `${s.stage}: completed in ${plural(s.averageDays, 'day')} on average (${s.completed}).`,
        ),
        kpis.feedback.count
          ? `Your feedback on completed cycles: ${kpis.feedback.averageScore}/5 (${kpis.feedback.count}).`
          : 'No feedback on a completed cycle yet.',
      ],
    },
  ].map((s) => (s.paragraphs.length ? s : { ...s, paragraphs: ['None.'] }));
  return {
    title: `${organisation.name}: accreditation progress ${quarter}`,
    organisation: organisation.name,
    sections,
  };
}

/** Emails every partner member that the last quarter's report is ready (once per member and quarter). */
export async function announceQuarterlyReports(deps: AccreditationDeps): Promise<number> {
  const quarter = previousQuarter(deps.now());
  const { from, to } = quarterRange(quarter);
  const organisations = new Set(
    (await deps.stores.accreditation.listApplications({ limit: 10_000 }))
      .filter((a) => a.startedAt < to && (!a.endedAt || a.endedAt >= from))
      .map((a) => a.organisationId),
  );
  let sent = 0;
  for (const organisationId of organisations) {
    const members = await deps.stores.users.list({ role: 'partner', organisationId, limit: 200, offset: 0 });
    for (const member of members) {
      const dedupeKey = `accreditation_quarterly_report:${quarter}:${member.id}`;
      if (await deps.notifications.stores.outbox.getByDedupeKey(dedupeKey)) continue;
      const message = await notify(deps.notifications, member, {
        trigger: 'accreditation_quarterly_report',
        dedupeKey,
        values: { quarter, portalUrl: `${deps.publicUrl}/partner/reports/${quarter}` },
      });
      if (message) sent += 1;
    }
  }
  return sent;
}

/** The partner rates a cycle once it was granted or ended: 1-5 and a comment. */
export async function giveCycleFeedback(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  score: number,
  comment?: string,
): Promise<ApplicationRecord> {
  const application = await visibleApplication(deps, actor, id);
  if (actor.role !== 'partner')
    throw new AppError('forbidden', 'The partner gives feedback on its accreditation cycle');
  if (application.status === 'in_progress')
    throw new AppError('conflict', 'Feedback is asked for once the cycle is complete');
  if (!Number.isInteger(score) || score < 1 || score > 5)
    throw new AppError('invalid_request', 'Choose a score from 1 to 5');
  const text = comment?.trim() ?? '';
  if (text.length > 2000)
    throw new AppError('invalid_request', 'The comment may be at most 2,000 characters');
  const at = deps.now().toISOString();
  const rated = await changeApplication(deps, id, (current) => {
    if (current.feedback)
      throw new AppError('conflict', 'Your organisation already gave feedback on this cycle');
    return { ...current, feedback: { score, at, by: actor.id, ...(text ? { comment: text } : {}) } };
  });
  await audit(deps, actor, 'accreditation.feedback', { type: 'application', id }, { score });
  return rated;
}
