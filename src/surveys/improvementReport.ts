/**
 * The quarterly improvement report: for the participant survey and the two staff forms, each
 * question's answers this quarter against the three before it. Ratings: count, average
 * and the 1-5 distribution per quarter, and the change from last quarter; single choice:
 * how often each option was chosen this quarter; free text: the themes of this quarter's
 * comments as plain counts of their most frequent words and two-word phrases, stop-words
 * removed (no model, nothing to tune: staff can see why a word is there).
 *
 * A question is the same across versions when its type and wording are (a new version
 * that keeps a question keeps its trend). The participant ratings given with the form
 * that came before surveys count as answers to the built-in version 0.
 */
import type { Actor } from '../accounts/accountDeps.js';
import { AppError } from '../errors.js';
import type { FeedbackRecord } from '../storage/programPorts.js';
import type {
  SurveyAudience,
  SurveyQuestion,
  SurveyQuestionType,
  SurveyResponseRecord,
  SurveyVersionRecord,
} from '../storage/surveyPorts.js';
import {
  AUDIENCE_LABELS,
  BUILT_IN_PARTICIPANT_SURVEY,
  PARTICIPANT_SURVEY,
  STAFF_MESSAGING_SURVEY,
  STAFF_SURVEY,
  allVersions,
  type SurveyDeps,
} from './surveyDefinitions.js';

/** A calendar quarter (UTC), [from, to). */
export interface Quarter {
  /** e.g. `2026 Q4`. */
  label: string;
  from: string;
  to: string;
}

/** How many quarters the report compares (this one and the three before). */
const REPORT_QUARTERS = 4;
/** How many words and phrases a comment question's themes list. */
const TOP_THEMES = 10;

/** The quarter a moment falls in. */
function quarterOf(at: Date): Quarter {
  const year = at.getUTCFullYear();
  const q = Math.floor(at.getUTCMonth() / 3);
  return {
    label: `${year} Q${q + 1}`,
    from: new Date(Date.UTC(year, q * 3, 1)).toISOString(),
    to: new Date(Date.UTC(year, q * 3 + 3, 1)).toISOString(),
  };
}

/** `count` quarters ending with the one `at` falls in, oldest first. */
export function quartersEndingAt(at: Date, count: number): Quarter[] {
  const last = quarterOf(at);
  const quarters = [last];
  while (quarters.length < count) quarters.unshift(quarterOf(new Date(Date.parse(quarters[0]!.from) - 1)));
  return quarters;
}

/** Parses `2026 Q4` / `2026-Q4` (the report's quarter chooser); undefined when it is not one. */
export function parseQuarter(text: string | undefined): Quarter | undefined {
  const match = /^(\d{4})[ -]?Q([1-4])$/i.exec(text?.trim() ?? '');
  if (!match) return undefined;
  return quarterOf(new Date(Date.UTC(Number(match[1]), (Number(match[2]) - 1) * 3, 1)));
}

/**
 * Words that say nothing about a theme (English function words and survey filler). Kept
 * short and plain on purpose: a word staff miss here only costs a line in the list.
 */
