/**
 * Views for signing in and out: log in, sign up (or the invite-only
 * explanation), forgotten and reset password, and a simple message page for outcomes
 * ("check your email", "email confirmed").
 */
import type { Child } from 'hono/jsx';
import type { UserRecord } from '../../storage/ports.js';
import { Layout, Notice } from './layout.js';
import { Field, PostForm } from './formParts.js';
import { CheckedField, ErrorMessage, ErrorSummary, PasswordRules, problemFor } from './formProblemsView.js';
import type { FieldProblem } from '../pages/formProblems.js';

/** What every view receives from the handler. */
export interface ShellProps {
  user?: UserRecord | undefined;
  csrfToken: string;
}

/** The login form. */
export function LoginView(
  props: ShellProps & { email?: string; next?: string; error?: string | undefined; signupOpen: boolean },
) {
  return (
    <Layout title="Log in" {...props}>
      <PostForm action="/login" csrfToken={props.csrfToken} error={props.error} submit="Log in">
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <Field name="email" label="Email" type="email" value={props.email} autocomplete="username" />
        <Field name="password" label="Password" type="password" autocomplete="current-password" />
      </PostForm>
      <p>
        <a href="/forgot-password">Forgotten your password?</a>
        {props.signupOpen ? (
          <>
            {' · '}
            <a href="/signup">Create an account</a>
          </>
        ) : null}
      </p>
    </Layout>
  );
}

/**
 * A link that opens in a new tab (so a half-filled form stays), saying so to screen readers
 * as its description: in its name it would change the name of the label it sits in.
 */
function NewTabLink(props: { href: string; children: string }) {
  return (
    <a href={props.href} target="_blank" rel="noopener" aria-describedby="new-tab-note">
      {props.children}
    </a>
  );
}

/** The self-service sign-up form; `textVersions` are the versions of the texts it links to, sent back with it. */
export function SignupView(
  props: ShellProps & {
    name?: string;
    email?: string;
    acceptedTerms?: boolean;
    problems?: FieldProblem[] | undefined;
    textVersions?: { terms: string; privacy: string };
  },
) {
  const termsError = problemFor(props.problems, 'acceptedTerms');
  return (
    <Layout title="Create an account" {...props}>
      <ErrorSummary problems={props.problems} />
      <PostForm action="/signup" csrfToken={props.csrfToken} submit="Create account">
        <CheckedField
          name="name"
          label="Full name"
          value={props.name}
          autocomplete="name"
          hint="As it should appear on your certificates."
          error={problemFor(props.problems, 'name')}
        />
        <CheckedField
          name="email"
          label="Email"
          type="email"
          value={props.email}
          autocomplete="email"
          error={problemFor(props.problems, 'email')}
        />
        <CheckedField
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          hint={<PasswordRules />}
          error={problemFor(props.problems, 'password')}
        />
        <ErrorMessage id="field-acceptedTerms-error" message={termsError} joined />
        <div class={termsError ? 'check field-error' : 'check'}>
          <input
            id="field-acceptedTerms"
            type="checkbox"
            name="acceptedTerms"
            value="yes"
            checked={props.acceptedTerms ?? false}
            aria-invalid={termsError ? 'true' : undefined}
            aria-describedby={termsError ? 'field-acceptedTerms-error' : undefined}
          />
          <label for="field-acceptedTerms">
            I accept the <NewTabLink href="/terms">terms of use</NewTabLink> and the{' '}
            <NewTabLink href="/privacy">privacy notice</NewTabLink>
          </label>
        </div>
        <span id="new-tab-note" hidden>
          Opens in a new tab
        </span>
        {props.textVersions ? (
          <>
            <input type="hidden" name="termsVersion" value={props.textVersions.terms} />
            <input type="hidden" name="privacyVersion" value={props.textVersions.privacy} />
          </>
        ) : null}
      </PostForm>
      <p>
        Already have an account? <a href="/login">Log in</a>
      </p>
    </Layout>
  );
}

/** Shown instead of the sign-up form when accounts are created by invitation only. */
export function SignupClosedView(props: ShellProps & { error?: string }) {
  return (
    <Layout title="Accounts are by invitation" {...props}>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <p>
        This platform creates accounts by invitation only. If you took part in a programme, ask the programme
        team to invite you; the invitation arrives by email.
      </p>
      <p>
        You can still <a href="/verify">verify a certificate</a> without an account.
      </p>
    </Layout>
  );
}

/** Asks for the email a reset link goes to. */
export function ForgotPasswordView(props: ShellProps & { email?: string; error?: string | undefined }) {
  return (
    <Layout title="Reset your password" {...props}>
      <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
      <PostForm
        action="/forgot-password"
        csrfToken={props.csrfToken}
        error={props.error}
        submit="Send the link"
      >
        <Field name="email" label="Email" type="email" value={props.email} autocomplete="email" />
      </PostForm>
    </Layout>
  );
}

/** The new-password form reached from the emailed link; `first` for an account's first password. */
export function ResetPasswordView(
  props: ShellProps & { token: string; problems?: FieldProblem[] | undefined; first?: boolean },
) {
  return (
    <Layout title={props.first ? 'Choose your password' : 'Choose a new password'} {...props}>
      <ErrorSummary problems={props.problems} />
      <PostForm action="/reset-password" csrfToken={props.csrfToken} submit="Save the new password">
        <input type="hidden" name="token" value={props.token} />
        <CheckedField
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint={<PasswordRules />}
          error={problemFor(props.problems, 'password')}
        />
        <CheckedField
          name="confirm"
          label="Repeat the new password"
          type="password"
          autocomplete="new-password"
          error={problemFor(props.problems, 'confirm')}
        />
      </PostForm>
    </Layout>
  );
}

/** A page with one outcome and where to go next. */
export function MessageView(
  props: ShellProps & {
    title: string;
    kind: 'success' | 'info' | 'error';
    message: string;
    children?: Child;
  },
) {
  return (
    <Layout title={props.title} user={props.user} csrfToken={props.csrfToken}>
      <Notice kind={props.kind}>{props.message}</Notice>
      {props.children}
    </Layout>
  );
}
