/**
 * The person's own account pages on the /me sub-app: profile and password change (other
 * sessions end), signed-in sessions, and privacy: consent history, the data export and
 * erasure (password and the typed word ERASE; afterwards signed out, with a goodbye page).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { currentUser, formFields, render } from './pageKit.js';
import { attempt, requireFields, shell, type FormError } from './publicKit.js';
import { clearSessionCookie } from '../middleware/session.js';
import { AppError } from '../../errors.js';
import {
  changeOwnName,
  changePassword,
  endOtherSessions,
  eraseOwnAccount,
  listOwnSessions,
} from '../../accounts/profile.js';
import { exportUserData } from '../../accounts/privacy.js';
import { myConsentHistory } from '../../accounts/consents.js';
import { ownCredentialIds } from '../../accounts/heldCredentials.js';
import { eraseMessagesOf, exportMessagesOf } from '../../messaging/messagingPrivacy.js';
import { GoodbyeView, PrivacyView, ProfileView, SessionsView } from '../views/accountViews.js';

function registerProfile(me: Hono<AppEnv>): void {
  me.get('/profile', (c) =>
    render(
      c,
      <ProfileView {...shell(c)} user={currentUser(c)} nameSaved={c.req.query('saved') === 'name'} />,
    ),
  );

  me.post('/name', async (c) => {
    const fields = await formFields(c);
    const user = currentUser(c);
    const result = await attempt(() => changeOwnName(c.var.deps.accounts, user.id, fields.name));
    if (result.error)
      return render(
        c,
        <ProfileView {...shell(c)} user={user} nameError={result.error.message} />,
        result.error.status,
      );
    return c.redirect('/me/profile?saved=name#name', 303);
  });

  me.post('/password', async (c) => {
    const fields = await formFields(c);
    const user = currentUser(c);
    const result = await attempt(async () => {
      requireFields(fields, {
        currentPassword: 'Enter your current password',
        newPassword: 'Choose a new password',
      });
      if (fields.newPassword !== fields.confirm)
        throw new AppError(
          'invalid_request',
          'The two new passwords differ; type the same new password twice',
        );
      return changePassword(c.var.deps.accounts, user.id, {
        currentPassword: fields.currentPassword!,
        newPassword: fields.newPassword!,
        ...(c.var.sessionSecret ? { currentSessionSecret: c.var.sessionSecret } : {}),
      });
    });
    if (result.error)
      return render(
        c,
        <ProfileView {...shell(c)} user={user} error={result.error.message} />,
        result.error.status,
      );
    return render(
      c,
      <ProfileView
        {...shell(c)}
        user={result.value}
        success="Your password was changed and your other devices were signed out."
      />,
    );
  });
}

function registerSessions(me: Hono<AppEnv>): void {
  me.get('/sessions', async (c) => {
    const sessions = await listOwnSessions(c.var.deps.accounts, currentUser(c).id, c.var.sessionSecret);
    const ended = c.req.query('ended');
    return render(
      c,
      <SessionsView
        {...shell(c)}
        sessions={sessions}
        ended={ended && /^\d{1,4}$/.test(ended) ? Number(ended) : undefined}
      />,
    );
  });

  me.post('/sessions/revoke-others', async (c) => {
    await formFields(c);
    const ended = await endOtherSessions(c.var.deps.accounts, currentUser(c).id, c.var.sessionSecret);
    return c.redirect(`/me/sessions?ended=${ended}`, 303);
  });
}

async function privacyPage(c: Context<AppEnv>, error?: FormError): Promise<Response> {
  const consents = await myConsentHistory(c.var.deps.accounts, currentUser(c));
  return render(
    c,
    <PrivacyView {...shell(c)} consents={consents} error={error?.message} />,
    error?.status ?? 200,
  );
}

function registerPrivacy(me: Hono<AppEnv>): void {
  me.get('/privacy', (c) => privacyPage(c));

  me.get('/export.json', async (c) => {
    const data = {
      ...(await exportUserData(c.var.deps.accounts, currentUser(c))),
      conversations: await exportMessagesOf(c.var.deps.messaging, currentUser(c).id),
    };
    c.header('content-disposition', 'attachment; filename="my-data.json"');
    c.header('cache-control', 'no-store');
    return c.json(data);
  });

  me.post('/erase', async (c) => {
    const fields = await formFields(c);
    const result = await attempt(async () => {
      requireFields(fields, {
        password: 'Enter your password to confirm',
        confirmation: 'Type ERASE to confirm',
      });
      const held = await ownCredentialIds(c.var.deps.accounts, currentUser(c));
      await eraseOwnAccount(c.var.deps.accounts, currentUser(c).id, {
        password: fields.password!,
        confirmation: fields.confirmation!,
      });
      // Rendered pictures carry the name too: drop them from memory now, not at eviction.
      for (const id of held) c.var.deps.rendering.cache.deleteCredential(id);
      // Conversations with the team are personal data too: erased with the account.
      await eraseMessagesOf(c.var.deps.messaging, currentUser(c).id);
    });
    if (result.error) return privacyPage(c, result.error);
    clearSessionCookie(c);
    return render(c, <GoodbyeView csrfToken={c.var.csrfToken} />);
  });
}

/** The account pages, a sub-app mounted at /me (behind the portal's middleware). */
export function accountPages(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  registerProfile(app);
  registerSessions(app);
  registerPrivacy(app);
  return app;
}
