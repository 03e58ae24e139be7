/**
 * Showing a form's problems all at once, GOV.UK style: a summary at the top ("There is a
 * problem", each message a link to its field, focused on load so keyboard and screen
 * reader users start there) and the same message next to the field, tied to its input by
 * aria-describedby and marked aria-invalid. Plus the password rules, stated under the
 * password field before anyone types. (formParts.Field has no error slot; CheckedField is
 * Field with one.)
 */
import type { Child } from 'hono/jsx';
import type { FieldProblem } from '../pages/formProblems.js';
import { PASSWORD_RULES } from '../../accounts/passwords.js';

/** The message for `field`, if it has a problem. */
export function problemFor(problems: FieldProblem[] | undefined, field: string): string | undefined {
  return problems?.find((p) => p.field === field)?.message;
}

/** The id of a field's input, as Field and CheckedField make it. */
const fieldId = (name: string) => `field-${name}`;

/** "There is a problem" with every message; those tied to a field link to it. */
export function ErrorSummary({ problems }: { problems: FieldProblem[] | undefined }) {
  if (!problems?.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {problems.map((p) => (
          <li>{p.field ? <a href={`#${fieldId(p.field)}`}>{p.message}</a> : p.message}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A field's error message, with a hidden "Error:" so it is not read as a hint. `joined`:
 * it stands outside its field's box (a checkbox row), so it takes the box's red bar itself.
 */
export function ErrorMessage({
  id,
  message,
  joined,
}: {
  id: string;
  message: string | undefined;
  joined?: boolean;
}) {
  if (!message) return null;
  return (
    <p class={joined ? 'error-message field-error joined' : 'error-message'} id={id}>
      <span class="visually-hidden">Error: </span>
      {message}
    </p>
  );
}

/** What the control in CheckedField's slot is given: its id and name, and its ties to the hint and problem. */
export interface FieldControlProps {
  id: string;
  name: string;
  autocomplete?: string | undefined;
  maxlength?: number | undefined;
  required: boolean;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled input (or, `multiline`, a textarea; or a control of the caller's, `control`:
 * a select, a number or date input) with an optional hint (text or markup) and its problem,
 * if any. Required unless `required` is false.
 */
export function CheckedField(props: {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'url';
  /** The keyboard a phone shows (a phone number: digits), on a text input the design system styles. */
  inputmode?: 'tel';
  value?: string | undefined;
  autocomplete?: string;
  hint?: Child;
  error?: string | undefined;
  required?: boolean;
  maxlength?: number;
  multiline?: boolean;
  /** The textarea's height in lines (3 unless given). */
  rows?: number;
  /** Renders the control in place of the input, spreading the attributes it is given onto it. */
  control?: (attributes: FieldControlProps) => Child;
}) {
  const id = fieldId(props.name);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const type = props.type ?? 'text';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const common: FieldControlProps = {
    id,
    name: props.name,
    autocomplete: props.autocomplete,
    maxlength: props.maxlength,
    required: props.required ?? true,
    'aria-invalid': props.error ? 'true' : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <div class="hint" id={hintId}>
          {props.hint}
        </div>
      ) : null}
      <ErrorMessage id={`${id}-error`} message={props.error} />
      {props.control ? (
        props.control(common)
      ) : props.multiline ? (
        <textarea {...common} rows={props.rows ?? 3}>
          {props.value}
        </textarea>
      ) : (
        <input
          {...common}
          type={type}
          inputmode={props.inputmode}
          value={type === 'password' ? undefined : props.value}
        />
      )}
    </div>
  );
}

/** The password policy as a short list, for a password field's hint. */
export function PasswordRules() {
  return (
    <>
      <p>Your password must:</p>
      <ul class="rules">
        {PASSWORD_RULES.map((rule) => (
          <li>{rule}</li>
        ))}
      </ul>
    </>
  );
}
