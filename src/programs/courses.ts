/**
 * Courses and batches, managed by staff and admins (object checks here, whatever the
 * route already checked). A batch is created with its certificate template, achievement
 * and criteria together; attaching the template locks its version (templates.ts), and
 * once a batch has issued a certificate its criteria and template stay as they were, so
 * every certificate of a cohort was earned the same way. Every change is audited.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { templateForIssuance } from '../templates/templates.js';
import type { TemplateRef } from '../rendering/templateDesign.js';
import {
  DuplicateRecordError,
  REVIEWING_ROLES,
  type BatchRecord,
  type CourseRecord,
} from '../storage/ports.js';
import type { ProgramDeps } from './programDeps.js';
import { batchWithCourse } from './automaticIssuance.js';
import { reevaluateBatch } from './enrolments.js';
import { replanBatchDeadline } from './programReminders.js';
import type { BatchInput, CourseInput } from './programSchemas.js';

/** Throws unless the actor is staff, an admin or an integration (API key). */
export function requireProgramStaff(actor: Actor): void {
  // An API key reaches the domain only through a route that checked its programs scope.
  if (actor.role !== 'admin' && actor.role !== 'staff' && actor.role !== 'api_key')
    throw new AppError('forbidden', 'Only staff can manage courses and batches');
}

function assertUnique(ids: string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id))
      throw new AppError(
        'invalid_request',
        `${what} "${id}" appears twice; ids must be unique within the course`,
      );
    seen.add(id);
  }
}

async function assertReviewers(deps: ProgramDeps, reviewerIds: string[]): Promise<void> {
  for (const id of reviewerIds) {
    const user = await deps.stores.users.get(id);
    if (user?.status !== 'active' || !(REVIEWING_ROLES as readonly string[]).includes(user.role)) {
      throw new AppError(
        'invalid_request',
        `Reviewer ${id} is not an active reviewer, staff member or admin`,
      );
    }
  }
}

/** Creates a course. */
export async function createCourse(
  deps: ProgramDeps,
  actor: Actor,
  input: CourseInput,
): Promise<CourseRecord> {
  requireProgramStaff(actor);
  assertUnique(
    input.modules.map((m) => m.id),
    'Module',
  );
  assertUnique(
    input.assessments.map((a) => a.id),
    'Assessment',
  );
  await assertReviewers(deps, input.reviewerIds);
  const now = deps.now().toISOString();
  const course: CourseRecord = {
    ...input,
    id: input.id ?? randomUUID(),
    createdAt: now,
    createdBy: actor.id,
    updatedAt: now,
  };
  try {
    await deps.stores.courses.createCourse(course);
  } catch (error) {
    if (error instanceof DuplicateRecordError)
      throw new AppError('conflict', `A course with id ${course.id} exists already`);
    throw error;
  }
  await audit(deps, actor, 'course.created', { type: 'course', id: course.id }, { title: course.title });
  return course;
}

/**
 * Edits a course. Modules and assessments that batches' criteria name cannot be removed
 * (the criteria would become impossible); adding is always fine.
 */
export async function updateCourse(
  deps: ProgramDeps,
  actor: Actor,
  courseId: string,
  input: CourseInput,
): Promise<CourseRecord> {
  requireProgramStaff(actor);
  const existing = await deps.stores.courses.getCourse(courseId);
  if (!existing) throw new AppError('not_found', `No course ${courseId}`);
  assertUnique(
    input.modules.map((m) => m.id),
    'Module',
  );
  assertUnique(
    input.assessments.map((a) => a.id),
    'Assessment',
  );
  await assertReviewers(deps, input.reviewerIds);
  const updated: CourseRecord = { ...existing, ...input, id: courseId, updatedAt: deps.now().toISOString() };
  for (const batch of await deps.stores.courses.listBatches(courseId)) assertCriteriaFit(batch, updated);
  await deps.stores.courses.updateCourse(updated);
  await audit(deps, actor, 'course.updated', { type: 'course', id: courseId }, { title: updated.title });
  return updated;
}

