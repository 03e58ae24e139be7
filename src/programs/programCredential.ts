/**
 * The Open Badges 3.0 credential a batch issues to a participant: the batch's
 * achievement, the participant's name as their account has it, and validUntil from the
 * batch's validity period; with `badge`, what a backpack shows besides (image, skills,
 * results, creator, awardedDate, consented evidence: src/badges/badgeContent.ts). The
 * issuer, id, validFrom, status and certificate number are added by issueCredential like
 * for any other credential.
 */
import type { BadgeContent } from '../badges/badgeContent.js';
import type { BatchRecord, CourseRecord } from '../storage/ports.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The stable id of a batch's achievement (one per batch, so a badge names its cohort's criteria). */
export function achievementId(publicUrl: string, batchId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/achievements/${encodeURIComponent(batchId)}`;
}

/** The unsigned credential request for one participant of a batch. */
export function programCredential(input: {
  batch: BatchRecord;
  course: CourseRecord;
  participantName: string;
  publicUrl: string;
  now: Date;
  validUntil?: string;
  badge?: BadgeContent;
}): Record<string, unknown> {
  const { batch, course, participantName, publicUrl, now, badge } = input;
  const validForDays = batch.criteria.validForDays;
  // A re-issue (a corrected name) keeps the validity of the certificate it replaces.
  const validUntil =
    input.validUntil ??
    (validForDays
      ? new Date(now.getTime() + validForDays * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z')
      : undefined);
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: batch.achievement.name,
    ...(validUntil ? { validUntil } : {}),
    ...badge?.credential,
    credentialSubject: {
      type: ['AchievementSubject'],
      name: participantName,
      ...badge?.subject,
      achievement: {
        id: achievementId(publicUrl, batch.id),
        type: ['Achievement'],
        name: batch.achievement.name,
        description: batch.achievement.description || course.description,
        criteria: { narrative: batch.achievement.criteriaNarrative },
        achievementType: batch.achievement.achievementType,
        ...badge?.achievement,
      },
    },
  };
}
