/**
 * The console's surveys (under Programmes): each audience's survey with its versions and
 * answers, the builder that publishes the next version (a fixed set of question slots, so
 * it works without script), the staff form on the certificate process, and the quarterly
 * improvement report (ratings against earlier quarters, themes of comments).
 */
import { ConsoleShell, TableWrap, When, type ConsoleProps } from './consoleViews.js';
import { CsrfField } from './layout.js';
import { SurveyQuestionFields } from './surveyFieldsView.js';
import type { SurveyAudience, SurveyVersionRecord } from '../../storage/surveyPorts.js';
import { SURVEY_LIMITS, STAFF_SURVEY } from '../../surveys/surveyDefinitions.js';
import type { SurveySummary } from '../../surveys/surveyPublishing.js';
import type { ImprovementReport, QuestionFigures, ThemeCount } from '../../surveys/improvementReport.js';
import { plural } from '../../plural.js';

/** The section's address. */
export const SURVEYS = '/admin/surveys';
/** Surveys sit under Programmes in the console's navigation. */
const SECTION = '/admin/programmes';

const TYPE_LABELS = { rating: 'Rating 1-5', choice: 'Single choice', text: 'Free text' } as const;

/** GET /admin/surveys */
export function SurveysPage(props: ConsoleProps & { surveys: SurveySummary[] }) {
  return (
    <ConsoleShell title="Surveys" current={SECTION} {...props}>
      <p>
        Short surveys for participants after a certificate is issued, for people after a conversation is
        resolved, and for staff about the certificate process and about messaging. A published version never
        changes, so every answer refers to the questions that were asked: to change a survey, publish a new
        version.
      </p>
      <p>
        <a href={`${SURVEYS}/report`}>Quarterly improvement report</a> ·{' '}
        <a href={`${SURVEYS}/staff-form`}>Staff feedback form</a> ·{' '}
        <a href="/admin/messages/feedback">Staff feedback on messaging and suggestions</a> ·{' '}
        <a href="/admin/messages/reports">Satisfaction after conversations (monthly report)</a>
      </p>
      <ul class="cards">
        {props.surveys.map((s) => (
          <li class="card">
            <h2>{s.label}</h2>
            {s.current ? (
              <p>
                {s.current.version === 0
                  ? `Built-in: "${s.current.title}", ${plural(s.current.questions.length, 'question')}, until you publish one.`
                  : `Current: version ${s.current.version}, "${s.current.title}", ${plural(s.current.questions.length, 'question')}.`}
              </p>
            ) : (
              <p class="empty">Nothing published yet.</p>
            )}
            {s.versions.length > 0 ? (
              <TableWrap label={`Versions: ${s.label}`}>
                <table>
                  <caption>Versions, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Version</th>
                      <th scope="col">Title</th>
                      <th scope="col">Published</th>
                      <th scope="col">Answers</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.versions.map(({ version, responses }) => (
                      <tr>
                        <th scope="row">
                          {version.version === 0 ? '0 (built-in)' : String(version.version)}
                        </th>
                        <td>{version.title}</td>
                        <td>
                          <When at={version.publishedAt} />
                        </td>
                        <td>{String(responses)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            ) : null}
            <p>
              <a href={`${SURVEYS}/${s.audience}/new`}>
                {s.versions.length > 0 ? 'Publish a new version' : 'Build and publish'}
                <span class="visually-hidden">{`: ${s.label}`}</span>
              </a>
            </p>
          </li>
        ))}
      </ul>
    </ConsoleShell>
  );
}

/** One question slot of the builder, as the form carries it. */
export interface QuestionDraft {
  prompt: string;
  type: string;
  required: boolean;
  choices: string;
}

/** The builder's slots, filled from a version (the current one) when there is one. */
export function draftOf(version: SurveyVersionRecord | undefined): {
  title: string;
  questions: QuestionDraft[];
} {
  return {
    title: version?.title ?? '',
    questions: (version?.questions ?? []).map((q) => ({
      prompt: q.prompt,
      type: q.type,
      required: q.required,
      choices: (q.choices ?? []).join('\n'),
    })),
  };
}

/** GET /admin/surveys/:audience/new */
export function SurveyBuilderPage(
  props: ConsoleProps & {
    audience: SurveyAudience;
    label: string;
    draft: { title: string; questions: QuestionDraft[] };
  },
) {
  const slots = Math.min(SURVEY_LIMITS.questions, Math.max(4, props.draft.questions.length + 2));
  return (
    <ConsoleShell title={`New survey version: ${props.label}`} current={SECTION} {...props}>
      <p>
        Fill in the questions to ask, in order; leave a question empty to skip it. Publishing makes this the
        version people answer from now on; earlier answers keep their own version.
      </p>
      <form method="post" action={`${SURVEYS}/${props.audience}/versions`} class="stack">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="survey-title">Title</label>
          <input
            id="survey-title"
            name="title"
            type="text"
            required
            maxlength={SURVEY_LIMITS.titleChars}
            value={props.draft.title}
          />
        </div>
        {Array.from({ length: slots }, (_, i) => {
          const q = props.draft.questions[i];
          const n = i + 1;
          return (
            <fieldset>
              <legend>{`Question ${n}`}</legend>
              <div class="field">
                <label for={`q${n}-prompt`}>Question text</label>
                <input
                  id={`q${n}-prompt`}
                  name={`q${n}_prompt`}
                  type="text"
                  maxlength={SURVEY_LIMITS.promptChars}
                  value={q?.prompt ?? ''}
                />
              </div>
              <div class="field">
                <label for={`q${n}-type`}>Type</label>
                <select id={`q${n}-type`} name={`q${n}_type`}>
                  {Object.entries(TYPE_LABELS).map(([value, label]) => (
                    <option value={value} selected={(q?.type ?? 'rating') === value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for={`q${n}-choices`}>Options of a single-choice question, one per line</label>
                <textarea id={`q${n}-choices`} name={`q${n}_choices`} rows={3}>
                  {q?.choices ?? ''}
                </textarea>
              </div>
              <label class="checkbox" for={`q${n}-required`}>
                <input
                  id={`q${n}-required`}
                  type="checkbox"
                  name={`q${n}_required`}
                  value="on"
                  checked={q ? q.required : false}
                />{' '}
                An answer is required
              </label>
            </fieldset>
          );
        })}
        <button type="submit">Publish this version</button>
      </form>
    </ConsoleShell>
  );
}

/** GET /admin/surveys/staff-form */
export function StaffSurveyPage(
  props: ConsoleProps & { survey: SurveyVersionRecord | undefined; values?: Record<string, string> },
) {
  const { survey } = props;
  return (
    <ConsoleShell title="Staff feedback on the certificate process" current={SECTION} {...props}>
      {survey ? (
        <form method="post" action={`${SURVEYS}/staff-form`} class="stack">
          <CsrfField token={props.csrfToken} />
          <p>{`${survey.title} (version ${survey.version}). Send it whenever you have something to say; each answer counts once.`}</p>
          <SurveyQuestionFields questions={survey.questions} values={props.values} />
          <button type="submit">Send feedback</button>
        </form>
      ) : (
        <p class="empty">
          No staff form is published yet. <a href={`${SURVEYS}/${STAFF_SURVEY}/new`}>Build one</a>.
        </p>
      )}
    </ConsoleShell>
  );
}

function Counts({ caption, items }: { caption: string; items: ThemeCount[] }) {
  if (items.length === 0) return null;
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Text</th>
            <th scope="col">Count</th>
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr>
              <th scope="row">{t.text}</th>
              <td>{String(t.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function Question({ q, audience }: { q: QuestionFigures; audience: string }) {
  const name = `${audience}: ${q.prompt}`;
  return (
    <section class="card">
      <h3>{q.prompt}</h3>
      <p class="hint">{`${TYPE_LABELS[q.type]}; ${plural(q.answered, 'answer')} this quarter.`}</p>
      {q.ratings ? (
        <>
          {q.change !== undefined ? <p>{`Change from last quarter: ${signed(q.change)}.`}</p> : null}
          <TableWrap label={`Ratings by quarter: ${name}`}>
            <table>
              <caption>Ratings by quarter, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Quarter</th>
                  <th scope="col">Answers</th>
                  <th scope="col">Average</th>
                  {[1, 2, 3, 4, 5].map((r) => (
                    <th scope="col">{`${r} of 5`}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {q.ratings.map((r) => (
                  <tr>
                    <th scope="row">{r.quarter}</th>
                    <td>{String(r.count)}</td>
                    <td>{r.average === undefined ? '—' : String(r.average)}</td>
                    {r.distribution.map((n) => (
                      <td>{String(n)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
      {q.choices ? <Counts caption={`Choices this quarter: ${name}`} items={q.choices} /> : null}
      {q.themes ? (
        q.themes.words.length === 0 ? (
          <p class="empty">No comments this quarter.</p>
        ) : (
          <>
            <Counts caption={`Most frequent words: ${name}`} items={q.themes.words} />
            <Counts caption={`Most frequent two-word phrases: ${name}`} items={q.themes.phrases} />
          </>
        )
      ) : null}
    </section>
  );
}

/** GET /admin/surveys/report */
export function ImprovementReportPage(props: ConsoleProps & { report: ImprovementReport }) {
  const { report } = props;
  return (
    <ConsoleShell title={`Improvement report: ${report.quarter.label}`} current={SECTION} {...props}>
      <form method="get" action={`${SURVEYS}/report`} class="filters">
        <label for="report-quarter">Quarter (e.g. 2026-Q4)</label>
        <input
          id="report-quarter"
          name="quarter"
          type="text"
          value={report.quarter.label.replace(' ', '-')}
          pattern="\d{4}-?Q[1-4]"
        />
        <button type="submit">Show</button>
      </form>
      <p>
        {`Each question's answers in ${report.quarter.label} against the quarters before (${report.quarters
          .slice(0, -1)
          .map((q) => q.label)
          .join(
            ', ',
          )}). Themes are the most frequent words and two-word phrases of this quarter's comments, common words left out.`}
      </p>
      {report.audiences.map((a) => (
        <>
          <h2>{a.label}</h2>
          <p>{`${plural(a.responses, 'response')} this quarter (by quarter, oldest first: ${a.responsesPerQuarter.join(', ')}).`}</p>
          {a.questions.length === 0 ? (
            <p class="empty">No questions published.</p>
          ) : (
            <div class="stack">
              {a.questions.map((q) => (
                <Question q={q} audience={a.label} />
              ))}
            </div>
          )}
        </>
      ))}
    </ConsoleShell>
  );
}
