/**
 * The check-in forms as the domain takes them, checked whole with zod (every problem at
 * once, each tied to its field): the meeting form (schedule or change), a partner's
 * cadence and the quarterly assessment. The domain checks the rest (the zone, the date
 * in the future, the staff member).
 */
import { z } from 'zod';
import { addProblem, formProblems, type FieldProblem } from './formProblems.js';
import { ASSESSMENT_RATINGS, CHECK_IN_CADENCES, MEETING_KINDS } from '../../storage/ports.js';
import type { MeetingInput } from '../../accreditation/meetingScheduling.js';

const meetingForm = z.object({
  kind: z.enum(MEETING_KINDS, { error: 'Kind: choose a check-in or a coaching call' }),
  startsAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: 'Date and time: choose the day and the time' }),
  timeZone: z.string().min(1, { error: 'Time zone: choose one' }).max(64, { error: 'Time zone: choose one' }),
  durationMinutes: z.coerce
    .number({ error: 'Duration: a whole number of minutes from 5 to 480' })
    .int({ error: 'Duration: a whole number of minutes from 5 to 480' })
    .min(5, { error: 'Duration: a whole number of minutes from 5 to 480' })
    .max(480, { error: 'Duration: a whole number of minutes from 5 to 480' }),
  agenda: z
    .string()
    .trim()
    .min(1, { error: 'Agenda: say what the meeting is for' })
    .max(2000, { error: 'Agenda: at most 2,000 characters' }),
  meetingUrl: z
    .string()
    .trim()
    .regex(/^https:\/\/\S+$/i, { error: 'Meeting link: use an https:// link' })
    .max(500, { error: 'Meeting link: at most 500 characters' }),
  staffId: z.string().min(1, { error: 'Run by: choose a member of staff' }),
});

/** The meeting form, checked whole (every problem at once); the domain checks the rest. */
export function checkMeetingForm(
  fields: Record<string, string>,
  withPartner: boolean,
): MeetingInput & { organisationId: string } {
  const result = meetingForm.safeParse({
    kind: fields.kind ?? '',
    startsAt: fields.startsAt ?? '',
    timeZone: fields.timeZone ?? '',
    durationMinutes: fields.durationMinutes ?? '',
    agenda: fields.agenda ?? '',
    meetingUrl: fields.meetingUrl ?? '',
    staffId: fields.staffId ?? '',
  });
  const problems: FieldProblem[] = [];
  if (withPartner && !fields.organisationId) addProblem(problems, 'organisationId', 'Partner: choose one');
  for (const issue of result.error?.issues ?? []) addProblem(problems, String(issue.path[0]), issue.message);
  if (!result.success || problems.length) throw formProblems(problems);
  const { startsAt, ...rest } = result.data;
  return {
    ...rest,
    organisationId: fields.organisationId ?? '',
    date: startsAt.slice(0, 10),
    time: startsAt.slice(11, 16),
  };
}

export const cadenceForm = z.object({
  cadence: z.enum(CHECK_IN_CADENCES, { error: 'Cadence: choose monthly, every two months or none' }),
});
export const assessmentForm = z.object({
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/, { error: 'Quarter: use the form 2026-Q4' }),
  rating: z.enum(ASSESSMENT_RATINGS, { error: 'Rating: choose one of the levels' }),
  text: z
    .string()
    .trim()
    .min(1, { error: 'Assessment: write it' })
    .max(4000, { error: 'Assessment: at most 4,000 characters' }),
});

/** Parses a small form with `schema`, or throws its problems (400). */
export function checked<T>(schema: z.ZodType<T>, fields: Record<string, string>): T {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  const problems: FieldProblem[] = [];
  for (const issue of result.error.issues) addProblem(problems, String(issue.path[0]), issue.message);
  throw formProblems(problems);
}
