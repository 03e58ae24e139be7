/**
 * Following a partner up, on its check-ins page: its cadence (and when the next check-in
 * is due) and staff's overall assessment for a quarter, which the quarterly report shows.
 */
import { CsrfField } from './layout.js';
import { CheckedField, problemFor } from './formProblemsView.js';
import type { FieldProblem } from '../pages/formProblems.js';
import {
  ASSESSMENT_RATINGS,
  CHECK_IN_CADENCES,
  type CheckInCadence,
  type QuarterlyAssessmentRecord,
} from '../../storage/ports.js';
import { CADENCE_LABELS, RATING_LABELS } from '../../accreditation/checkInLabels.js';
import { STAFF_CHECK_INS } from './checkInViews.js';

/** A partner's cadence and when the next check-in is due. */
export function CadenceForm(props: {
  organisationId: string;
  cadence: CheckInCadence;
  dueAt?: string | undefined;
  csrfToken: string;
}) {
  return (
    <>
      <p>
        {props.cadence === 'none'
          ? 'No cadence: this partner is not followed up by date.'
          : `Check-ins ${CADENCE_LABELS[props.cadence]}; the next is due ${props.dueAt?.slice(0, 10) ?? 'now'}.`}
      </p>
      <form
        method="post"
        action={`${STAFF_CHECK_INS}/organisations/${props.organisationId}/cadence`}
        class="compact"
      >
        <CsrfField token={props.csrfToken} />
        <label for="field-cadence">Cadence</label>
        <select id="field-cadence" name="cadence">
          {CHECK_IN_CADENCES.map((c) => (
            <option value={c} selected={c === props.cadence}>
              {CADENCE_LABELS[c]}
            </option>
          ))}
        </select>
        <button type="submit">Set cadence</button>
      </form>
    </>
  );
}

/** Staff write a partner's overall assessment for a quarter. */
export function AssessmentForm(props: {
  organisationId: string;
  quarter: string;
  assessment?: QuarterlyAssessmentRecord | undefined;
  csrfToken: string;
  problems?: FieldProblem[] | undefined;
  values?: { rating?: string; text?: string } | undefined;
}) {
  const rating = props.values?.rating ?? props.assessment?.rating ?? 'on_track';
  const textError = problemFor(props.problems, 'text');
  return (
    <form
      method="post"
      action={`${STAFF_CHECK_INS}/organisations/${props.organisationId}/assessments`}
      class="stack"
      novalidate
    >
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="quarter" value={props.quarter} />
      <fieldset>
        <legend>{`Overall rating for ${props.quarter}`}</legend>
        {ASSESSMENT_RATINGS.map((r) => (
          <div class="check">
            <input type="radio" id={`rating-${r}`} name="rating" value={r} checked={r === rating} />
            <label for={`rating-${r}`}>{RATING_LABELS[r]}</label>
          </div>
        ))}
      </fieldset>
      <CheckedField
        name="text"
        label="Assessment"
        hint="Shown in the partner's quarterly report."
        error={textError}
        multiline
        rows={5}
        maxlength={4000}
        value={props.values?.text ?? props.assessment?.text ?? ''}
      />
      <button type="submit">Save assessment</button>
    </form>
  );
}
