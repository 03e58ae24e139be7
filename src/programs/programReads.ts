/**
 * Reads of courses, batches and submissions for the pages and the API, each behind the
 * actor check its route's middleware already made (staff or a programs-scoped API key for
 * courses and batches; the participant for their own programmes; the course's reviewer
 * for a submitted file), so the domain does not rely on the middleware.
 */
import { evidenceConsented } from '../badges/badgeIssuance.js';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { reviewerCandidates } from '../accounts/staffMembers.js';
import type {
  BatchRecord,
  CourseRecord,
  EnrolmentRecord,
  SubmissionRecord,
  TemplateSummary,
  UserRecord,
} from '../storage/ports.js';
import type { ProgramDeps } from './programDeps.js';
import { requireProgramStaff } from './courses.js';
import { batchWithCourse } from './automaticIssuance.js';
import { certificateAnswered, surveyPath } from '../surveys/participantSurvey.js';
import { PARTICIPANT_SURVEY } from '../surveys/surveyDefinitions.js';
import { canReview, reviewQueue, visibleSubmission } from './submissions.js';

type ReadDeps = Pick<ProgramDeps, 'stores'>;

/**
 * Every course with its batches. Courses and batches are made by hand by staff (tens, not
 * thousands) and the store has no paging for them, so this is "all" on purpose.
 */
export async function coursesWithBatches(
  deps: ReadDeps,
  actor: Actor,
): Promise<{ course: CourseRecord; batches: BatchRecord[] }[]> {
  requireProgramStaff(actor);
  const [courses, batches] = await Promise.all([
    deps.stores.courses.listCourses(),
    deps.stores.courses.listBatches(),
  ]);
  return courses.map((course) => ({ course, batches: batches.filter((b) => b.courseId === course.id) }));
}

/** Every course (the same "all" as above). */
export async function listCourses(deps: ReadDeps, actor: Actor): Promise<CourseRecord[]> {
  requireProgramStaff(actor);
  return deps.stores.courses.listCourses();
}

/** One course; an unknown id is not_found. */
export async function courseFor(deps: ReadDeps, actor: Actor, courseId: string): Promise<CourseRecord> {
  requireProgramStaff(actor);
  const course = await deps.stores.courses.getCourse(courseId);
  if (!course) throw new AppError('not_found', `No course ${courseId}`);
  return course;
}

/** One course with its batches. */
export async function courseWithBatches(
  deps: ReadDeps,
  actor: Actor,
  courseId: string,
): Promise<CourseRecord & { batches: BatchRecord[] }> {
  const course = await courseFor(deps, actor, courseId);
  return { ...course, batches: await deps.stores.courses.listBatches(course.id) };
}

/** The course page: the course, its batches, the certificate templates and the people who may review. */
export async function coursePage(
  deps: ReadDeps,
  actor: Actor,
  courseId: string,
): Promise<{
  course: CourseRecord;
  batches: BatchRecord[];
  templates: TemplateSummary[];
  reviewers: UserRecord[];
}> {
  const course = await courseFor(deps, actor, courseId);
  const [batches, templates, reviewers] = await Promise.all([
    deps.stores.courses.listBatches(courseId),
    deps.stores.templates.listTemplates(),
    reviewerCandidates(deps, actor),
  ]);
  return { course, batches, templates, reviewers };
}

/** The programmes page: every course with its batches, and the people who may review. */
export async function programmesPage(
  deps: ReadDeps,
  actor: Actor,
): Promise<{ courses: { course: CourseRecord; batches: BatchRecord[] }[]; reviewers: UserRecord[] }> {
  const [courses, reviewers] = await Promise.all([
    coursesWithBatches(deps, actor),
    reviewerCandidates(deps, actor),
  ]);
  return { courses, reviewers };
}

/** One batch; an unknown id is not_found. */
export async function batchFor(deps: ReadDeps, actor: Actor, batchId: string): Promise<BatchRecord> {
  requireProgramStaff(actor);
  const batch = await deps.stores.courses.getBatch(batchId);
  if (!batch) throw new AppError('not_found', `No batch ${batchId}`);
  return batch;
}

/** A batch's enrolments (one per participant: a batch is a class, bounded by its size). */
export async function batchEnrolments(
  deps: ReadDeps,
  actor: Actor,
  batchId: string,
): Promise<EnrolmentRecord[]> {
  await batchFor(deps, actor, batchId);
  return deps.stores.enrolments.listEnrolments(batchId);
}

/** A participant's current certificate as the tracker shows it. */
export interface CertificateRef {
  number: string;
  /** Whether GET /c/:id shows it (issued, public, not redacted). */
  isPublic: boolean;
}

