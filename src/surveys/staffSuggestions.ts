/**
 * Staff suggestions, consolidated and prioritised (issue 21, SCMR-5): the comments of both
 * staff forms (the certificate process and messaging) from the last 90 days, grouped by
 * theme (the improvement report's most frequent two-word phrases, then frequent words not
 * inside one of them), each with how many answers raised it and the average rating those
 * answers gave.
 *
 * The rule, stated where staff read the list: a theme is short term when at least two
 * answers raised it and their ratings average 3 or less of 5 (often raised by people who
 * are unhappy); everything else is long term. A staff member can mark a theme short or long
 * term (overriding the rule) and done; done themes are listed last.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type { Stores } from '../storage/ports.js';
import type { SurveyAudience, SurveyVersionRecord } from '../storage/surveyPorts.js';
import { commentThemes, themeWords } from './improvementReport.js';
import {
  allVersions,
  requireSurveyStaff,
  STAFF_AUDIENCES,
  STAFF_MESSAGING_SURVEY,
} from './surveyDefinitions.js';
import { staffSurveyForm } from './staffSurveys.js';

/** How far back the list reads staff comments. */
export const SUGGESTION_WINDOW_DAYS = 90;
/** The rule's thresholds (see the top of this file). */
export const SHORT_TERM_RULE = { minimumAnswers: 2, maximumAverageRating: 3 } as const;
/** How many comments each theme quotes. */
const EXAMPLES = 3;

interface SuggestionDeps {
  stores: Pick<Stores, 'surveys' | 'suggestionMarks' | 'audit'>;
  now: () => Date;
}

/** One theme of staff comments. */
export interface Suggestion {
  theme: string;
  /** How many answers raised it. */
  answers: number;
  /** The average rating of those answers, to one decimal (absent when none rated). */
  averageRating?: number;
  priority: 'short' | 'long';
  /** True when a staff member set the priority (not the rule). */
  prioritySetByStaff: boolean;
  done: boolean;
  /** Which forms it came from. */
  audiences: SurveyAudience[];
  /** Up to three of the comments that raised it. */
  examples: string[];
}

/** The list over a window. */
export interface Suggestions {
  from: string;
  to: string;
  suggestions: Suggestion[];
}

/** One answer's comments and its average rating. */
interface Commented {
  audience: SurveyAudience;
  comments: string[];
  rating?: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Whether a comment holds the theme's words in a row (the themes' own tokenising). */
function raises(comment: string, theme: string): boolean {
  const words = themeWords(comment);
  const wanted = theme.split(' ');
  return words.some((_, i) => wanted.every((w, j) => words[i + j] === w));
}

async function commentedAnswers(deps: SuggestionDeps, from: string, to: string): Promise<Commented[]> {
  const out: Commented[] = [];
  for (const audience of STAFF_AUDIENCES) {
    const [versions, responses] = await Promise.all([
      allVersions(deps, audience),
      deps.stores.surveys.listResponses({ audience, from, to }),
    ]);
    const byId = new Map(versions.map((v) => [v.id, v]));
    for (const response of responses) {
      const questions = byId.get(response.surveyId)?.questions ?? [];
      const value = (id: string) => response.answers[id];
      const comments = questions.filter((q) => q.type === 'text' && value(q.id) !== undefined);
      const ratings = questions.filter((q) => q.type === 'rating' && typeof value(q.id) === 'number');
      if (comments.length === 0) continue;
      out.push({
        audience,
        comments: comments.map((q) => String(value(q.id))),
        ...(ratings.length
          ? { rating: ratings.reduce((s, q) => s + (value(q.id) as number), 0) / ratings.length }
          : {}),
      });
    }
  }
  return out;
}

/** The themes: frequent phrases, then frequent words that are not part of a listed phrase. */
function themesOf(answers: Commented[]): string[] {
  const { words, phrases } = commentThemes(answers.flatMap((a) => a.comments));
  const inPhrase = new Set(phrases.flatMap((p) => p.text.split(' ')));
  return [
    ...phrases.map((p) => p.text),
    ...words.filter((w) => w.count >= 2 && !inPhrase.has(w.text)).map((w) => w.text),
  ];
}

/** The consolidated suggestions of the 90 days before `until` (exclusive; default: up to now, included), for staff. */
export async function staffSuggestions(
  deps: SuggestionDeps,
  actor: Actor,
  until: Date = new Date(deps.now().getTime() + 1),
): Promise<Suggestions> {
  requireSurveyStaff(actor);
  const to = until.toISOString();
  const from = new Date(until.getTime() - SUGGESTION_WINDOW_DAYS * 86_400_000).toISOString();
  const [answers, marks] = await Promise.all([
    commentedAnswers(deps, from, to),
    deps.stores.suggestionMarks.listMarks(),
  ]);
  const markOf = new Map(marks.map((m) => [m.theme, m]));
  const suggestions = themesOf(answers).map((theme): Suggestion => {
    const raising = answers.filter((a) => a.comments.some((c) => raises(c, theme)));
    const rated = raising.filter((a) => a.rating !== undefined);
    const average = rated.length
      ? round1(rated.reduce((s, a) => s + a.rating!, 0) / rated.length)
      : undefined;
    const byRule =
      raising.length >= SHORT_TERM_RULE.minimumAnswers &&
      average !== undefined &&
      average <= SHORT_TERM_RULE.maximumAverageRating
        ? 'short'
        : 'long';
    const mark = markOf.get(theme);
    return {
      theme,
      answers: raising.length,
      ...(average !== undefined ? { averageRating: average } : {}),
      priority: mark?.priority ?? byRule,
      prioritySetByStaff: mark?.priority !== undefined,
      done: mark?.done ?? false,
      audiences: [...new Set(raising.map((a) => a.audience))],
      examples: raising.flatMap((a) => a.comments.filter((c) => raises(c, theme))).slice(0, EXAMPLES),
    };
  });
  const rank = (s: Suggestion) => (s.done ? 2 : s.priority === 'short' ? 0 : 1);
  suggestions.sort((a, b) => rank(a) - rank(b) || b.answers - a.answers || a.theme.localeCompare(b.theme));
  return { from, to, suggestions };
}

/** What a staff member decides about a theme: a priority ('rule' lets the rule decide) and done. */
export async function markSuggestion(
  deps: SuggestionDeps,
  actor: Actor,
  input: { theme: string; priority: 'short' | 'long' | 'rule'; done: boolean },
): Promise<void> {
  requireSurveyStaff(actor);
  const theme = input.theme.trim().toLowerCase();
  if (!theme || theme.length > 200) throw new AppError('invalid_request', 'Name the suggestion to mark');
  await deps.stores.suggestionMarks.putMark({
    theme,
    ...(input.priority === 'rule' ? {} : { priority: input.priority }),
    done: input.done,
    by: actor.id,
    at: deps.now().toISOString(),
  });
  await audit(
    deps,
    actor,
    'survey.suggestion_marked',
    { type: 'suggestion', id: theme },
    { priority: input.priority, done: input.done },
  );
}

/** The messaging feedback page's data: the staff messaging form and the consolidated suggestions. */
export async function messagingFeedback(
  deps: SuggestionDeps,
  actor: Actor,
): Promise<{ form: SurveyVersionRecord; suggestions: Suggestions }> {
  const [form, suggestions] = await Promise.all([
    staffSurveyForm(deps, actor, STAFF_MESSAGING_SURVEY),
    staffSuggestions(deps, actor),
  ]);
  return { form: form!, suggestions };
}
