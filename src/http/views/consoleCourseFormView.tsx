/**
 * Form pieces of the console's programme pages: labelled text fields, and the course
 * fields (title, description, modules and assessments as lines, reviewers) shared by the
 * new-course form and the edit form, so both read and write the same line format.
 */
import type { CourseRecord, UserRecord } from '../../storage/ports.js';
import { DEFAULT_REVIEW_DAYS, reviewDaysOf } from '../../programs/courseRequirements.js';

/** A labelled one-line input; `type` lets the deadline use the browser's date picker. */
export function TextField({
  name,
  label,
  value,
  hint,
  required,
  type,
}: {
  name: string;
  label: string;
  value?: string | undefined;
  hint?: string;
  required?: boolean;
  type?: 'text' | 'datetime-local' | 'number';
}) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      {hint ? (
        <p class="hint" id={`f-${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={`f-${name}`}
        name={name}
        type={type ?? 'text'}
        value={value ?? ''}
        required={required ?? false}
        aria-describedby={hint ? `f-${name}-hint` : undefined}
      />
    </div>
  );
}

/** A labelled textarea. */
export function TextArea({
  name,
  label,
  value,
  hint,
  rows,
}: {
  name: string;
  label: string;
  value?: string | undefined;
  hint?: string;
  rows?: number;
}) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      {hint ? (
        <p class="hint" id={`f-${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea
        id={`f-${name}`}
        name={name}
        rows={rows ?? 3}
        aria-describedby={hint ? `f-${name}-hint` : undefined}
      >
        {value ?? ''}
      </textarea>
    </div>
  );
}

/** A labelled checkbox or radio button (its id derived from the name and the value). */
export function Check({
  name,
  value,
  label,
  checked,
  type,
}: {
  name: string;
  value: string;
  label: string;
  checked: boolean;
  type?: 'checkbox' | 'radio';
}) {
  const id = `f-${name}-${value}`;
  return (
    <div class="check">
      <input id={id} type={type ?? 'checkbox'} name={name} value={value} checked={checked} />
      <label for={id}>{label}</label>
    </div>
  );
}

/** A course as the edit form shows it first: its modules and assessments back as lines. */
export function courseFormValues(course: CourseRecord): Record<string, string> {
  return {
    title: course.title,
    description: course.description,
    modules: course.modules.map((m) => `${m.id}: ${m.title}`).join('\n'),
    assessments: course.assessments.map((a) => `${a.id}: ${a.title}: ${a.maxScore}`).join('\n'),
    reviewDays: String(reviewDaysOf(course)),
  };
}

/**
 * The course fields. `withId` adds the optional id (new courses only: the id is what the
 * LMS sends, so it never changes after creation).
 */
export function CourseFields({
  values,
  reviewers,
  checkedReviewers,
  withId,
}: {
  values: Record<string, string>;
  reviewers: UserRecord[];
  checkedReviewers: string[];
  withId: boolean;
}) {
  return (
    <>
      <TextField name="title" label="Title" value={values.title} required />
      {withId ? (
        <TextField
          name="id"
          label="Id (optional)"
          value={values.id}
          hint="Letters, digits, dot, dash, underscore; used by the LMS. Generated when empty."
        />
      ) : null}
      <TextArea name="description" label="Description" value={values.description} />
      <TextArea
        name="modules"
        label="Modules"
        value={values.modules}
        rows={4}
        hint='One per line: "id: title", e.g. "m1: HTML basics".'
      />
      <TextArea
        name="assessments"
        label="Assessments"
        value={values.assessments}
        rows={3}
        hint='One per line: "id: title: maximum score", e.g. "final: Final assessment: 100".'
      />
      <fieldset>
        <legend>Reviewers of submitted work</legend>
        {reviewers.length === 0 ? (
          <p class="hint">No reviewers yet; invite people with the reviewer role.</p>
        ) : null}
        {reviewers.map((r) => (
          <Check
            name="reviewerIds"
            value={r.id}
            label={`${r.name} (${r.role})`}
            checked={checkedReviewers.includes(r.id)}
          />
        ))}
      </fieldset>
      <TextField
        name="reviewDays"
        label="Review within (working days)"
        type="number"
        value={values.reviewDays ?? String(DEFAULT_REVIEW_DAYS)}
        hint={`How long a review of submitted work takes at most, as the course's public certificate page promises (1 to 60; empty: ${DEFAULT_REVIEW_DAYS}).`}
      />
    </>
  );
}