/** Throws if the batch's criteria name a module or assessment the course lacks. */
function assertCriteriaFit(batch: Pick<BatchRecord, 'criteria' | 'name'>, course: CourseRecord): void {
  const modules = new Set(course.modules.map((m) => m.id));
  const assessments = new Map(course.assessments.map((a) => [a.id, a]));
  const { requiredModules, assessments: wanted } = batch.criteria;
  for (const id of requiredModules === 'all' ? [] : requiredModules) {
    if (!modules.has(id))
      throw new AppError(
        'invalid_request',
        `Batch "${batch.name}" requires module "${id}", which course "${course.title}" does not have`,
      );
  }
  for (const { assessmentId, minScore } of wanted) {
    const assessment = assessments.get(assessmentId);
    if (!assessment)
      throw new AppError(
        'invalid_request',
        `Batch "${batch.name}" requires assessment "${assessmentId}", which course "${course.title}" does not have`,
      );
    if (minScore > assessment.maxScore)
      throw new AppError(
        'invalid_request',
        `The minimum score ${minScore} for "${assessment.title}" is above its maximum of ${assessment.maxScore}`,
      );
  }
}

/** Locks the template version a batch will draw its certificates with, audited against the template. */
async function attachToBatch(
  deps: ProgramDeps,
  actor: Actor,
  wanted: TemplateRef,
  batchId: string,
): Promise<TemplateRef> {
  const ref = await templateForIssuance(deps, wanted, 'template');
  await audit(
    deps,
    actor,
    'template.attached',
    { type: 'template', id: ref.templateId },
    { version: ref.version, to: { type: 'batch', id: batchId } },
  );
  return ref;
}

/** Creates a batch with its template (locked now), achievement and criteria. */
export async function createBatch(deps: ProgramDeps, actor: Actor, input: BatchInput): Promise<BatchRecord> {
  requireProgramStaff(actor);
  const course = await deps.stores.courses.getCourse(input.courseId);
  if (!course) throw new AppError('invalid_request', `No course ${input.courseId}: create the course first`);
  const { template, ...rest } = input;
  assertCriteriaFit(rest, course);
  const now = deps.now().toISOString();
  const id = input.id ?? randomUUID();
  const templateRef = template ? await attachToBatch(deps, actor, template, id) : undefined;
  const batch: BatchRecord = {
    ...rest,
    id,
    ...(templateRef ? { templateRef } : {}),
    createdAt: now,
    createdBy: actor.id,
    updatedAt: now,
  };
  try {
    await deps.stores.courses.createBatch(batch);
  } catch (error) {
    if (error instanceof DuplicateRecordError)
      throw new AppError('conflict', `A batch with id ${id} exists already`);
    throw error;
  }
  await audit(
    deps,
    actor,
    'batch.created',
    { type: 'batch', id },
    { courseId: course.id, name: batch.name, ...(templateRef ? { template: templateRef } : {}) },
  );
  return batch;
}

/**
 * Edits a batch. Name, dates and hold period may always change; template, achievement
 * and criteria only until the batch has issued its first certificate.
 */
export async function updateBatch(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
  input: BatchInput,
): Promise<BatchRecord> {
  requireProgramStaff(actor);
  const { batch, course } = await batchWithCourse(deps, batchId);
  if (input.courseId !== batch.courseId)
    throw new AppError('invalid_request', 'A batch cannot move to another course; create a new batch');
  const { template, ...rest } = input;
  const issued = (await deps.stores.enrolments.listEnrolments(batchId)).some(
    (e) => e.certificates.length > 0,
  );
  const sameTemplate = JSON.stringify(template ?? null) === JSON.stringify(batch.templateRef ?? null);
  const sameTerms =
    sameTemplate &&
    JSON.stringify([rest.achievement, rest.criteria]) === JSON.stringify([batch.achievement, batch.criteria]);
  if (issued && !sameTerms) {
    throw new AppError(
      'conflict',
      'This batch has issued certificates: its template, achievement and criteria can no longer change. Create a new batch for new terms.',
    );
  }
  assertCriteriaFit(rest, course);
  const templateRef =
    template && !sameTemplate ? await attachToBatch(deps, actor, template, batchId) : batch.templateRef;
  const { templateRef: _old, ...kept } = batch;
  const updated: BatchRecord = {
    ...kept,
    ...rest,
    id: batchId,
    ...(templateRef ? { templateRef } : {}),
    updatedAt: deps.now().toISOString(),
  };
  await deps.stores.courses.updateBatch(updated);
  await audit(deps, actor, 'batch.updated', { type: 'batch', id: batchId }, { name: updated.name });
  // New criteria or hold period: every participant's verdict may change (and issue now).
  await reevaluateBatch(deps, batchId);
  if (updated.criteria.deadline !== batch.criteria.deadline) await replanBatchDeadline(deps, updated);
  return updated;
}
