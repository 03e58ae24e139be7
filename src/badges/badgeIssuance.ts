/**
 * Gathers what a participant's badge shows at issuance (badgeContent.ts): their best
 * scores from their progress events, how the criteria were met, the date of the first
 * award of this enrolment (a re-issue keeps it), and their approved work only when they
 * consented to linking it (evidenceConsent.ts).
 */
import type { ProgramDeps } from '../programs/programDeps.js';
import { bestScore, foldProgress } from '../programs/progress.js';
import type { BatchRecord, CourseRecord, EnrolmentRecord, SubmissionRecord } from '../storage/ports.js';
import { badgeContent, type BadgeContent } from './badgeContent.js';

const whole = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');

/** The participant's newest approved submission in the batch, if any. */
export async function approvedWork(
  deps: Pick<ProgramDeps, 'stores'>,
  batchId: string,
  userId: string,
): Promise<SubmissionRecord | undefined> {
  const approved = await deps.stores.submissions.listSubmissions({
    batchIds: [batchId],
    userId,
    state: 'approved',
  });
  return approved.at(-1);
}

/** Whether the participant's latest answer links their approved work from this batch's certificate. */
export async function evidenceConsented(
  deps: Pick<ProgramDeps, 'stores'>,
  batchId: string,
  userId: string,
): Promise<boolean> {
  return (await deps.stores.evidenceConsents.getEvidenceConsent(batchId, userId))?.granted === true;
}

/** The badge parts of an enrolment's certificate, as of now. */
export async function badgeContentFor(
  deps: ProgramDeps,
  input: { batch: BatchRecord; course: CourseRecord; enrolment: EnrolmentRecord; achievementId: string },
): Promise<BadgeContent> {
  const { batch, course, enrolment } = input;
  const progress = foldProgress(await deps.stores.enrolments.listEvents(batch.id, enrolment.userId));
  const scores = new Map<string, number>();
  for (const assessment of course.assessments) {
    const best = bestScore(progress, assessment.id);
    if (best !== undefined) scores.set(assessment.id, best);
  }
  const consented = await evidenceConsented(deps, batch.id, enrolment.userId);
  const evidence = consented ? await approvedWork(deps, batch.id, enrolment.userId) : undefined;
  return badgeContent({
    publicUrl: deps.settings.publicUrl,
    achievementId: input.achievementId,
    course,
    batch,
    creator: deps.issue.identity.profile,
    scores,
    outcome: progress.approvedAt ? 'approved' : progress.staffApprovedAt ? 'staff' : 'criteria',
    awardedDate: whole(enrolment.certificates[0]?.issuedAt ?? deps.now().toISOString()),
    ...(evidence ? { evidence } : {}),
  });
}
