/**
 * Content submission and review. A participant enrolled in a batch submits text, a link
 * or a file (type and size limited, the type checked by the file's first bytes, not its
 * name); the course's reviewers (and staff) see a queue and approve, reject with
 * feedback, or request changes. Each decision is recorded with who and when, audited,
 * and becomes a progress event, so an approval can issue the certificate at once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import {
  REVIEWING_ROLES,
  type ReviewDecision,
  type SubmissionRecord,
  type SubmittedFile,
} from '../storage/ports.js';
import type { ProgramDeps } from './programDeps.js';
import { batchWithCourse, notifyParticipant } from './automaticIssuance.js';
import { recordProgress } from './enrolments.js';

/** Submission limits. */
const SUBMISSION_LIMITS = {
  textChars: 20_000,
  urlChars: 2_000,
  fileBytes: 10 * 1024 * 1024,
  feedbackChars: 4_000,
} as const;

/** File types a submission may carry, recognised by their first bytes. */
const FILE_TYPES: { mediaType: string; magic: number[] }[] = [
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  // .docx, .pptx, .xlsx and .zip are all ZIP containers.
  { mediaType: 'application/zip', magic: [0x50, 0x4b, 0x03, 0x04] },
];

/** The media type of an accepted file, from its bytes; undefined when not accepted. */
export function sniffFileType(bytes: Uint8Array): string | undefined {
  return FILE_TYPES.find((t) => t.magic.every((b, i) => bytes[i] === b))?.mediaType;
}

/** What a participant submits. */
export type SubmissionInput =
  | { kind: 'text'; text: string }
  | { kind: 'link'; url: string }
  | { kind: 'file'; name: string; bytes: Uint8Array };

function checkedLink(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new AppError('invalid_request', 'Enter a full link, starting with https://');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new AppError('invalid_request', 'Links must start with https:// or http://');
  if (parsed.href.length > SUBMISSION_LIMITS.urlChars)
    throw new AppError('invalid_request', `Links may be at most ${SUBMISSION_LIMITS.urlChars} characters`);
  return parsed.href;
}

async function storedFile(deps: ProgramDeps, name: string, bytes: Uint8Array): Promise<SubmittedFile> {
  if (bytes.byteLength === 0) throw new AppError('invalid_request', 'The file is empty');
  if (bytes.byteLength > SUBMISSION_LIMITS.fileBytes)
    throw new AppError(
      'payload_too_large',
      `Files may be at most ${SUBMISSION_LIMITS.fileBytes / 1024 / 1024} MB`,
    );
  const mediaType = sniffFileType(bytes);
  if (!mediaType) throw new AppError('invalid_request', 'Upload a PDF, PNG, JPEG or an Office/ZIP file');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await deps.stores.files.putFile(sha256, bytes);
  const safeName = name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 120) || 'file';
  return { name: safeName, mediaType, size: bytes.byteLength, sha256 };
}

/** A participant submits content for a batch they are enrolled in. */
export async function submitContent(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
  input: SubmissionInput,
): Promise<SubmissionRecord> {
  const enrolment = await deps.stores.enrolments.getEnrolment(batchId, actor.id);
  if (!enrolment) throw new AppError('not_found', `You are not enrolled in batch ${batchId}`);
  const pending = await deps.stores.submissions.listSubmissions({
    batchIds: [batchId],
    userId: actor.id,
    state: 'submitted',
  });
  if (pending.length > 0)
    throw new AppError('conflict', 'Your previous submission is still waiting for review');
  const now = deps.now().toISOString();
  const base = {
    id: randomUUID(),
    batchId,
    userId: actor.id,
    state: 'submitted' as const,
    decisions: [],
    submittedAt: now,
    updatedAt: now,
  };
  let submission: SubmissionRecord;
  if (input.kind === 'text') {
    const text = input.text.trim();
    if (!text) throw new AppError('invalid_request', 'Write something to submit');
    if (text.length > SUBMISSION_LIMITS.textChars)
      throw new AppError('invalid_request', `Text may be at most ${SUBMISSION_LIMITS.textChars} characters`);
    submission = { ...base, kind: 'text', text };
  } else if (input.kind === 'link') {
    submission = { ...base, kind: 'link', url: checkedLink(input.url) };
  } else {
    submission = { ...base, kind: 'file', file: await storedFile(deps, input.name, input.bytes) };
  }
  await deps.stores.submissions.createSubmission(submission);
  const [user, { course }] = await Promise.all([
    deps.stores.users.get(actor.id),
    batchWithCourse(deps, batchId),
  ]);
  if (user) {
    const submittedAt = `${now.slice(0, 10)} ${now.slice(11, 16)} UTC`;
    await notifyParticipant(deps, user, {
      trigger: 'submission_received',
      dedupeKey: `submission_received:${submission.id}`,
      values: { course: course.title, submittedAt },
    });
  }
  return submission;
}

