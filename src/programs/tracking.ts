/**
 * Reading the tracker and the report for staff: gathers the records from the store and
 * hands them to the pure builders (issuanceTracker.ts, reports.ts).
 */
import type { Actor } from '../accounts/accountDeps.js';
import type { ProgramDeps } from './programDeps.js';
import { batchWithCourse } from './automaticIssuance.js';
import { requireProgramStaff } from './courses.js';
import { trackBatch, type BatchTracker } from './issuanceTracker.js';
import { buildProgramReport, type ProgramReport } from './reports.js';
import type { BatchRecord, CourseRecord, EnrolmentRecord, UserRecord } from '../storage/ports.js';

/** A batch, its course and its tracker (staff only). */
export async function batchTracker(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
): Promise<{ batch: BatchRecord; course: CourseRecord; tracker: BatchTracker }> {
  const { batch, course, tracker } = await trackedBatch(deps, actor, batchId);
  return { batch, course, tracker };
}

/** The tracker with the enrolments and accounts it was built from, for readers that need more of them (consentReminders.ts). */
export async function trackedBatch(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
): Promise<{
  batch: BatchRecord;
  course: CourseRecord;
  tracker: BatchTracker;
  enrolments: EnrolmentRecord[];
  users: Map<string, UserRecord>;
}> {
  requireProgramStaff(actor);
  const { batch, course } = await batchWithCourse(deps, batchId);
  const enrolments = await deps.stores.enrolments.listEnrolments(batchId);
  const users = new Map(
    (await Promise.all(enrolments.map((e) => deps.stores.users.get(e.userId)))).flatMap((u) =>
      u ? [[u.id, u] as const] : [],
    ),
  );
  const names = new Map(
    [...users.values()].map((u) => [u.id, u.status === 'erased' ? 'Erased participant' : u.name] as const),
  );
  return { batch, course, tracker: trackBatch(enrolments, names, course), enrolments, users };
}

/** The programme report over an optional period (staff only). */
export async function programReport(
  deps: ProgramDeps,
  actor: Actor,
  period: { from?: string; to?: string } = {},
): Promise<ProgramReport> {
  requireProgramStaff(actor);
  return readProgramReport(deps, period);
}

/**
 * The programme report read for the caller, who checked the actor already (programReport
 * above) or has none: the scheduled reports (scheduledReports.ts) run as the system.
 */
export async function readProgramReport(
  deps: Pick<ProgramDeps, 'stores'>,
  period: { from?: string; to?: string },
): Promise<ProgramReport> {
  const [courses, batches, submissions, feedback] = await Promise.all([
    deps.stores.courses.listCourses(),
    deps.stores.courses.listBatches(),
    deps.stores.submissions.listSubmissions({}),
    deps.stores.feedback.listFeedback(),
  ]);
  const enrolments = (
    await Promise.all(batches.map((b) => deps.stores.enrolments.listEnrolments(b.id)))
  ).flat();
  return buildProgramReport({ courses, batches, enrolments, submissions, feedback, ...period });
}