const STOP_WORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves also get got really much many lot lots
thing things would could one it's i'm don't didn't wasn't isn't`.split(/\s+/),
);

/** The words of a comment that can carry a theme, in order; `null` marks a removed word (a phrase may not span it). */
export function themeWords(text: string): (string | null)[] {
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu) ?? [];
  return tokens.map((t) => {
    const word = t.replace(/’/g, "'");
    return STOP_WORDS.has(word) || word.length < 2 || /^\d+$/.test(word) ? null : word;
  });
}

/** One word or phrase and how many times it occurs. */
export interface ThemeCount {
  text: string;
  count: number;
}

function top(counts: Map<string, number>, minimum: number): ThemeCount[] {
  return [...counts]
    .filter(([, count]) => count >= minimum)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_THEMES)
    .map(([text, count]) => ({ text, count }));
}

/**
 * The themes of some comments: the most frequent words and two-word phrases (adjacent
 * words, neither a stop-word), most frequent first, ties alphabetical. A phrase is listed
 * only when it occurs at least twice: once is a sentence, not a theme.
 */
export function commentThemes(comments: readonly string[]): { words: ThemeCount[]; phrases: ThemeCount[] } {
  const words = new Map<string, number>();
  const phrases = new Map<string, number>();
  for (const comment of comments) {
    const list = themeWords(comment);
    list.forEach((word, i) => {
      if (!word) return;
      words.set(word, (words.get(word) ?? 0) + 1);
      const next = list[i + 1];
      if (next) phrases.set(`${word} ${next}`, (phrases.get(`${word} ${next}`) ?? 0) + 1);
    });
  }
  return { words: top(words, 1), phrases: top(phrases, 2) };
}

/** One quarter's ratings of a question. */
interface RatingFigures {
  quarter: string;
  count: number;
  /** To one decimal; undefined with no ratings. */
  average: number | undefined;
  /** How many gave 1, 2, 3, 4, 5. */
  distribution: number[];
}

/** One question's figures in the report. */
export interface QuestionFigures {
  type: SurveyQuestionType;
  prompt: string;
  /** Answers this quarter. */
  answered: number;
  /** Ratings per quarter, oldest first (rating questions). */
  ratings?: RatingFigures[];
  /** This quarter's average minus last quarter's, to one decimal (both must exist). */
  change?: number;
  /** How often each option was chosen this quarter (single choice). */
  choices?: ThemeCount[];
  /** The themes of this quarter's comments (free text). */
  themes?: { words: ThemeCount[]; phrases: ThemeCount[] };
}

/** One survey's part of the report. */
export interface AudienceFigures {
  audience: SurveyAudience;
  label: string;
  /** Responses this quarter, and in each compared quarter (oldest first). */
  responses: number;
  responsesPerQuarter: number[];
  questions: QuestionFigures[];
}

/** The whole report. */
export interface ImprovementReport {
  quarter: Quarter;
  quarters: Quarter[];
  audiences: AudienceFigures[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const questionKey = (q: Pick<SurveyQuestion, 'type' | 'prompt'>) =>
  `${q.type}|${q.prompt.trim().toLowerCase()}`;

/**
 * One survey's figures from its versions and responses (pure: the tests work them by
 * hand). Questions are listed in the newest version's order, then older ones' leftovers.
 */
export function audienceFigures(input: {
  audience: SurveyAudience;
  versions: readonly SurveyVersionRecord[];
  responses: readonly SurveyResponseRecord[];
  quarters: readonly Quarter[];
}): AudienceFigures {
  const byId = new Map(input.versions.map((v) => [v.id, v]));
  const newestFirst = [...input.versions].sort((a, b) => b.version - a.version);
  const questions = new Map<string, SurveyQuestion>();
  for (const version of newestFirst)
    for (const q of version.questions) if (!questions.has(questionKey(q))) questions.set(questionKey(q), q);
  const quarterIndex = (at: string) => input.quarters.findIndex((q) => at >= q.from && at < q.to);
  const last = input.quarters.length - 1;
  // Per question key, the answers with the quarter they fall in.
  const answers = new Map<string, { quarter: number; value: number | string }[]>();
  const responsesPerQuarter = input.quarters.map(() => 0);
  for (const response of input.responses) {
    const quarter = quarterIndex(response.at);
    const version = byId.get(response.surveyId);
    if (quarter < 0 || !version) continue;
    responsesPerQuarter[quarter]! += 1;
    for (const q of version.questions) {
      const value = response.answers[q.id];
      if (value === undefined) continue;
      const list = answers.get(questionKey(q)) ?? [];
      list.push({ quarter, value });
      answers.set(questionKey(q), list);
    }
  }
  return {
    audience: input.audience,
    label: AUDIENCE_LABELS[input.audience],
    responses: responsesPerQuarter[last] ?? 0,
    responsesPerQuarter,
    questions: [...questions].map(([key, q]): QuestionFigures => {
      const all = answers.get(key) ?? [];
      const now = all.filter((a) => a.quarter === last);
      const figures: QuestionFigures = { type: q.type, prompt: q.prompt, answered: now.length };
      if (q.type === 'rating') {
        const ratings = input.quarters.map((quarter, i): RatingFigures => {
          const values = all.filter((a) => a.quarter === i).map((a) => a.value as number);
          return {
            quarter: quarter.label,
            count: values.length,
            average: values.length ? round1(values.reduce((s, v) => s + v, 0) / values.length) : undefined,
            distribution: [1, 2, 3, 4, 5].map((r) => values.filter((v) => v === r).length),
          };
        });
        const [before, current] = [ratings[last - 1]?.average, ratings[last]?.average];
        return {
          ...figures,
          ratings,
          ...(before !== undefined && current !== undefined ? { change: round1(current - before) } : {}),
        };
      }
      if (q.type === 'choice') {
        const counts = new Map<string, number>((q.choices ?? []).map((c) => [c, 0]));
        for (const a of now) counts.set(String(a.value), (counts.get(String(a.value)) ?? 0) + 1);
        return { ...figures, choices: [...counts].map(([text, count]) => ({ text, count })) };
      }
      return { ...figures, themes: commentThemes(now.map((a) => String(a.value))) };
    }),
  };
}

/** A course rating from the form before surveys, as an answer to the built-in version 0. */
function asBuiltInResponse(feedback: FeedbackRecord): SurveyResponseRecord {
  return {
    id: `feedback:${feedback.credentialId}`,
    surveyId: BUILT_IN_PARTICIPANT_SURVEY.id,
    audience: PARTICIPANT_SURVEY,
    subject: feedback.credentialId,
    userId: feedback.userId,
    batchId: feedback.batchId,
    answers: { q1: feedback.rating, ...(feedback.comment ? { q2: feedback.comment } : {}) },
    at: feedback.at,
  };
}

/**
 * The improvement report for a quarter (this one when absent) against the three before
 * it, for the participant survey and the two staff forms (staff and admins).
 */
export async function improvementReport(
  deps: Pick<SurveyDeps, 'stores' | 'now'>,
  actor: Actor,
  quarter?: Quarter,
): Promise<ImprovementReport> {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can read the improvement report');
  const quarters = quartersEndingAt(new Date(quarter?.from ?? deps.now()), REPORT_QUARTERS);
  const range = { from: quarters[0]!.from, to: quarters.at(-1)!.to };
  const audiences = await Promise.all(
    [PARTICIPANT_SURVEY, STAFF_SURVEY, STAFF_MESSAGING_SURVEY].map(async (audience) => {
      const [versions, responses] = await Promise.all([
        audience === PARTICIPANT_SURVEY
          ? deps.stores.surveys.listVersions(audience)
          : allVersions(deps, audience),
        deps.stores.surveys.listResponses({ audience, ...range }),
      ]);
      if (audience !== PARTICIPANT_SURVEY)
        return audienceFigures({ audience, versions, responses, quarters });
      // Ratings from the older form: those not already written by a survey answer.
      const answered = new Set(responses.map((r) => r.subject));
      // Their `at` may carry an offset: compared in UTC, like the programme report does.
      const older = (await deps.stores.feedback.listFeedback())
        .filter((f) => !Number.isNaN(Date.parse(f.at)))
        .map((f) => ({ ...f, at: new Date(f.at).toISOString() }))
        .filter((f) => !answered.has(f.credentialId) && f.at >= range.from && f.at < range.to)
        .map(asBuiltInResponse);
      return audienceFigures({
        audience,
        versions: [...versions, BUILT_IN_PARTICIPANT_SURVEY],
        responses: [...responses, ...older],
        quarters,
      });
    }),
  );
  return { quarter: quarters.at(-1)!, quarters, audiences };
}
