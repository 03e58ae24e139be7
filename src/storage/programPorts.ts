/**
 * Repository interfaces for programmes (src/programs/): courses, their batches (cohorts)
 * with the template, achievement and criteria that issue certificates, enrolments with
 * their issuance state, the progress events that move them, content submissions with
 * review decisions, and post-issuance feedback. Same rules as ports.ts: plain JSON-able
 * records, one contract suite for every adapter.
 *
 * Progress is an append-only log of events with caller-chosen ids: recording an event
 * twice is a no-op, so replayed webhooks, CSV rows and double clicks count once, and a
 * participant's progress is always the fold of their events (src/programs/progress.ts).
 * An enrolment's issuance state is derived from that fold and written with a version
 * check, so two evaluations racing never leave an older verdict on top of a newer one.
 */
import type { TemplateRef } from '../rendering/templateDesign.js';
import type { BadgeImageType } from './badgePorts.js';

/** A unit of a course a participant completes. */
interface CourseModule {
  id: string;
  title: string;
}

/** A scored assessment of a course. */
interface CourseAssessment {
  id: string;
  title: string;
  /** The highest possible score (scores are 0..maxScore). */
  maxScore: number;
}

/** A course's badge image: which stored image, and the caption read out in its place. */
export interface CourseBadgeImage {
  sha256: string;
  mediaType: BadgeImageType;
  caption: string;
}

/** One skill a course certifies: an entry of the framework staff chose. */
interface CourseSkill {
  name: string;
  url: string;
  code?: string;
}

/** The skills a course certifies and the framework they come from (OB 3.0 `Alignment`s). */
export interface CourseSkills {
  /** The framework's name (targetFramework), e.g. "ESCO" or "SFIA 9". */
  framework: string;
  /** OB 3.0 AlignmentTargetType of its entries, when staff name one (e.g. "ceasn:Competency"). */
  targetType?: string;
  skills: CourseSkill[];
}