/** Whether the actor reviews this batch's course (assigned reviewer, or staff/admin). */
export async function canReview(deps: ProgramDeps, actor: Actor, batchId: string): Promise<boolean> {
  if (actor.role === 'admin' || actor.role === 'staff') return true;
  if (actor.role !== 'reviewer') return false;
  const { course } = await batchWithCourse(deps, batchId);
  return course.reviewerIds.includes(actor.id);
}

/** The review queue: pending submissions of the batches the actor reviews, oldest first. */
export async function reviewQueue(deps: ProgramDeps, actor: Actor): Promise<SubmissionRecord[]> {
  if (!(REVIEWING_ROLES as readonly string[]).includes(actor.role))
    throw new AppError('forbidden', 'Only reviewers and staff see the review queue');
  const all = actor.role === 'admin' || actor.role === 'staff';
  const courses = all
    ? []
    : (await deps.stores.courses.listCourses())
        .filter((c) => c.reviewerIds.includes(actor.id))
        .map((c) => c.id);
  if (!all && courses.length === 0) return [];
  const batchIds = all
    ? undefined
    : (await Promise.all(courses.map((id) => deps.stores.courses.listBatches(id)))).flat().map((b) => b.id);
  return deps.stores.submissions.listSubmissions({ ...(batchIds ? { batchIds } : {}), state: 'submitted' });
}

/** A submission the actor may see: their own, or one they review. Others are a 404. */
export async function visibleSubmission(
  deps: ProgramDeps,
  actor: Actor,
  id: string,
): Promise<SubmissionRecord> {
  const submission = await deps.stores.submissions.getSubmission(id);
  if (
    !submission ||
    (submission.userId !== actor.id && !(await canReview(deps, actor, submission.batchId)))
  ) {
    throw new AppError('not_found', `No submission ${id}`);
  }
  return submission;
}

async function tellParticipant(
  deps: ProgramDeps,
  submission: SubmissionRecord,
  decision: ReviewDecision,
  feedback: string | undefined,
): Promise<void> {
  const [user, { course }] = await Promise.all([
    deps.stores.users.get(submission.userId),
    batchWithCourse(deps, submission.batchId),
  ]);
  if (!user) return;
  const trigger = {
    approved: 'activity_approved',
    rejected: 'activity_rejected',
    changes_requested: 'clarification_request',
  }[decision];
  await notifyParticipant(deps, user, {
    trigger,
    dedupeKey: `review_decision:${submission.id}`,
    values: { course: course.title, feedback: feedback ?? '' },
  });
}

/** A reviewer decides; rejecting or asking for changes needs feedback the participant can act on. */
export async function decideSubmission(
  deps: ProgramDeps,
  actor: Actor,
  id: string,
  decision: ReviewDecision,
  feedback?: string,
): Promise<SubmissionRecord> {
  const submission = await visibleSubmission(deps, actor, id);
  if (!(await canReview(deps, actor, submission.batchId)))
    throw new AppError('forbidden', 'You do not review this course');
  if (submission.userId === actor.id)
    throw new AppError('forbidden', 'You cannot review your own submission');
  const note = feedback?.trim();
  if (decision !== 'approved' && !note)
    throw new AppError(
      'invalid_request',
      'Tell the participant what to change: feedback is required when rejecting or requesting changes',
    );
  if (note && note.length > SUBMISSION_LIMITS.feedbackChars)
    throw new AppError(
      'invalid_request',
      `Feedback may be at most ${SUBMISSION_LIMITS.feedbackChars} characters`,
    );
  const at = deps.now().toISOString();
  const decided = await deps.stores.submissions.decideSubmission(id, {
    decision,
    by: actor.id,
    at,
    ...(note ? { feedback: note } : {}),
  });
  if (!decided) throw new AppError('conflict', 'This submission has already been decided');
  await audit(
    deps,
    actor,
    `submission.${decision}`,
    { type: 'submission', id },
    { batchId: submission.batchId, userId: submission.userId },
  );
  await tellParticipant(deps, decided, decision, note);
  if (decision !== 'changes_requested') {
    await recordProgress(deps, {
      id: `review:${id}`,
      batchId: submission.batchId,
      userId: submission.userId,
      type: decision === 'approved' ? 'content_approved' : 'content_rejected',
      occurredAt: at,
      source: 'review',
    });
  }
  return decided;
}
