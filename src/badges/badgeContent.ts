/**
 * What an Open Badge of a course shows besides its text (issue 20, part 4), in the shapes
 * of the 1EdTech OB 3.0 schema: the achievement's `image`, its skills as `alignment`s,
 * `resultDescription`s with the holder's `result`s, the `creator` (our issuer Profile),
 * and on the credential `awardedDate` and, only with the holder's consent, `evidence`
 * linking their approved work. Pure: badgeIssuance.ts gathers the inputs from the stores.
 */
import type { IssuerProfile } from '../credentials/issuerIdentity.js';
import type { BatchRecord, CourseRecord, SubmissionRecord } from '../storage/ports.js';
import { badgeImagePath, evidencePath } from './badgePaths.js';

type Json = Record<string, unknown>;

/** The parts to add to a programme credential (programCredential.ts merges them in). */
export interface BadgeContent {
  /** Members of credentialSubject.achievement. */
  achievement: Json;
  /** Members of credentialSubject. */
  subject: Json;
  /** Members of the credential itself. */
  credential: Json;
}

/** What the badge is made from. */
export interface BadgeContentInput {
  publicUrl: string;
  /** The achievement's id: result descriptions are named under it. */
  achievementId: string;
  course: CourseRecord;
  batch: BatchRecord;
  creator: IssuerProfile;
  /** The holder's best score per assessment id (only those they took). */
  scores: ReadonlyMap<string, number>;
  /** How the criteria were met, for the outcome when there is no score to give. */
  outcome: 'approved' | 'staff' | 'criteria';
  /** When the award was first made (an earlier certificate of the same enrolment, or now). */
  awardedDate: string;
  /** The approved work, only when the holder consented to linking it. */
  evidence?: SubmissionRecord;
}

const base = (url: string) => url.replace(/\/$/, '');

function alignments(course: CourseRecord): Json[] {
  const skills = course.skills;
  if (!skills) return [];
  return skills.skills.map((skill) => ({
    type: ['Alignment'],
    targetName: skill.name,
    targetUrl: skill.url,
    targetFramework: skills.framework,
    ...(skill.code ? { targetCode: skill.code } : {}),
    ...(skills.targetType ? { targetType: skills.targetType } : {}),
  }));
}

const OUTCOME_WORDS: Record<BadgeContentInput['outcome'], string> = {
  approved: 'Completed: every requirement of the certificate was met and a reviewer approved the work',
  staff: 'Completed: programme staff approved the certificate',
  criteria: 'Completed: every requirement of the certificate was met',
};

/**
 * Scores where the course has scored assessments the holder took (RawScore out of the
 * assessment's maximum, with the batch's pass mark as requiredValue); with no score to
 * give, the honest outcome: a Status result, Completed, described as what was checked.
 */
function results(input: BadgeContentInput): { descriptions: Json[]; results: Json[] } {
  const id = (key: string) => `${input.achievementId}/results/${encodeURIComponent(key)}`;
  const scored = input.course.assessments.filter((a) => input.scores.has(a.id));
  if (scored.length === 0) {
    const description = {
      id: id('outcome'),
      type: ['ResultDescription'],
      name: OUTCOME_WORDS[input.outcome],
      resultType: 'Status',
    };
    return {
      descriptions: [description],
      results: [{ type: ['Result'], resultDescription: description.id, status: 'Completed' }],
    };
  }
  const passMarks = new Map(input.batch.criteria.assessments.map((a) => [a.assessmentId, a.minScore]));
  return {
    descriptions: input.course.assessments.map((a) => ({
      id: id(a.id),
      type: ['ResultDescription'],
      name: a.title,
      resultType: 'RawScore',
      valueMin: '0',
      valueMax: String(a.maxScore),
      ...(passMarks.has(a.id) ? { requiredValue: String(passMarks.get(a.id)) } : {}),
    })),
    results: scored.map((a) => ({
      type: ['Result'],
      resultDescription: id(a.id),
      value: String(input.scores.get(a.id)),
    })),
  };
}

const KIND_WORDS: Record<SubmissionRecord['kind'], string> = { text: 'Text', link: 'Link', file: 'File' };

/** The approved work as an OB Evidence: a link as itself, text and files at our evidence address. */
function evidenceOf(publicUrl: string, submission: SubmissionRecord): Json {
  const approved =
    submission.decisions.filter((d) => d.decision === 'approved').at(-1)?.at ?? submission.updatedAt;
  return {
    id:
      submission.kind === 'link' && submission.url
        ? submission.url
        : `${base(publicUrl)}${evidencePath(submission.id)}`,
    type: ['Evidence'],
    name: 'Approved work',
    description: `Submitted on ${submission.submittedAt.slice(0, 10)} and approved by a reviewer on ${approved.slice(0, 10)}; linked with the holder's consent.`,
    genre: KIND_WORDS[submission.kind],
  };
}

/** The badge parts of a course's credential. */
export function badgeContent(input: BadgeContentInput): BadgeContent {
  const image = input.course.badgeImage;
  const skills = alignments(input.course);
  const { descriptions, results: earned } = results(input);
  return {
    achievement: {
      ...(image
        ? {
            image: {
              id: `${base(input.publicUrl)}${badgeImagePath(image)}`,
              type: 'Image',
              caption: image.caption,
            },
          }
        : {}),
      ...(skills.length > 0 ? { alignment: skills } : {}),
      resultDescription: descriptions,
      creator: { ...input.creator },
    },
    subject: { result: earned },
    credential: {
      awardedDate: input.awardedDate,
      ...(input.evidence ? { evidence: [evidenceOf(input.publicUrl, input.evidence)] } : {}),
    },
  };
}
