/**
 * A survey version's questions as form fields, shared by the participant's page and the
 * staff form: a rating is five radio buttons in a fieldset, a single choice one radio per
 * option, free text a textarea; each says whether it is required. Names are the question
 * ids, so the domain checks the answers against the exact version shown.
 */
import type { SurveyQuestion } from '../../storage/surveyPorts.js';
import { SURVEY_LIMITS } from '../../surveys/surveyDefinitions.js';

const need = (q: SurveyQuestion) => (q.required ? ' (required)' : ' (optional)');

/** The fields of one version's questions, with the values sent back after a refused answer. */
export function SurveyQuestionFields(props: {
  questions: readonly SurveyQuestion[];
  values?: Record<string, string> | undefined;
}) {
  const values = props.values ?? {};
  return (
    <>
      {props.questions.map((q) => {
        if (q.type === 'text')
          return (
            <div class="field">
              <label for={`answer-${q.id}`}>{`${q.prompt}${need(q)}`}</label>
              <textarea
                id={`answer-${q.id}`}
                name={q.id}
                rows={3}
                maxlength={SURVEY_LIMITS.answerChars}
                required={q.required}
              >
                {values[q.id] ?? ''}
              </textarea>
            </div>
          );
        const options =
          q.type === 'rating'
            ? [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))
            : (q.choices ?? []).map((c) => ({ value: c, label: c }));
        return (
          <fieldset>
            <legend>{`${q.prompt}${q.type === 'rating' ? ' (1 = poor, 5 = excellent)' : ''}${need(q)}`}</legend>
            {options.map((o, i) => (
              <label class="checkbox" for={`answer-${q.id}-${i + 1}`}>
                <input
                  type="radio"
                  id={`answer-${q.id}-${i + 1}`}
                  name={q.id}
                  value={o.value}
                  required={q.required}
                  checked={values[q.id] === o.value}
                />{' '}
                {o.label}
              </label>
            ))}
          </fieldset>
        );
      })}
    </>
  );
}
