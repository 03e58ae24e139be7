/**
 * Root pages for accounts made by someone else: accepting an invitation (signs the new
 * person in) and first-run setup of the first admin (signs them in, on to /admin).
 */
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { formFields, homeFor, pagesAt, render } from './pageKit.js';
import { attempt, queryParam, requireFields, shell, signInBrowser } from './publicKit.js';
import { acceptInvitation, completeSetup, peekInvitation } from '../../accounts/invitations.js';
import { InvitationView, SetupView } from '../views/onboardingViews.js';
import { MessageView } from '../views/authViews.js';
import { sendWelcome } from '../../notifications/notify.js';

const INVALID_INVITATION =
  'This invitation is invalid, used or expired; ask the person who invited you for a new one.';

function invitationGone(c: Context<AppEnv>, message = INVALID_INVITATION): Response {
  return render(
    c,
    <MessageView {...shell(c)} title="Accept your invitation" kind="error" message={message} />,
    400,
  );
}

function registerInvitation(app: Hono<AppEnv>): void {
  app.get('/accept-invitation', async (c) => {
    const token = queryParam(c, 'token');
    const invitation = token ? await peekInvitation(c.var.deps.accounts, token) : undefined;
    if (!invitation?.email || !invitation.role) return invitationGone(c);
    return render(
      c,
      <InvitationView {...shell(c)} token={token} email={invitation.email} role={invitation.role} />,
    );
  });

  app.post('/accept-invitation', async (c) => {
    const fields = await formFields(c);
    const token = fields.token ?? '';
    const invitation = token ? await peekInvitation(c.var.deps.accounts, token) : undefined;
    if (!invitation?.email || !invitation.role) return invitationGone(c);
    const result = await attempt(async () => {
      requireFields(fields, { name: 'Enter your name', password: 'Choose a password' });
      return acceptInvitation(c.var.deps.accounts, token, { name: fields.name!, password: fields.password! });
    });
    if (result.error) {
      const { message, status } = result.error;
      return render(
        c,
        <InvitationView
          {...shell(c)}
          token={token}
          email={invitation.email}
          role={invitation.role}
          name={fields.name ?? ''}
          error={message}
        />,
        status,
      );
    }
    await signInBrowser(c, result.value);
    await sendWelcome(c.var.deps.notifications, result.value);
    return c.redirect(homeFor(result.value), 303);
  });
}

function registerSetup(app: Hono<AppEnv>): void {
  app.get('/setup', (c) => {
    const token = queryParam(c, 'token');
    if (!token)
      return render(
        c,
        <MessageView
          {...shell(c)}
          title="Set up the platform"
          kind="error"
          message="This setup link is incomplete; copy the whole link the server printed."
        />,
        400,
      );
    return render(c, <SetupView {...shell(c)} token={token} />);
  });

  app.post('/setup', async (c) => {
    const fields = await formFields(c);
    const result = await attempt(async () => {
      requireFields(fields, {
        token: 'This setup link is incomplete; copy the whole link the server printed',
        name: 'Enter your name',
        email: 'Enter your email address',
        password: 'Choose a password',
      });
      return completeSetup(c.var.deps.accounts, fields.token!, {
        name: fields.name!,
        email: fields.email!,
        password: fields.password!,
      });
    });
    if (result.error) {
      const { message, status } = result.error;
      return render(
        c,
        <SetupView
          {...shell(c)}
          token={fields.token ?? ''}
          name={fields.name ?? ''}
          email={fields.email ?? ''}
          error={message}
        />,
        status,
      );
    }
    await signInBrowser(c, result.value);
    return c.redirect('/admin', 303);
  });
}

/** The onboarding pages' paths (the page middleware runs on them). */
export const ONBOARDING_PAGE_PATHS = ['/accept-invitation', '/setup'];

/** The invitation and setup pages, a sub-app mounted at the root. */
export function onboardingPages(): Hono<AppEnv> {
  const app = pagesAt(ONBOARDING_PAGE_PATHS);
  registerInvitation(app);
  registerSetup(app);
  return app;
}
