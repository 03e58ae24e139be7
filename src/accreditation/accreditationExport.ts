/**
 * Accreditation data for BI tools: every application as a flat row (status, type,
 * organisation, stage, completion, dates) and the key figures as the staff list computes
 * them (accreditationKpis.ts over all applications, then per partner), as JSON for the
 * API (scope `reports:read`) and as CSV for the console. The KPIs come in long form, one
 * measure a row, so a BI tool reads them without knowing the stages beforehand.
 */
import type { Actor } from '../accounts/accountDeps.js';
import { AppError } from '../errors.js';
import { toCsv } from '../reports/csv.js';
import type { ApplicationRecord } from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { accreditationKpis, type AccreditationKpis } from './accreditationKpis.js';
import { completionPct, outstandingActions } from './applicationProgress.js';

/**
 * The most applications one export reads. Partners number in the tens with one
 * application a cycle, so this is every application for years.
 */
const EXPORT_LIMIT = 10_000;

/** One application as BI tools read it. */
interface ApplicationExportRow {
  id: string;
  organisationId: string;
  organisation: string;
  typeId: string;
  type: string;
  cycle: number;
  status: string;
  stage: string;
  completionPct: number;
  outstandingItems: number;
  overdueItems: number;
  startedAt: string;
  approvedAt?: string;
  validUntil?: string;
  endedAt?: string;
  endReason?: string;
  updatedAt: string;
}

/** The KPIs of all partners (no organisationId) or of one. */
interface KpiExportRow {
  organisationId?: string;
  organisation: string;
  kpis: AccreditationKpis;
}

/** The whole export at one instant. */
export interface AccreditationExport {
  generatedAt: string;
  applications: ApplicationExportRow[];
  kpis: KpiExportRow[];
}

/** Staff and admins in the console; an API key only through the route that checked its scope. */
function requireExporter(actor: Actor): void {
  if (actor.role !== 'staff' && actor.role !== 'admin' && actor.role !== 'api_key')
    throw new AppError('forbidden', 'Only staff export accreditation data');
}

function row(application: ApplicationRecord, organisation: string, now: Date): ApplicationExportRow {
  const outstanding = outstandingActions(application, now);
  return {
    id: application.id,
    organisationId: application.organisationId,
    organisation,
    typeId: application.type.id,
    type: application.type.name,
    cycle: application.cycle,
    status: application.status,
    stage: application.type.stages[application.stageIndex]?.name ?? 'all stages complete',
    completionPct: completionPct(application),
    outstandingItems: outstanding.length,
    overdueItems: outstanding.filter((o) => o.overdue).length,
    startedAt: application.startedAt,
    ...(application.approvedAt ? { approvedAt: application.approvedAt } : {}),
    ...(application.validUntil ? { validUntil: application.validUntil } : {}),
    ...(application.endedAt ? { endedAt: application.endedAt } : {}),
    ...(application.endReason ? { endReason: application.endReason } : {}),
    updatedAt: application.updatedAt,
  };
}

/** Every application and the KPIs, overall and per partner (staff, or an API key with the scope). */
export async function accreditationExport(
  deps: Pick<AccreditationDeps, 'stores' | 'now'>,
  actor: Actor,
): Promise<AccreditationExport> {
  requireExporter(actor);
  const now = deps.now();
  const [applications, organisations] = await Promise.all([
    deps.stores.accreditation.listApplications({ limit: EXPORT_LIMIT }),
    deps.stores.directory.listOrganisations(),
  ]);
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const nameOf = (id: string) => names.get(id) ?? 'unknown organisation';
  const partners = [...new Set(applications.map((a) => a.organisationId))];
  return {
    generatedAt: now.toISOString(),
    applications: applications.map((a) => row(a, nameOf(a.organisationId), now)),
    kpis: [
      { organisation: 'All partners', kpis: accreditationKpis(applications, now) },
      ...partners.map((organisationId) => ({
        organisationId,
        organisation: nameOf(organisationId),
        kpis: accreditationKpis(
          applications.filter((a) => a.organisationId === organisationId),
          now,
        ),
      })),
    ],
  };
}

/** The columns of the applications CSV, in order. */
const APPLICATIONS_CSV_HEADER = [
  'id',
  'organisation_id',
  'organisation',
  'type_id',
  'type',
  'cycle',
  'status',
  'stage',
  'completion_pct',
  'outstanding_items',
  'overdue_items',
  'started_at',
  'approved_at',
  'valid_until',
  'ended_at',
  'end_reason',
  'updated_at',
];

/** The applications as CSV (RFC 4180, formulas neutralised: src/reports/csv.ts). */
export function applicationsCsv(data: AccreditationExport): string {
  return toCsv(
    APPLICATIONS_CSV_HEADER,
    data.applications.map((a) => [
      a.id,
      a.organisationId,
      a.organisation,
      a.typeId,
      a.type,
      a.cycle,
      a.status,
      a.stage,
      a.completionPct,
      a.outstandingItems,
      a.overdueItems,
      a.startedAt,
      a.approvedAt,
      a.validUntil,
      a.endedAt,
      a.endReason,
      a.updatedAt,
    ]),
  );
}

/** The columns of the KPI CSV: one measure a row; `stage` only for the per-stage measures. */
const KPIS_CSV_HEADER = ['organisation_id', 'organisation', 'measure', 'stage', 'value'];

/** The KPIs as CSV; a measure with no value yet (nothing to compute it from) has an empty cell. */
export function kpisCsv(data: AccreditationExport): string {
  return toCsv(
    KPIS_CSV_HEADER,
    data.kpis.flatMap(({ organisationId, organisation, kpis }) => {
      const line = (measure: string, value: number | undefined, stage = '') => [
        organisationId ?? '',
        organisation,
        measure,
        stage,
        value,
      ];
      return [
        line('applications', kpis.applications),
        line('accredited', kpis.accredited),
        line('items', kpis.items),
        line('submitted_on_time_pct', kpis.submittedOnTimePct),
        line('average_delay_days', kpis.averageDelayDays),
        line('first_pass_approval_pct', kpis.firstPassApprovalPct),
        line('compliance_pct', kpis.compliancePct),
        line('feedback_count', kpis.feedback.count),
        line('feedback_average_score', kpis.feedback.averageScore),
        ...kpis.stageCycleDays.flatMap((s) => [
          line('stage_cycle_days', s.averageDays, s.stage),
          line('stage_completions', s.completed, s.stage),
        ]),
      ];
    }),
  );
}
