/**
 * The request bodies of the programmes API, as zod schemas (types at the boundary). The
 * console forms and the JSON API both end up here, so a course or batch is checked the
 * same way whichever way it arrives. Cross-field rules that need the course (module ids
 * that exist, minimum scores within range) are checked in courses.ts / batches.ts.
 */
import { z } from 'zod';

/** Ids of modules, assessments and courses: short, URL-safe, chosen by staff or the LMS. */
const slug = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dot, dash and underscore only');

const text = (max: number) => z.string().trim().max(max);

/** The Open Badges 3.0 achievement types a batch may award (the 1EdTech enumeration). */
export const ACHIEVEMENT_TYPES = [
  'Achievement',
  'ApprenticeshipCertificate',
  'Assessment',
  'Assignment',
  'Award',
  'Badge',
  'Certificate',
  'CertificateOfCompletion',
  'Certification',
  'CommunityService',
  'Competency',
  'Course',
  'CoCurricular',
  'Fieldwork',
  'LearningProgram',
  'License',
  'Membership',
  'MicroCredential',
  'QualityAssuranceCredential',
] as const;

/** A course as staff create or edit it. */
export const courseInput = z.object({
  id: slug.optional(),
  title: text(200).min(1, 'enter the course title'),
  description: text(2000).default(''),
  modules: z
    .array(z.object({ id: slug, title: text(200).min(1) }))
    .max(200)
    .default([]),
  assessments: z
    .array(z.object({ id: slug, title: text(200).min(1), maxScore: z.number().positive().max(100000) }))
    .max(100)
    .default([]),
  reviewerIds: z.array(z.string().min(1).max(100)).max(50).default([]),
  /** Working days a review of submitted work takes at most, as promised on the course's certificate page. */
  reviewDays: z.number().int().min(1).max(60).optional(),
});
export type CourseInput = z.output<typeof courseInput>;

const isoInstant = z.iso.datetime({
  offset: true,
  error: 'use an ISO 8601 date and time, e.g. 2026-12-31T23:59:59Z',
});

/** When a batch issues its certificate. */
const criteriaInput = z.object({
  requiredModules: z.union([z.literal('all'), z.array(slug).max(200)]).default('all'),
  assessments: z
    .array(z.object({ assessmentId: slug, minScore: z.number().min(0) }))
    .max(100)
    .default([]),
  minParticipation: z.number().int().min(0).max(1000).default(0),
  contentApproval: z.boolean().default(false),
  deadline: isoInstant.optional(),
  validForDays: z.number().int().min(1).max(36500).optional(),
});

/** A batch as staff create it. */
export const batchInput = z.object({
  id: slug.optional(),
  courseId: slug,
  name: text(200).min(1, 'enter the batch name'),
  startsAt: isoInstant.optional(),
  endsAt: isoInstant.optional(),
  template: z.object({ templateId: z.string().min(1).max(100), version: z.number().int().min(1) }).optional(),
  achievement: z.object({
    name: text(200).min(1, 'enter what the certificate is for'),
    description: text(2000).default(''),
    criteriaNarrative: text(2000).min(1, 'describe the criteria in words'),
    achievementType: z.enum(ACHIEVEMENT_TYPES).default('Certificate'),
  }),
  criteria: criteriaInput.default({
    requiredModules: 'all',
    assessments: [],
    minParticipation: 0,
    contentApproval: false,
  }),
  holdHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 90)
    .default(0),
});
export type BatchInput = z.output<typeof batchInput>;

/** A progress event as the LMS webhook or staff send it. */
export const progressEventInput = z.object({
  id: z.string().trim().min(1).max(200),
  type: z.enum(['module_completed', 'course_completed', 'assessment_scored', 'participation']),
  batchId: slug,
  participant: z.union([
    z.object({ userId: z.string().min(1).max(100) }),
    z.object({ email: z.email().max(320), name: text(200).min(1).optional() }),
  ]),
  moduleId: slug.optional(),
  assessmentId: slug.optional(),
  score: z.number().min(0).optional(),
  occurredAt: isoInstant.optional(),
});
export type ProgressEventInput = z.output<typeof progressEventInput>;
