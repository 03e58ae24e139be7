/**
 * A participant's progress in a batch is the fold of their recorded events. The fold is
 * order-independent (sets, maxima, earliest times), so events arriving late, shuffled or
 * twice always give the same progress: the property automatic issuance relies on.
 */
import type { ProgressEvent } from '../storage/ports.js';

/** The facts the criteria look at, each with the earliest time it became true. */
export interface Progress {
  /** Completed module id -> earliest completion time (ISO). */
  modules: Map<string, string>;
  /** When the whole course was reported complete (an LMS "course completed"), if ever. */
  courseCompletedAt?: string;
  /** Assessment id -> every score with its time, so "first reached X" is computable. */
  scores: Map<string, { score: number; at: string }[]>;
  /** Times of distinct participation events (peer reviews, discussion posts). */
  participation: string[];
  /** Earliest content approval. */
  approvedAt?: string;
  /** Latest content rejection (shown to the participant; does not undo an approval). */
  rejectedAt?: string;
  /** When staff chose to issue regardless of the criteria ("Issue now"), earliest. */
  staffApprovedAt?: string;
}

const earlier = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);

/** Folds events (any order, duplicates already dropped by the store) into progress. */
export function foldProgress(events: readonly ProgressEvent[]): Progress {
  const progress: Progress = { modules: new Map(), scores: new Map(), participation: [] };
  for (const event of events) {
    const at = event.occurredAt;
    switch (event.type) {
      case 'module_completed':
        if (event.moduleId)
          progress.modules.set(event.moduleId, earlier(progress.modules.get(event.moduleId), at));
        break;
      case 'course_completed':
        progress.courseCompletedAt = earlier(progress.courseCompletedAt, at);
        break;
      case 'assessment_scored':
        if (event.assessmentId && typeof event.score === 'number') {
          const list = progress.scores.get(event.assessmentId) ?? [];
          list.push({ score: event.score, at });
          progress.scores.set(event.assessmentId, list);
        }
        break;
      case 'participation':
        progress.participation.push(at);
        break;
      case 'content_approved':
        progress.approvedAt = earlier(progress.approvedAt, at);
        break;
      case 'content_rejected':
        if (progress.rejectedAt === undefined || at > progress.rejectedAt) progress.rejectedAt = at;
        break;
      case 'issue_approved':
        progress.staffApprovedAt = earlier(progress.staffApprovedAt, at);
        break;
    }
  }
  progress.participation.sort();
  return progress;
}

/** The best score of an assessment, if it was taken. */
export function bestScore(progress: Progress, assessmentId: string): number | undefined {
  const scores = progress.scores.get(assessmentId);
  return scores && scores.length > 0 ? Math.max(...scores.map((s) => s.score)) : undefined;
}
