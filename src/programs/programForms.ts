/**
 * The console's course and batch forms turned into the API's input shapes, so a form and
 * a JSON body are validated by the same zod schemas (programSchemas.ts). Lines such as
 * "m1: HTML basics" list modules; a zod failure becomes one 400 naming each field.
 */
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { batchInput, courseInput, type BatchInput, type CourseInput } from './programSchemas.js';
import { DEFAULT_REVIEW_DAYS } from './courseRequirements.js';

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
  throw new AppError('invalid_request', `The ${what} is not valid: ${problems.join('; ')}`);
}

/** "id: title[: number]" lines; a line without an id is refused with its number. */
function lines(text: string | undefined, parts: 2 | 3, label: string): string[][] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const cells = line.split(':').map((c) => c.trim());
      if (cells.length !== parts || cells.some((c) => !c)) {
        throw new AppError(
          'invalid_request',
          `${label}, line ${i + 1}: write it as "${parts === 2 ? 'id: title' : 'id: title: maximum score'}"`,
        );
      }
      return cells;
    });
}

/** The course form: title, description, modules and assessments as lines, reviewer ids. */
export function courseFromForm(fields: Record<string, string>, reviewerIds: string[]): CourseInput {
  return parse(
    courseInput,
    {
      ...(fields.id?.trim() ? { id: fields.id.trim() } : {}),
      title: fields.title ?? '',
      description: fields.description ?? '',
      modules: lines(fields.modules, 2, 'Modules').map(([id, title]) => ({ id, title })),
      assessments: lines(fields.assessments, 3, 'Assessments').map(([id, title, max]) => ({
        id,
        title,
        maxScore: Number(max),
      })),
      reviewerIds,
      // Only when the form has the field (API clients and older forms leave the course's as it is);
      // emptied, it goes back to the default, which the form shows anyway.
      ...(fields.reviewDays === undefined
        ? {}
        : { reviewDays: fields.reviewDays.trim() ? Number(fields.reviewDays) : DEFAULT_REVIEW_DAYS }),
    },
    'course',
  );
}

/** A datetime-local value (browser local time without zone) read as UTC. */
function instant(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return /Z|[+-]\d{2}:\d{2}$/.test(v) ? v : `${v.length === 16 ? `${v}:00` : v}Z`;
}

const optionalNumber = (value: string | undefined) => (value?.trim() ? Number(value) : undefined);

/** The batch form: name, template, achievement, criteria (modules, minimum scores per assessment, ...). */
export function batchFromForm(
  courseId: string,
  fields: Record<string, string>,
  requiredModules: string[],
  assessmentIds: string[],
): BatchInput {
  const [templateId, version] = (fields.template ?? '').split('@');
  const assessments = assessmentIds.flatMap((id) => {
    const min = optionalNumber(fields[`minScore:${id}`]);
    return min === undefined ? [] : [{ assessmentId: id, minScore: min }];
  });
  return parse(
    batchInput,
    {
      ...(fields.id?.trim() ? { id: fields.id.trim() } : {}),
      courseId,
      name: fields.name ?? '',
      ...(templateId && version ? { template: { templateId, version: Number(version) } } : {}),
      achievement: {
        name: fields.achievementName ?? '',
        description: fields.achievementDescription ?? '',
        criteriaNarrative: fields.criteriaNarrative ?? '',
        achievementType: fields.achievementType || 'Certificate',
      },
      criteria: {
        requiredModules: fields.modulesRequired === 'some' ? requiredModules : 'all',
        assessments,
        minParticipation: optionalNumber(fields.minParticipation) ?? 0,
        contentApproval: fields.contentApproval === 'on',
        ...(instant(fields.deadline) ? { deadline: instant(fields.deadline) } : {}),
        ...(optionalNumber(fields.validForDays) !== undefined
          ? { validForDays: optionalNumber(fields.validForDays) }
          : {}),
      },
      holdHours: optionalNumber(fields.holdHours) ?? 0,
    },
    'batch',
  );
}
