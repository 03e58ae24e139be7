/**
 * Whether a participant meets a batch's criteria, and since when. Each requirement is
 * satisfied at the earliest time its events show it; the criteria are met at the latest
 * of those times. Computing the time from the events, not from when we happened to
 * evaluate, makes the verdict independent of event order and of processing delays, and
 * lets a deadline be judged by when things happened in the LMS.
 */
import type { BatchRecord, CourseRecord } from '../storage/ports.js';
import type { Progress } from './progress.js';

/** The verdict for one enrolment. */
export interface CriteriaVerdict {
  met: boolean;
  /** When the last requirement was satisfied (met only). */
  metAt?: string;
  /** Unmet requirements as stable codes: module:<id>, assessment:<id>, participation, content_approval, deadline. */
  missing: string[];
  /** The deadline passed with the criteria unmet: no certificate will come from this batch. */
  missed: boolean;
}

/** The modules a batch requires, as course module ids (the requirements page lists the same). */
export function requiredModuleIds(batch: BatchRecord, course: CourseRecord): string[] {
  return batch.criteria.requiredModules === 'all'
    ? course.modules.map((m) => m.id)
    : batch.criteria.requiredModules;
}

/** When each requirement was satisfied, or the code of the unmet one. */
function requirementTimes(
  batch: BatchRecord,
  course: CourseRecord,
  progress: Progress,
): { times: string[]; missing: string[] } {
  const times: string[] = [];
  const missing: string[] = [];
  const satisfied = (code: string, at: string | undefined) =>
    at === undefined ? missing.push(code) : times.push(at);
  for (const id of requiredModuleIds(batch, course)) {
    const done = [progress.modules.get(id), progress.courseCompletedAt]
      .filter((t): t is string => t !== undefined)
      .sort()[0];
    satisfied(`module:${id}`, done);
  }
  for (const { assessmentId, minScore } of batch.criteria.assessments) {
    const passing = (progress.scores.get(assessmentId) ?? [])
      .filter((s) => s.score >= minScore)
      .map((s) => s.at)
      .sort()[0];
    satisfied(`assessment:${assessmentId}`, passing);
  }
  if (batch.criteria.minParticipation > 0)
    satisfied('participation', progress.participation[batch.criteria.minParticipation - 1]);
  if (batch.criteria.contentApproval) satisfied('content_approval', progress.approvedAt);
  return { times, missing };
}

/**
 * Evaluates the criteria. `since` is when the participant enrolled: with no requirement
 * at all (an attendance certificate) the criteria are met from then.
 */
export function evaluateCriteria(
  batch: BatchRecord,
  course: CourseRecord,
  progress: Progress,
  since: string,
  now: Date,
): CriteriaVerdict {
  // Staff chose to issue regardless of the criteria (and of the deadline): met from then.
  if (progress.staffApprovedAt)
    return { met: true, metAt: progress.staffApprovedAt, missing: [], missed: false };
  const { times, missing } = requirementTimes(batch, course, progress);
  const deadline = batch.criteria.deadline;
  const pastDeadline = deadline !== undefined && now.toISOString() > deadline;
  if (missing.length > 0) return { met: false, missing, missed: pastDeadline };
  const metAt = times.length > 0 ? times.sort().at(-1)! : since;
  if (deadline !== undefined && metAt > deadline) return { met: false, missing: ['deadline'], missed: true };
  return { met: true, metAt, missing: [], missed: false };
}
