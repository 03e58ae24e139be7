/**
 * Views of a person's own account: profile with the password change form, the list of
 * signed-in sessions, and privacy (consent history, data export, erasure).
 */
import { TableWrap } from './consoleViews.js';
import type { UserRecord, ConsentRecord } from '../../storage/ports.js';
import type { OwnSession } from '../../accounts/profile.js';
import { ERASE_CONFIRMATION } from '../../accounts/profile.js';
import { Layout, Notice } from './layout.js';
import { Field, PostForm, When } from './formParts.js';
import type { ShellProps } from './authViews.js';
import { plural } from '../../plural.js';

const CONSENT_LABELS: Record<string, string> = {
  terms: 'Terms of use',
  privacy: 'Privacy notice',
  name_on_certificate: 'Name on certificates',
  marketing: 'News and offers',
};

/** Profile details and the change-password form. */
export function ProfileView(
  props: ShellProps & {
    user: UserRecord;
    error?: string | undefined;
    success?: string | undefined;
    nameError?: string | undefined;
    nameSaved?: boolean;
  },
) {
  const { user } = props;
  return (
    <Layout title="Profile" user={user} csrfToken={props.csrfToken}>
      <h2 id="name">Your name on certificates</h2>
      {props.nameSaved ? (
        <Notice kind="success">Your name was saved. Certificates issued from now on carry it.</Notice>
      ) : null}
      <PostForm action="/me/name" csrfToken={props.csrfToken} error={props.nameError} submit="Save my name">
        <Field
          name="name"
          label="Full name"
          value={user.name}
          autocomplete="name"
          required
          hint="Spelt exactly as it should be printed. Certificates already issued keep their name: to correct one, use “Correct the name” on it in My certificates."
        />
      </PostForm>
      <h2 id="account">Account</h2>
      <dl class="facts">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{user.role}</dd>
        <dt>Member since</dt>
        <dd>
          <When at={user.createdAt} />
        </dd>
      </dl>
      <h2 id="password">Change your password</h2>
      {props.success ? <Notice kind="success">{props.success}</Notice> : null}
      <PostForm
        action="/me/password"
        csrfToken={props.csrfToken}
        error={props.error}
        submit="Change password"
      >
        <Field
          name="currentPassword"
          label="Current password"
          type="password"
          autocomplete="current-password"
        />
        <Field
          name="newPassword"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters. Your other devices will be signed out."
        />
        <Field name="confirm" label="Repeat the new password" type="password" autocomplete="new-password" />
      </PostForm>
      <p>
        <a href="/me/sessions">Signed-in devices</a> · <a href="/me/privacy">Privacy and your data</a> ·{' '}
        <a href="/me/marketing">News, offers and location</a>
      </p>
    </Layout>
  );
}

/** The person's sessions, with a button to end all but this one. */
export function SessionsView(props: ShellProps & { sessions: OwnSession[]; ended?: number | undefined }) {
  const others = props.sessions.filter((s) => !s.current).length;
  return (
    <Layout title="Signed-in devices" user={props.user} csrfToken={props.csrfToken}>
      {props.ended !== undefined ? (
        <Notice kind="success">{`Signed out ${plural(props.ended, 'other session')}.`}</Notice>
      ) : null}
      <TableWrap label="Your signed-in devices">
        <table>
          <caption class="visually-hidden">Your sessions</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr>
                <td>
                  {s.userAgent ?? 'Unknown browser'}
                  {s.current ? <strong> (this device)</strong> : null}
                </td>
                <td>
                  <When at={s.createdAt} />
                </td>
                <td>
                  <When at={s.lastSeenAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {others > 0 ? (
        <PostForm
          action="/me/sessions/revoke-others"
          csrfToken={props.csrfToken}
          submit="Sign out all other devices"
        />
      ) : (
        <p>This is your only signed-in device.</p>
      )}
    </Layout>
  );
}

/** Consent history, export, and the erase form. */
export function PrivacyView(props: ShellProps & { consents: ConsentRecord[]; error?: string | undefined }) {
  return (
    <Layout title="Privacy and your data" user={props.user} csrfToken={props.csrfToken}>
      <h2>What you agreed to</h2>
      {props.consents.length === 0 ? (
        <p class="empty">No consents recorded.</p>
      ) : (
        <TableWrap label="What you agreed to">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Text version</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {props.consents.map((consent) => (
                <tr>
                  <td>
                    <When at={consent.at} />
                  </td>
                  <td>{CONSENT_LABELS[consent.kind] ?? consent.kind}</td>
                  <td>{consent.textVersion}</td>
                  <td>{consent.granted ? 'Agreed' : 'Withdrawn'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>Download your data</h2>
      <p>
        <a href="/me/export.json" download>
          Download everything we hold about you (JSON)
        </a>
      </p>
      <h2 id="erase">Erase your account</h2>
      <p>
        Erasing removes your profile, consents, sessions and the stored copies of your certificates, and ends
        their public pages. Copies you saved keep verifying. This cannot be undone.
      </p>
      <PostForm
        action="/me/erase"
        csrfToken={props.csrfToken}
        error={props.error}
        submit="Erase my account"
        class="stack danger"
      >
        <Field name="password" label="Your password" type="password" autocomplete="current-password" />
        <Field name="confirmation" label={`Type ${ERASE_CONFIRMATION} to confirm`} autocomplete="off" />
      </PostForm>
    </Layout>
  );
}

/** Shown once the account is erased (the person is signed out). */
export function GoodbyeView(props: { csrfToken: string }) {
  return (
    <Layout title="Your account is erased" csrfToken={props.csrfToken}>
      <Notice kind="success">
        Your account and personal data have been erased, and you have been signed out.
      </Notice>
      <p>Certificates you saved keep verifying. Thank you for learning with us.</p>
      <p>
        <a href="/">Home</a>
      </p>
    </Layout>
  );
}
