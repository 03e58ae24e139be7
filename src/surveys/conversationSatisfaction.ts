/**
 * Satisfaction after resolved conversations, as the monthly messaging report shows it:
 * each rating question's average and count per month for the chosen month and the five
 * before it, and this month's figures per staff member who resolved the conversation.
 * The arithmetic is the improvement report's (audienceFigures over months instead of
 * quarters), so a question keeps its trend across versions while its wording is the same.
 */
import type { Stores } from '../storage/ports.js';
import type { SurveyResponseRecord, SurveyVersionRecord } from '../storage/surveyPorts.js';
import { audienceFigures, type Quarter } from './improvementReport.js';
import { allVersions, CONVERSATION_SURVEY } from './surveyDefinitions.js';

/** How many months the trend shows (the chosen one and those before it). */
const TREND_MONTHS = 6;

/** One rating question's figures. */
interface RatingTrend {
  prompt: string;
  /** Per month, oldest first: average to one decimal (undefined without answers) and count. */
  months: { average: number | undefined; count: number }[];
}

/** One staff member's figures this month. */
interface StaffSatisfaction {
  staffId: string;
  name: string;
  responses: number;
  /** Average per rating question, in the order of `questions`. */
  averages: (number | undefined)[];
}

/** The trend and this month's per-staff figures. */
export interface SatisfactionFigures {
  /** `YYYY-MM`, oldest first; the last is the report's month. */
  months: string[];
  responsesPerMonth: number[];
  questions: RatingTrend[];
  staff: StaffSatisfaction[];
}

/** `count` calendar months (UTC) ending with `month`, oldest first. */
function monthsEndingAt(month: string, count: number): Quarter[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const from = new Date(Date.UTC(year, m - 1 - (count - 1 - i), 1));
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    return { label: from.toISOString().slice(0, 7), from: from.toISOString(), to: to.toISOString() };
  });
}

function ratingTrends(
  versions: SurveyVersionRecord[],
  responses: SurveyResponseRecord[],
  months: Quarter[],
): { responsesPerMonth: number[]; questions: RatingTrend[] } {
  const figures = audienceFigures({ audience: CONVERSATION_SURVEY, versions, responses, quarters: months });
  return {
    responsesPerMonth: figures.responsesPerQuarter,
    questions: figures.questions
      .filter((q) => q.ratings)
      .map((q) => ({
        prompt: q.prompt,
        months: q.ratings!.map((r) => ({ average: r.average, count: r.count })),
      })),
  };
}

/** The satisfaction figures for a month `YYYY-MM` (the caller checked the actor is staff). */
export async function satisfactionFigures(
  deps: { stores: Pick<Stores, 'surveys' | 'users'> },
  month: string,
): Promise<SatisfactionFigures> {
  const months = monthsEndingAt(month, TREND_MONTHS);
  const [versions, responses] = await Promise.all([
    allVersions(deps, CONVERSATION_SURVEY),
    deps.stores.surveys.listResponses({
      audience: CONVERSATION_SURVEY,
      from: months[0]!.from,
      to: months.at(-1)!.to,
    }),
  ]);
  const trend = ratingTrends(versions, responses, months);
  const thisMonth = months.slice(-1);
  const byStaff = new Map<string, SurveyResponseRecord[]>();
  for (const r of responses) {
    if (!r.staffId || r.at < thisMonth[0]!.from) continue;
    byStaff.set(r.staffId, [...(byStaff.get(r.staffId) ?? []), r]);
  }
  const staff = await Promise.all(
    [...byStaff].map(async ([staffId, answered]): Promise<StaffSatisfaction> => {
      const own = ratingTrends(versions, answered, thisMonth);
      const user = await deps.stores.users.get(staffId);
      return {
        staffId,
        name: user?.name ?? staffId,
        responses: answered.length,
        averages: trend.questions.map(
          (q) => own.questions.find((o) => o.prompt === q.prompt)?.months[0]?.average,
        ),
      };
    }),
  );
  staff.sort((a, b) => b.responses - a.responses || a.name.localeCompare(b.name));
  return { months: months.map((m) => m.label), ...trend, staff };
}
