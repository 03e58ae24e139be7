/**
 * Views for accounts made by someone else: accepting an invitation (the invited email
 * and role are shown, not editable) and first-run setup of the first admin. The link's
 * token travels in a hidden field so the POST can use it.
 */
import { Layout } from './layout.js';
import { Field, PostForm } from './formParts.js';
import type { ShellProps } from './authViews.js';

const ROLE_LABELS: Record<string, string> = {
  participant: 'participant',
  partner: 'partner organisation member',
  reviewer: 'reviewer',
  staff: 'staff member',
  admin: 'administrator',
};

/** The invitation acceptance form. */
export function InvitationView(
  props: ShellProps & {
    token: string;
    email: string;
    role: string;
    name?: string;
    error?: string | undefined;
  },
) {
  return (
    <Layout title="Accept your invitation" user={props.user} csrfToken={props.csrfToken}>
      <p>
        You are invited as <strong>{ROLE_LABELS[props.role] ?? props.role}</strong> with the email address{' '}
        <strong>{props.email}</strong>. Choose your name and a password to finish.
      </p>
      <PostForm
        action="/accept-invitation"
        csrfToken={props.csrfToken}
        error={props.error}
        submit="Create my account"
      >
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="name"
          label="Full name"
          value={props.name}
          autocomplete="name"
          hint="As it should appear on certificates."
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters; not containing your name or email address, nor an easily guessed password such as password12."
        />
      </PostForm>
    </Layout>
  );
}

/** The first-run form creating the first administrator. */
export function SetupView(
  props: ShellProps & { token: string; name?: string; email?: string; error?: string | undefined },
) {
  return (
    <Layout title="Set up the platform" user={props.user} csrfToken={props.csrfToken}>
      <p>
        Create the first administrator account. This link works once; further accounts are made by invitation
        from the console.
      </p>
      <PostForm
        action="/setup"
        csrfToken={props.csrfToken}
        error={props.error}
        submit="Create the administrator"
      >
        <input type="hidden" name="token" value={props.token} />
        <Field name="name" label="Full name" value={props.name} autocomplete="name" />
        <Field name="email" label="Email" type="email" value={props.email} autocomplete="username" />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters; not containing your name or email address, nor an easily guessed password such as password12."
        />
      </PostForm>
    </Layout>
  );
}
