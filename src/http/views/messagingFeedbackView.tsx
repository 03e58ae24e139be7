/**
 * /admin/messages/feedback: staff's form about messaging (challenges, efficiency,
 * limitations) and, under it, the suggestions consolidated from both staff forms, each
 * with its priority, the rule that set it, and a small form to mark it short or long term
 * and done.
 */
import { ConsoleShell, type ConsoleProps } from './consoleViews.js';
import { CsrfField } from './layout.js';
import { SurveyQuestionFields } from './surveyFieldsView.js';
import { MESSAGES } from './consoleMessagesView.js';
import type { SurveyVersionRecord } from '../../storage/surveyPorts.js';
import type { Suggestion, Suggestions } from '../../surveys/staffSuggestions.js';
import { PRIORITY_RULE } from '../../messaging/feedbackSections.js';
import { plural } from '../../plural.js';

/** The page's address. */
export const FEEDBACK = `${MESSAGES}/feedback`;

function SuggestionCard({ s, n, csrfToken }: { s: Suggestion; n: number; csrfToken: string }) {
  const priority = s.priority === 'short' ? 'Short term' : 'Long term';
  return (
    <li class="card">
      <h3>{s.theme}</h3>
      <p>
        <span class={`tag ${s.done ? 'ok' : s.priority === 'short' ? 'warn' : 'info'}`}>
          {s.done ? 'Done' : priority}
        </span>{' '}
        {`${plural(s.answers, 'answer')}${s.averageRating === undefined ? '' : `, average rating ${s.averageRating} of 5`}${s.prioritySetByStaff ? `; ${priority.toLowerCase()} set by staff` : ''}.`}
      </p>
      {s.examples.map((text) => (
        <blockquote>{text}</blockquote>
      ))}
      <form method="post" action={`${FEEDBACK}/suggestions`} class="filters">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="theme" value={s.theme} />
        <label for={`s${n}-priority`}>Priority</label>
        <select id={`s${n}-priority`} name="priority">
          <option value="rule" selected={!s.prioritySetByStaff}>
            As the rule says
          </option>
          <option value="short" selected={s.prioritySetByStaff && s.priority === 'short'}>
            Short term
          </option>
          <option value="long" selected={s.prioritySetByStaff && s.priority === 'long'}>
            Long term
          </option>
        </select>
        <label class="checkbox" for={`s${n}-done`}>
          <input id={`s${n}-done`} type="checkbox" name="done" value="on" checked={s.done} /> Done
        </label>
        <button type="submit">
          Save<span class="visually-hidden">{`: ${s.theme}`}</span>
        </button>
      </form>
    </li>
  );
}

/** GET /admin/messages/feedback */
export function MessagingFeedbackPage(
  props: ConsoleProps & {
    form: SurveyVersionRecord;
    suggestions: Suggestions;
    values?: Record<string, string>;
  },
) {
  const { form, suggestions } = props;
  return (
    <ConsoleShell title="Feedback on messaging" current={MESSAGES} {...props}>
      <p>
        Tell us what makes messaging hard, how efficient it is and what limits you. Send it whenever you have
        something to say; each answer counts once. Staff can change these questions by publishing a new
        version under <a href="/admin/surveys">Surveys</a>.
      </p>
      <form method="post" action={FEEDBACK} class="stack">
        <CsrfField token={props.csrfToken} />
        <SurveyQuestionFields questions={form.questions} values={props.values} />
        <button type="submit">Send feedback</button>
      </form>
      <h2>Suggestions from staff</h2>
      <p>
        {`Comments from this form and the certificate-process form in the 90 days up to ${suggestions.to.slice(0, 10)}, grouped by theme (their most frequent two-word phrases and words). ${PRIORITY_RULE}`}
      </p>
      {suggestions.suggestions.length === 0 ? (
        <p class="empty">No staff comments in that time yet.</p>
      ) : (
        <ul class="cards">
          {suggestions.suggestions.map((s, i) => (
            <SuggestionCard s={s} n={i + 1} csrfToken={props.csrfToken} />
          ))}
        </ul>
      )}
      <p>
        <a href={`${MESSAGES}/reports`}>The monthly report</a> shows the same list with the satisfaction
        survey's trends.
      </p>
    </ConsoleShell>
  );
}
