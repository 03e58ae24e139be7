/**
 * What a participant must do to earn a course's certificate, in plain words, for the
 * course's public certificate page (/courses/:id/certificate) and the enrolment email.
 *
 * The words are derived from the batch's criteria exactly as the evaluator reads them
 * (criteria.ts), one line per requirement code the evaluator can report missing, so the
 * page never promises a certificate the evaluator would refuse, nor asks for more than it
 * checks (test/programs/courseRequirements.test.ts holds the two together). What happens
 * after the criteria are met (consent to the name, the hold, issuance) follows
 * automaticIssuance.ts.
 */
import { AppError } from '../errors.js';
import type { BatchRecord, CourseRecord, Stores } from '../storage/ports.js';
import { requiredModuleIds } from './criteria.js';

/** The review time a course promises when staff have not set one. */
export const DEFAULT_REVIEW_DAYS = 5;

/** The course's promised review time in working days. */
export function reviewDaysOf(course: Pick<CourseRecord, 'reviewDays'>): number {
  return course.reviewDays ?? DEFAULT_REVIEW_DAYS;
}

/** One requirement in plain words, with the evaluator's codes it stands for. */
export interface RequirementLine {
  /** The codes evaluateCriteria reports while this is not done (module:<id>, participation, ...). */
  codes: string[];
  text: string;
  /** A finer point of how it is judged, when there is one. */
  hint?: string;
}

/** "1 January 2027, 17:00 UTC": deadlines are instants, shown in UTC so everyone reads the same. */
function deadlineWords(iso: string): string {
  const at = new Date(iso);
  const date = at.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${date}, ${time} UTC`;
}

const quoted = (title: string) => `"${title}"`;

/**
 * The batch's requirements, one line per thing to do, in the order the evaluator checks
 * them. No line at all means the certificate comes with enrolment (an attendance
 * certificate); the deadline, when there is one, is the last line.
 */
export function requirementLines(batch: BatchRecord, course: CourseRecord): RequirementLine[] {
  const lines: RequirementLine[] = [];
  const titles = new Map(course.modules.map((m) => [m.id, m.title]));
  const modules = requiredModuleIds(batch, course);
  if (modules.length > 0) {
    const every = batch.criteria.requiredModules === 'all';
    lines.push({
      codes: modules.map((id) => `module:${id}`),
      text:
        modules.length === 1
          ? `Complete the module ${quoted(titles.get(modules[0]!) ?? modules[0]!)}.`
          : `Complete ${every ? 'every module' : `these ${modules.length} modules`}: ${modules
              .map((id) => quoted(titles.get(id) ?? id))
              .join(', ')}.`,
      hint: 'Completing the whole course on the learning platform counts for every module.',
    });
  }
  for (const { assessmentId, minScore } of batch.criteria.assessments) {
    const assessment = course.assessments.find((a) => a.id === assessmentId);
    lines.push({
      codes: [`assessment:${assessmentId}`],
      text: `Score at least ${minScore}${assessment ? ` out of ${assessment.maxScore}` : ''} in ${quoted(
        assessment?.title ?? assessmentId,
      )}.`,
      hint: 'Any attempt that reaches the score counts; a lower score later does not undo it.',
    });
  }
  const times = batch.criteria.minParticipation;
  if (times > 0) {
    lines.push({
      codes: ['participation'],
      text: `Take part at least ${times === 1 ? 'once' : `${times} times`}: each peer review or discussion post counts once.`,
    });
  }
  if (batch.criteria.contentApproval) {
    lines.push({
      codes: ['content_approval'],
      text: 'Submit your work for review in "My courses" and have it approved by a reviewer.',
    });
  }
  const deadline = batch.criteria.deadline;
  if (deadline) {
    lines.push({
      codes: ['deadline'],
      text:
        lines.length === 0
          ? `Be enrolled by ${deadlineWords(deadline)}.`
          : `Do all of this by ${deadlineWords(deadline)}: what is done after then does not count.`,
    });
  }
  return lines;
}

/** The lines as a short list for an email ("- ..." per line). */
export function requirementsText(batch: BatchRecord, course: CourseRecord): string {
  const lines = requirementLines(batch, course);
  return lines.length === 0
    ? '- Nothing more: your certificate comes with your enrolment.'
    : lines.map((l) => `- ${l.text}`).join('\n');
}

/** Where the course's certificate page is, at the batch's section. */
export function requirementsUrl(publicUrl: string, batch: Pick<BatchRecord, 'id' | 'courseId'>): string {
  return `${publicUrl}/courses/${encodeURIComponent(batch.courseId)}/certificate#batch-${encodeURIComponent(batch.id)}`;
}

/** One batch (cohort) as the page shows it. */
export interface BatchRequirements {
  id: string;
  name: string;
  startsAt?: string;
  endsAt?: string;
  achievementName: string;
  achievementType: string;
  /** The criteria as staff wrote them on the certificate itself. */
  criteriaNarrative: string;
  lines: RequirementLine[];
  contentApproval: boolean;
  /** Hours between meeting the requirements and issuance (0: at once). */
  holdHours: number;
  /** The certificate's validity; absent: it does not expire. */
  validForDays?: number;
}

/** Who reviews submitted work, without naming anyone: counts by role only. */
export interface ReviewerSummary {
  /** Active reviewers assigned to the course (people with the reviewer role). */
  assignedReviewers: number;
  /** Active staff members and admins assigned to the course by name. */
  assignedStaff: number;
}

/** Everything the course's certificate page says. */
export interface CourseRequirements {
  course: Pick<CourseRecord, 'id' | 'title' | 'description'>;
  reviewDays: number;
  reviewers: ReviewerSummary;
  batches: BatchRequirements[];
}

/** What reading the page needs. */
interface RequirementDeps {
  stores: Pick<Stores, 'courses' | 'users'>;
}

/**
 * The public requirements of a course; an unknown course is not_found. Public on purpose
 * (no actor): the criteria are what the course's certificates certify, already printed in
 * each certificate's criteria narrative, and employers and prospective participants read
 * them before signing in. Reviewers are counted, never named: their names and addresses
 * are staff data.
 */
export async function courseRequirements(
  deps: RequirementDeps,
  courseId: string,
): Promise<CourseRequirements> {
  const course = await deps.stores.courses.getCourse(courseId);
  if (!course) throw new AppError('not_found', 'There is no such course');
  const batches = await deps.stores.courses.listBatches(course.id);
  const reviewers: ReviewerSummary = { assignedReviewers: 0, assignedStaff: 0 };
  for (const id of course.reviewerIds) {
    const user = await deps.stores.users.get(id);
    if (user?.status !== 'active') continue;
    if (user.role === 'reviewer') reviewers.assignedReviewers++;
    else if (user.role === 'staff' || user.role === 'admin') reviewers.assignedStaff++;
  }
  return {
    course: { id: course.id, title: course.title, description: course.description },
    reviewDays: reviewDaysOf(course),
    reviewers,
    batches: batches.map((batch) => ({
      id: batch.id,
      name: batch.name,
      ...(batch.startsAt ? { startsAt: batch.startsAt } : {}),
      ...(batch.endsAt ? { endsAt: batch.endsAt } : {}),
      achievementName: batch.achievement.name,
      achievementType: batch.achievement.achievementType,
      criteriaNarrative: batch.achievement.criteriaNarrative,
      lines: requirementLines(batch, course),
      contentApproval: batch.criteria.contentApproval,
      holdHours: batch.holdHours,
      ...(batch.criteria.validForDays !== undefined ? { validForDays: batch.criteria.validForDays } : {}),
    })),
  };
}