/**
 * What the batch page shows besides the tracker: each listed credential's number and
 * whether its public page exists (issued, public, not redacted: the same test as GET
 * /c/:id), and the name of the batch's certificate template.
 */
export async function batchPageExtras(
  deps: ReadDeps,
  actor: Actor,
  batch: BatchRecord,
  credentialIds: readonly string[],
): Promise<{ certificates: Map<string, CertificateRef>; templateName: string | undefined }> {
  requireProgramStaff(actor);
  const [records, template] = await Promise.all([
    Promise.all(credentialIds.map((id) => deps.stores.credentials.get(id))),
    batch.templateRef
      ? deps.stores.templates.getTemplate(batch.templateRef.templateId)
      : Promise.resolve(undefined),
  ]);
  const certificates = new Map(
    records.flatMap((r) =>
      r
        ? [
            [
              r.id,
              {
                number: r.certificateNumber,
                isPublic: r.state === 'issued' && r.isPublic && !r.redactedAt && r.credential !== undefined,
              },
            ] as const,
          ]
        : [],
    ),
  );
  return { certificates, templateName: template?.name };
}

/**
 * That an account exists before staff act for it (issuing manually enrols whoever it is
 * given, so an unknown id must be refused first rather than leave an enrolment behind).
 */
export async function requireKnownParticipant(deps: ReadDeps, actor: Actor, userId: string): Promise<void> {
  requireProgramStaff(actor);
  if (!(await deps.stores.users.get(userId))) throw new AppError('not_found', `No participant ${userId}`);
}

/** A participant's programme as /me/programmes shows it. */
export interface ProgrammeCard {
  enrolment: EnrolmentRecord;
  batch: BatchRecord;
  course: CourseRecord;
  submissions: SubmissionRecord[];
  /** Whether the current certificate has feedback already (a course rating or a survey answer). */
  feedbackGiven: boolean;
  /** Whether they consent to their approved work being linked as evidence from the certificate. */
  evidenceConsent: boolean;
  /** Where the published participant survey is answered (absent while none is published). */
  surveyUrl?: string;
}

/** The actor's own programmes: every enrolment (a person is in a handful of batches), with their submissions. */
export async function myProgrammes(deps: ReadDeps, actor: Actor): Promise<ProgrammeCard[]> {
  const cards: ProgrammeCard[] = [];
  // A published participant survey replaces the built-in rating form with a link to it.
  const surveyPublished = (await deps.stores.surveys.currentVersion(PARTICIPANT_SURVEY)) !== undefined;
  for (const enrolment of await deps.stores.enrolments.listEnrolmentsOfUser(actor.id)) {
    const { batch, course } = await batchWithCourse(deps, enrolment.batchId);
    const submissions = await deps.stores.submissions.listSubmissions({
      batchIds: [batch.id],
      userId: actor.id,
    });
    const feedbackGiven = enrolment.credentialId
      ? await certificateAnswered(deps, enrolment.credentialId)
      : false;
    cards.push({
      enrolment,
      batch,
      course,
      submissions,
      feedbackGiven,
      evidenceConsent: await evidenceConsented(deps, batch.id, actor.id),
      ...(surveyPublished && enrolment.credentialId ? { surveyUrl: surveyPath(enrolment.credentialId) } : {}),
    });
  }
  return cards;
}

/** The reviewer's queue, each submission with its batch, course and the participant's name. */
export async function reviewQueueItems(
  deps: ProgramDeps,
  actor: Actor,
): Promise<
  { submission: SubmissionRecord; batch: BatchRecord; course: CourseRecord; participantName: string }[]
> {
  const items = [];
  for (const submission of await reviewQueue(deps, actor)) {
    const { batch, course } = await batchWithCourse(deps, submission.batchId);
    const participant = await deps.stores.users.get(submission.userId);
    items.push({ submission, batch, course, participantName: participant?.name ?? 'Unknown participant' });
  }
  return items;
}

/** A submitted file, for someone who reviews its course; anything else is the same not_found. */
export async function submittedFile(
  deps: ProgramDeps,
  actor: Actor,
  submissionId: string,
): Promise<{ name: string; mediaType: string; bytes: Uint8Array }> {
  const submission = await visibleSubmission(deps, actor, submissionId);
  if (!submission.file || !(await canReview(deps, actor, submission.batchId)))
    throw new AppError('not_found', 'No such file');
  const bytes = await deps.stores.files.getFile(submission.file.sha256);
  if (!bytes) throw new AppError('not_found', 'No such file');
  return { name: submission.file.name, mediaType: submission.file.mediaType, bytes };
}