/** A course (or programme) participants enrol in through its batches. */
export interface CourseRecord {
  id: string;
  title: string;
  description: string;
  modules: CourseModule[];
  assessments: CourseAssessment[];
  /** Reviewers assigned to the course's content submissions. */
  reviewerIds: string[];
  /** The review time staff promise ("within N working days"); absent: the default (courseRequirements.ts). */
  reviewDays?: number;
  /** The badge image its certificates show (the bytes are in BadgeImageStore), set on the course page. */
  badgeImage?: CourseBadgeImage;
  /** The skills its certificates certify, as Open Badges alignments to one framework. */
  skills?: CourseSkills;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** When a batch issues its certificate. All present parts must be met. */
interface IssuanceCriteria {
  /** Modules to complete: every module of the course, or the listed ids. */
  requiredModules: 'all' | string[];
  /** Assessments to pass, each with a minimum score. */
  assessments: { assessmentId: string; minScore: number }[];
  /** Peer reviews or discussion posts required (0: none). */
  minParticipation: number;
  /** Whether a reviewer must approve the participant's content. */
  contentApproval: boolean;
  /** Criteria met after this instant (ISO) no longer count. */
  deadline?: string;
  /** The credential's validity (validUntil = issuance + days); absent: no expiry. */
  validForDays?: number;
}

/** What the certificate says was achieved (the Open Badges Achievement). */
interface BatchAchievement {
  name: string;
  description: string;
  /** The criteria in words, shown on the badge. */
  criteriaNarrative: string;
  /** Open Badges achievementType, e.g. "Certificate" or "Course". */
  achievementType: string;
}

/** A cohort of a course, with what its certificate looks like and when it is issued. */
export interface BatchRecord {
  id: string;
  courseId: string;
  name: string;
  startsAt?: string;
  endsAt?: string;
  /** The locked template version its certificates are drawn with. */
  templateRef?: TemplateRef;
  achievement: BatchAchievement;
  criteria: IssuanceCriteria;
  /** Hours between the criteria being met and issuance (0: immediately). */
  holdHours: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** Kinds of progress event. */
type ProgressEventType =
  | 'module_completed'
  | 'course_completed'
  | 'assessment_scored'
  | 'participation'
  | 'content_approved'
  | 'content_rejected'
  /** Staff chose "Issue now": the criteria count as met from then (never from the API or LMS). */
  | 'issue_approved';

/** One fact about a participant's progress, recorded once per id. */
export interface ProgressEvent {
  /** Caller-chosen and unique: the LMS event id, `csv:...`, `review:...`. */
  id: string;
  batchId: string;
  userId: string;
  type: ProgressEventType;
  /** module_completed: the module. */
  moduleId?: string;
  /** assessment_scored: the assessment and score. */
  assessmentId?: string;
  score?: number;
  /** When it happened (the source's time), ISO. */
  occurredAt: string;
  /** Where it came from: 'lms', 'csv', 'review', 'staff', 'portal'. */
  source: string;
  recordedAt: string;
}

/**
 * Where an enrolment stands:
 * - in_progress: criteria not met yet (`missing` says which)
 * - waiting: criteria met, issuance waits (`waitingOn`: consent or the hold period)
 * - due: to be issued now (a crash here is picked up by the sweep on restart)
 * - issued: `credentialId` is its current certificate
 * - revoked: its certificate was revoked by staff and not re-issued
 * - missed: the deadline passed with criteria unmet
 */
export type EnrolmentStatus = 'in_progress' | 'waiting' | 'due' | 'issued' | 'revoked' | 'missed';

/** One issuance (or re-issue) of an enrolment's certificate, for its history. */
export interface IssuedCertificate {
  credentialId: string;
  issuedAt: string;
  /** Set when it was revoked (re-issue: reason "superseded"). */
  revokedAt?: string;
  revokedReason?: string;
}

/** A participant in a batch and their certificate's issuance state. */
export interface EnrolmentRecord {
  batchId: string;
  userId: string;
  enrolledAt: string;
  status: EnrolmentStatus;
  /** Criteria not yet met, as stable codes (e.g. `module:m2`, `assessment:quiz1`). */
  missing: string[];
  waitingOn?: 'consent' | 'hold';
  /** When all criteria were first met. */
  metAt?: string;
  /** When the content was first approved (for time-to-issuance reports). */
  approvedAt?: string;
  /** When issuance becomes due (metAt + hold). */
  dueAt?: string;
  /** When the participant was asked for consent to their name on the certificate. */
  consentRequestedAt?: string;
  /** The UTC day (YYYY-MM-DD) of activity the inactivity prompt was last planned from. */
  activeOn?: string;
  /** The current certificate, once issued. */
  credentialId?: string;
  issuedAt?: string;
  /** Every certificate issued for this enrolment, oldest first. */
  certificates: IssuedCertificate[];
  /** Bumped on re-issue; part of the issuance idempotency key. */
  generation: number;
  /** Optimistic concurrency: bumped by every update. */
  version: number;
  updatedAt: string;
}

/** Fields an enrolment update may change (a key set to undefined removes it). */
export type EnrolmentPatch = Partial<
  Pick<
    EnrolmentRecord,
    | 'status'
    | 'missing'
    | 'waitingOn'
    | 'metAt'
    | 'approvedAt'
    | 'dueAt'
    | 'consentRequestedAt'
    | 'activeOn'
    | 'credentialId'
    | 'issuedAt'
    | 'certificates'
    | 'generation'
  >
>;

/** What a submission carries. */
type SubmissionKind = 'text' | 'link' | 'file';

/** A reviewer's decision on a submission. */
/** What a reviewer decides on a participant's submission. */
export const REVIEW_DECISIONS = ['approved', 'rejected', 'changes_requested'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Where a submission stands: waiting for a reviewer, or the reviewer's decision. */
export const SUBMISSION_STATES = ['submitted', ...REVIEW_DECISIONS] as const;
type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** An uploaded file's metadata; its bytes are kept by `putFile` under the sha256. */
export interface SubmittedFile {
  name: string;
  mediaType: string;
  size: number;
  /** hex SHA-256 of the bytes. */
  sha256: string;
}

/** Content a participant submitted for review. */
export interface SubmissionRecord {
  id: string;
  batchId: string;
  userId: string;
  kind: SubmissionKind;
  text?: string;
  url?: string;
  file?: SubmittedFile;
  state: SubmissionState;
  decisions: { decision: ReviewDecision; by: string; at: string; feedback?: string }[];
  submittedAt: string;
  updatedAt: string;
}

/** A participant's rating of a course after their certificate was issued. */
export interface FeedbackRecord {
  credentialId: string;
  batchId: string;
  userId: string;
  /** 1-5. */
  rating: number;
  comment?: string;
  at: string;
}

/** How many things happened on one UTC day (YYYY-MM-DD); the dashboard's sparklines. */
export interface DayCount {
  day: string;
  count: number;
}

/** Raised by create operations when the id (or natural key) exists. */
export class DuplicateRecordError extends Error {
  constructor(readonly what: string) {
    super(`${what} already exists`);
    this.name = 'DuplicateRecordError';
  }
}

/** Courses and their batches (cohorts): what is taught and how its certificate is issued. */
export interface CourseStore {
  /** Throws DuplicateRecordError if the id exists. */
  createCourse(course: CourseRecord): Promise<void>;
  getCourse(id: string): Promise<CourseRecord | undefined>;
  /** Replaces the course record (same id); returns false if it does not exist. */
  updateCourse(course: CourseRecord): Promise<boolean>;
  /** By title, then id. */
  listCourses(): Promise<CourseRecord[]>;

  /** Throws DuplicateRecordError if the id exists. */
  createBatch(batch: BatchRecord): Promise<void>;
  getBatch(id: string): Promise<BatchRecord | undefined>;
  /** Replaces the batch record (same id); returns false if it does not exist. */
  updateBatch(batch: BatchRecord): Promise<boolean>;
  /** A course's batches (all when courseId is absent), newest first. */
  listBatches(courseId?: string): Promise<BatchRecord[]>;
}

/**
 * Enrolments with their issuance state, and the progress events they are the fold of
 * (an enrolment's state is derived from its events, so both live in one port).
 */
export interface EnrolmentStore {
  /**
   * Enrols a participant (status in_progress, version 1, generation 1); if already
   * enrolled, returns the existing record unchanged with `created: false`.
   */
  enrol(enrolment: EnrolmentRecord): Promise<{ record: EnrolmentRecord; created: boolean }>;
  getEnrolment(batchId: string, userId: string): Promise<EnrolmentRecord | undefined>;
  /**
   * Applies the patch only if the stored version is `expectedVersion`, bumping the
   * version and setting updatedAt. Returns the new record, or undefined when the version
   * moved on (re-read and decide again) or the enrolment does not exist.
   */
  updateEnrolment(
    batchId: string,
    userId: string,
    expectedVersion: number,
    patch: EnrolmentPatch,
    now: string,
  ): Promise<EnrolmentRecord | undefined>;
  /** A batch's enrolments, optionally of one status, by enrolledAt then userId. */
  listEnrolments(batchId: string, status?: EnrolmentStatus): Promise<EnrolmentRecord[]>;
  /** A participant's enrolments in every batch, newest first. */
  listEnrolmentsOfUser(userId: string): Promise<EnrolmentRecord[]>;
  /**
   * Enrolments due for issuance by `now`: status `due`, or `waiting` on `hold` with
   * dueAt <= now; oldest dueAt first, at most `limit`. Uses an index, never a full scan.
   */
  listDueEnrolments(now: string, limit: number): Promise<EnrolmentRecord[]>;
  /** How many enrolments have this status (and, when given, wait on this), by index. */
  countEnrolments(filter: { status: EnrolmentStatus; waitingOn?: 'consent' | 'hold' }): Promise<number>;
  /** The enrolment holding a credential (current or earlier), if any. */
  findEnrolmentByCredential(credentialId: string): Promise<EnrolmentRecord | undefined>;

  /** Records an event; false (and nothing changed) if an event with this id exists. */
  recordEvent(event: ProgressEvent): Promise<boolean>;
  /** A participant's events in a batch, by occurredAt then recordedAt then id. */
  listEvents(batchId: string, userId: string): Promise<ProgressEvent[]>;
  /**
   * Erasure: deletes every progress event of the participant. Enrolments stay (status and
   * dates only, for the statistics; the user record itself is erased by the accounts domain).
   */
  eraseEventsOf(userId: string): Promise<void>;
}

/** Content participants submitted for review, and the reviewers' decisions on it. */
export interface SubmissionStore {
  /** Throws DuplicateRecordError if the id exists. */
  createSubmission(submission: SubmissionRecord): Promise<void>;
  getSubmission(id: string): Promise<SubmissionRecord | undefined>;
  /**
   * Appends a decision and sets the state, only if the submission is still in state
   * `submitted` (two reviewers racing: one wins). Returns the updated record, or
   * undefined if it is missing or already decided.
   */
  decideSubmission(
    id: string,
    decision: SubmissionRecord['decisions'][number],
  ): Promise<SubmissionRecord | undefined>;
  /** Submissions in the given batches (all when absent), optionally of one state, oldest first. */
  listSubmissions(filter: {
    batchIds?: string[];
    userId?: string;
    state?: SubmissionRecord['state'];
  }): Promise<SubmissionRecord[]>;
  /** How many submissions are in this state, optionally submitted before an instant (by index). */
  countSubmissions(filter: { state: SubmissionRecord['state']; submittedBefore?: string }): Promise<number>;
  /**
   * Submissions (any state) per UTC day of submittedAt in [from, to); days with none are
   * left out, in day order. One row per day at most, so the answer is as small as the range.
   */
  submittedPerDay(range: { from: string; to: string }): Promise<DayCount[]>;
  /**
   * Erasure: deletes the participant's submissions and the file bytes (FileStore) no other
   * submission uses; the adapter does both, since only it sees which bytes are still used.
   */
  eraseSubmissionsOf(userId: string): Promise<void>;
}

/** Submitted files' bytes, content-addressed (the metadata is on the submission). */
export interface FileStore {
  /** Stores file bytes under their sha256 (idempotent). */
  putFile(sha256: string, bytes: Uint8Array): Promise<void>;
  getFile(sha256: string): Promise<Uint8Array | undefined>;
}

/** Participants' ratings of a course, one per issued credential. */
export interface FeedbackStore {
  /** One per credential: false if feedback for it exists already. */
  addFeedback(feedback: FeedbackRecord): Promise<boolean>;
  getFeedback(credentialId: string): Promise<FeedbackRecord | undefined>;
  /** Feedback for the given batches (all when absent), oldest first. */
  listFeedback(batchIds?: string[]): Promise<FeedbackRecord[]>;
  /** Erasure: deletes every rating the participant gave. */
  eraseFeedbackOf(userId: string): Promise<void>;
}

/** LMS webhook signatures already seen, so a replayed delivery is refused. */
export interface WebhookReplayStore {
  /**
   * Remembers a webhook signature until `expiresAt`; false if it was seen already (a
   * replay). Expired entries may be pruned by the adapter.
   */
  rememberWebhookSignature(signature: string, expiresAt: string, now: string): Promise<boolean>;
}
