/**
 * Form building blocks for the public and participant pages: every input has a visible
 * label tied to it, hints are linked with aria-describedby, and a form error is shown in
 * one Notice above the fields. Password inputs never carry a value back.
 */
import type { Child } from 'hono/jsx';
import { CsrfField, Notice } from './layout.js';

/** One labelled input. */
export function Field(props: {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'search';
  value?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  id?: string;
}) {
  const id = props.id ?? `field-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const type = props.type ?? 'text';
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={type}
        value={type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        aria-describedby={hintId}
      />
    </div>
  );
}

/** A POST form with the CSRF field and an optional error above the fields. */
export function PostForm(props: {
  action: string;
  csrfToken: string;
  error?: string | undefined;
  submit: string;
  children?: Child;
  class?: string;
}) {
  return (
    <>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <form method="post" action={props.action} class={props.class ?? 'stack'} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.children}
        <button type="submit">{props.submit}</button>
      </form>
    </>
  );
}

/** A date-time shown in UTC, readable, with the machine value in a <time> element. */
export function When({ at }: { at: string | undefined }) {
  if (!at) return <span>—</span>;
  return <time datetime={at}>{`${at.slice(0, 10)} ${at.slice(11, 16)} UTC`}</time>;
}

/** One choice of a SelectField. */
export interface SelectOption {
  value: string;
  label: string;
}

/**
 * A labelled <select>: `none` (when given) is a first choice with the empty value, meaning
 * "any" or "nobody"; the option whose value is `selected` is selected.
 */
export function SelectField(props: {
  id: string;
  name: string;
  label: string;
  none?: string;
  options: SelectOption[];
  selected: string | undefined;
}) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.none !== undefined && <option value="">{props.none}</option>}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.selected}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}
