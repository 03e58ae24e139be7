/**
 * The monthly messaging report's feedback sections (issue 21, SCMR-5): satisfaction after
 * resolved conversations (each rating question's average per month, for six months, and
 * this month per staff member who resolved the conversation) and staff suggestions
 * consolidated from both staff forms with their short / long term priority.
 */
import type { Actor } from '../accounts/accountDeps.js';
import { satisfactionFigures, type SatisfactionFigures } from '../surveys/conversationSatisfaction.js';
import {
  SHORT_TERM_RULE,
  SUGGESTION_WINDOW_DAYS,
  staffSuggestions,
  type Suggestions,
} from '../surveys/staffSuggestions.js';
import { plural } from '../plural.js';
import type { MessagingDeps } from './messagingDeps.js';
import type { ReportSection } from './monthlyReport.js';

/** The feedback figures of a month, for the sections and the CSV. */
export interface FeedbackFigures {
  satisfaction: SatisfactionFigures;
  suggestions: Suggestions;
}

const avg = (n: number | undefined) => (n === undefined ? '—' : String(n));

/** How the list decides short and long term, in the words the report and the page use. */
export const PRIORITY_RULE = `Short term: raised in at least ${SHORT_TERM_RULE.minimumAnswers} answers whose ratings average ${SHORT_TERM_RULE.maximumAverageRating} or less of 5. Long term: everything else. A staff member's mark overrides the rule; done suggestions come last.`;

/** The figures for month `YYYY-MM`; suggestions read the 90 days up to the month's end (or now). */
export async function feedbackFigures(
  deps: MessagingDeps,
  actor: Actor,
  month: string,
  monthEnd: string,
): Promise<FeedbackFigures> {
  // Both ends exclusive: the month's end, or just after now (an answer given now counts).
  const until = new Date(Math.min(Date.parse(monthEnd), deps.now().getTime() + 1));
  const [satisfaction, suggestions] = await Promise.all([
    satisfactionFigures(deps, month),
    staffSuggestions(deps, actor, until),
  ]);
  return { satisfaction, suggestions };
}

/** The sections, placed before the report's own suggestions. */
export function feedbackSections({ satisfaction: s, suggestions }: FeedbackFigures): ReportSection[] {
  const answers = s.responsesPerMonth.at(-1) ?? 0;
  const prompts = s.questions.map((q) => q.prompt);
  return [
    {
      heading: 'Satisfaction after resolved conversations',
      paragraphs: [
        answers
          ? `${plural(answers, 'survey answer')} this month. Average rating (1-5) per question and month, with the number of answers, oldest month first.`
          : 'No survey answers this month. The table shows the months before it.',
      ],
      table: {
        header: ['Month', 'Answers', ...prompts],
        rows: s.months.map((month, i) => [
          month,
          String(s.responsesPerMonth[i] ?? 0),
          ...s.questions.map((q) => avg(q.months[i]?.average)),
        ]),
      },
    },
    {
      heading: 'Satisfaction by staff member',
      paragraphs: [
        s.staff.length
          ? 'This month’s answers by the staff member who resolved the conversation.'
          : 'No answers this month to show per staff member.',
      ],
      table: {
        header: ['Staff member', 'Answers', ...prompts],
        rows: s.staff.map((m) => [m.name, String(m.responses), ...m.averages.map(avg)]),
      },
    },
    {
      heading: 'Staff suggestions',
      paragraphs: [
        `Themes of staff comments on messaging and on the certificate process in the ${SUGGESTION_WINDOW_DAYS} days up to ${suggestions.to.slice(0, 10)}. ${PRIORITY_RULE}`,
        ...(suggestions.suggestions.length ? [] : ['No staff comments in that time.']),
      ],
      table: {
        header: ['Theme', 'Answers', 'Average rating', 'Priority', 'Status'],
        rows: suggestions.suggestions.map((x) => [
          x.theme,
          String(x.answers),
          avg(x.averageRating),
          `${x.priority === 'short' ? 'Short term' : 'Long term'}${x.prioritySetByStaff ? ' (set by staff)' : ''}`,
          x.done ? 'Done' : 'Open',
        ]),
      },
    },
  ];
}

/** The CSV rows (measure, key, value) of the feedback figures. */
export function feedbackCsvRows({ satisfaction: s, suggestions }: FeedbackFigures): unknown[][] {
  return [
    ['satisfaction_answers', '', s.responsesPerMonth.at(-1) ?? 0],
    ...s.questions.map((q) => ['satisfaction_average', q.prompt, q.months.at(-1)?.average ?? '']),
    ...s.staff.map((m) => ['satisfaction_answers_by_staff', m.name, m.responses]),
    ...suggestions.suggestions.map((x) => [`suggestion_${x.priority}_term`, x.theme, x.answers]),
  ];
}
