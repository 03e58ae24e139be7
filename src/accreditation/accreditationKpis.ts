/**
 * Accreditation KPIs, per partner and overall, computed from the applications:
 * - timeliness: the share of items first submitted by their deadline, and the average
 *   delay (days) of those submitted late;
 * - documentation quality: the first-pass approval rate (items whose first review approved
 *   them, among items reviewed);
 * - compliance: the share of items already due that are approved;
 * - cycle time per stage: average days from a stage's start to its completion;
 * - partner feedback: the average score of the cycles rated.
 */
import type { ApplicationRecord } from '../storage/ports.js';

export interface AccreditationKpis {
  applications: number;
  accredited: number;
  items: number;
  submittedOnTimePct?: number;
  averageDelayDays?: number;
  firstPassApprovalPct?: number;
  compliancePct?: number;
  stageCycleDays: { stage: string; averageDays: number; completed: number }[];
  feedback: { count: number; averageScore?: number };
}

const DAY_MS = 86_400_000;
const pct = (part: number, whole: number) =>
  whole === 0 ? undefined : Math.round((part / whole) * 1000) / 10;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The KPIs of a set of applications at `now`. */
export function accreditationKpis(applications: ApplicationRecord[], now: Date): AccreditationKpis {
  const items = applications.flatMap((a) => a.items);
  const submitted = items.filter((i) => i.firstSubmittedAt);
  const late = submitted.filter((i) => i.firstSubmittedAt! > i.dueAt);
  const reviewed = items.filter((i) => i.reviews.length > 0);
  const due = items.filter((i) => Date.parse(i.dueAt) <= now.getTime());
  const stages = new Map<string, number[]>();
  for (const application of applications) {
    for (const h of application.stageHistory) {
      if (!h.completedAt) continue;
      const name = application.type.stages.find((s) => s.id === h.stageId)?.name ?? h.stageId;
      stages.set(name, [
        ...(stages.get(name) ?? []),
        (Date.parse(h.completedAt) - Date.parse(h.startedAt)) / DAY_MS,
      ]);
    }
  }
  const rated = applications.filter((a) => a.feedback);
  const averageDelay = late.length
    ? late.reduce((n, i) => n + (Date.parse(i.firstSubmittedAt!) - Date.parse(i.dueAt)) / DAY_MS, 0) /
      late.length
    : undefined;
  const result: AccreditationKpis = {
    applications: applications.length,
    accredited: applications.filter((a) => a.status === 'approved').length,
    items: items.length,
    stageCycleDays: [...stages.entries()].map(([stage, days]) => ({
      stage,
      averageDays: round1(days.reduce((a, b) => a + b, 0) / days.length),
      completed: days.length,
    })),
    feedback: {
      count: rated.length,
      ...(rated.length
        ? { averageScore: round1(rated.reduce((n, a) => n + a.feedback!.score, 0) / rated.length) }
        : {}),
    },
  };
  const onTime = pct(submitted.length - late.length, submitted.length);
  if (onTime !== undefined) result.submittedOnTimePct = onTime;
  if (averageDelay !== undefined) result.averageDelayDays = round1(averageDelay);
  const firstPass = pct(
    reviewed.filter((i) => i.reviews[0]!.decision === 'approved').length,
    reviewed.length,
  );
  if (firstPass !== undefined) result.firstPassApprovalPct = firstPass;
  const compliance = pct(due.filter((i) => i.state === 'approved').length, due.length);
  if (compliance !== undefined) result.compliancePct = compliance;
  return result;
}
