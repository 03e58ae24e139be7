/**
 * Root pages for signing in and out: landing, log in (failed attempts limited per address;
 * the per-account progressive delay is in the domain, and browsers with the owner's
 * known-device cookie skip it), log out, sign up, email confirmation, and the forgotten /
 * reset password pair. Answers never reveal whether an email has an account.
 */
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { formFields, homeFor, pagesAt, render, safeNext } from './pageKit.js';
import {
  attempt,
  enforceRateLimit,
  queryParam,
  requireFields,
  shell,
  signInBrowser,
  signupOpen,
  type FormStatus,
} from './publicKit.js';
import { attemptForm, type FieldProblem } from './formProblems.js';
import { checkResetPasswordForm, checkSignupForm } from './accountFormChecks.js';
import { clientAddress, FixedWindowCounter } from '../middleware/rateLimit.js';
import { deviceUserIds, rememberDevice } from '../middleware/deviceCookie.js';
import { requireRole } from '../middleware/roles.js';
import { clearSessionCookie } from '../middleware/session.js';
import {
  isFirstPasswordLink,
  logIn,
  requestPasswordReset,
  resetPassword,
  signUp,
  verifyEmail,
} from '../../accounts/users.js';
import { endSession } from '../../accounts/sessions.js';
import {
  ForgotPasswordView,
  LoginView,
  MessageView,
  ResetPasswordView,
  SignupClosedView,
  SignupView,
} from '../views/authViews.js';
import { AppError } from '../../errors.js';
import { sendWelcome } from '../../notifications/notify.js';
import { acceptedTextVersions, consentTextVersions } from '../../content/siteContent.js';

/** Attempts per address per window on the login, reset and sign-up forms. */
const ATTEMPTS = 10;
const WINDOW_MS = 15 * 60_000;

/** The per-address limiters, created once per app. */
export interface AuthLimits {
  login: FixedWindowCounter;
  forgotPassword: FixedWindowCounter;
  signup: FixedWindowCounter;
}

/** Runs a domain action; a rate_limited answer that says how long to wait gets its Retry-After header. */
async function withRetryAfter<T>(c: Context<AppEnv>, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const seconds = error instanceof AppError ? error.extra?.retryAfterSeconds : undefined;
    if (typeof seconds === 'number') c.header('retry-after', String(seconds));
    throw error;
  }
}

function registerLogin(app: Hono<AppEnv>, limits: AuthLimits): void {
  app.get('/login', (c) => {
    const next = queryParam(c, 'next');
    if (c.var.user) return c.redirect(safeNext(next, homeFor(c.var.user)), 303);
    return render(c, <LoginView {...shell(c)} next={next} signupOpen={signupOpen(c)} />);
  });

  app.post('/login', async (c) => {
    const fields = await formFields(c);
    const result = await attempt(async () => {
      enforceRateLimit(c, limits.login);
      requireFields(fields, { email: 'Enter your email address', password: 'Enter your password' });
      const knownDeviceUserIds = deviceUserIds(c);
      return withRetryAfter(c, () =>
        logIn(c.var.deps.accounts, { email: fields.email!, password: fields.password!, knownDeviceUserIds }),
      );
    });
    if (result.error) {
      const { message, status } = result.error;
      return render(
        c,
        <LoginView
          {...shell(c)}
          email={fields.email ?? ''}
          next={fields.next ?? ''}
          error={message}
          signupOpen={signupOpen(c)}
        />,
        status,
      );
    }
    // Only failed attempts count towards the per-address limit.
    limits.login.forgive(clientAddress(c), c.var.deps.now().getTime());
    await signInBrowser(c, result.value);
    rememberDevice(c, result.value.id);
    return c.redirect(safeNext(fields.next, homeFor(result.value)), 303);
  });

  app.post('/logout', requireRole(), async (c) => {
    await formFields(c);
    if (c.var.sessionSecret) await endSession(c.var.deps.accounts, c.var.sessionSecret);
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });
}

function registerSignup(app: Hono<AppEnv>, limits: AuthLimits): void {
  app.get('/signup', async (c) => {
    if (c.var.user) return c.redirect(homeFor(c.var.user), 303);
    if (!signupOpen(c)) return render(c, <SignupClosedView {...shell(c)} />);
    return render(
      c,
      <SignupView {...shell(c)} textVersions={await consentTextVersions(c.var.deps.content)} />,
    );
  });

  app.post('/signup', async (c) => {
    if (!signupOpen(c))
      return render(
        c,
        <SignupClosedView {...shell(c)} error="Accounts are created by invitation only." />,
        403,
      );
    const fields = await formFields(c);
    const acceptedTerms = fields.acceptedTerms === 'yes';
    // Every problem of the form comes back at once (checkSignupForm), after the rate limit counted the attempt.
    const result = await attemptForm(async () => {
      enforceRateLimit(c, limits.signup);
      const form = checkSignupForm(fields);
      // The consent records name the versions of the terms and privacy notice the form showed.
      const accepted = await acceptedTextVersions(c.var.deps.content, {
        terms: fields.termsVersion,
        privacy: fields.privacyVersion,
      });
      await signUp(c.var.deps.accounts, { ...form, textVersions: accepted });
    });
    if (result.problems) {
      return render(
        c,
        <SignupView
          {...shell(c)}
          name={fields.name ?? ''}
          email={fields.email ?? ''}
          acceptedTerms={acceptedTerms}
          problems={result.problems}
          textVersions={await consentTextVersions(c.var.deps.content)}
        />,
        result.status,
      );
    }
    return render(
      c,
      <MessageView
        {...shell(c)}
        title="Check your email"
        kind="success"
        message="We have sent a confirmation link to the address you gave. Open it to finish creating your account."
      >
        <p>
          Already confirmed? <a href="/login">Log in</a>
        </p>
      </MessageView>,
    );
  });

  app.get('/verify-email', async (c) => {
    const result = await attempt(async () => {
      const token = queryParam(c, 'token');
      if (!token)
        throw new AppError(
          'invalid_request',
          'This confirmation link is incomplete; open the link from the email again',
        );
      return verifyEmail(c.var.deps.accounts, token);
    });
    if (result.error)
      return render(
        c,
        <MessageView {...shell(c)} title="Confirm your email" kind="error" message={result.error.message} />,
        result.error.status,
      );
    await sendWelcome(c.var.deps.notifications, result.value);
    return render(
      c,
      <MessageView
        {...shell(c)}
        title="Email confirmed"
        kind="success"
        message="Thank you: your email address is confirmed."
      >
        <p>{c.var.user ? <a href="/me">Go to my certificates</a> : <a href="/login">Log in</a>}</p>
      </MessageView>,
    );
  });
}

function registerPasswordReset(app: Hono<AppEnv>, limits: AuthLimits): void {
  app.get('/forgot-password', (c) => render(c, <ForgotPasswordView {...shell(c)} />));

  app.post('/forgot-password', async (c) => {
    const fields = await formFields(c);
    const result = await attempt(async () => {
      enforceRateLimit(c, limits.forgotPassword);
      requireFields(fields, { email: 'Enter the email address of your account' });
      await requestPasswordReset(c.var.deps.accounts, fields.email!);
    });
    if (result.error)
      return render(
        c,
        <ForgotPasswordView {...shell(c)} email={fields.email ?? ''} error={result.error.message} />,
        result.error.status,
      );
    return render(
      c,
      <MessageView
        {...shell(c)}
        title="Check your email"
        kind="info"
        message="If an account exists for that address, we have sent it a link to choose a new password. The link works once, for 1 hour."
      />,
    );
  });

  app.get('/reset-password', async (c) => {
    const token = queryParam(c, 'token');
    if (!token)
      return render(
        c,
        <MessageView
          {...shell(c)}
          title="Reset your password"
          kind="error"
          message="This reset link is incomplete; open the link from the email again."
        />,
        400,
      );
    return render(
      c,
      <ResetPasswordView
        {...shell(c)}
        token={token}
        first={await isFirstPasswordLink(c.var.deps.accounts, token)}
      />,
    );
  });

  app.post('/reset-password', async (c) => {
    const fields = await formFields(c);
    const result = await attemptForm(async () => {
      const form = checkResetPasswordForm(fields);
      return resetPassword(c.var.deps.accounts, form.token, form.password);
    });
    if (result.problems) return resetFailed(c, fields.token ?? '', result.problems, result.status);
    // The emailed link proved the mailbox is theirs: this browser skips the delay from now on.
    rememberDevice(c, result.value.id);
    // Every session of the person ended; this browser's cookie goes too.
    if (c.var.sessionSecret) clearSessionCookie(c);
    if (result.value.firstPassword) {
      return render(
        c,
        <MessageView
          title="Password set"
          csrfToken={c.var.csrfToken}
          kind="success"
          message="Your password is set. Log in with your email address and this password."
        >
          <p>
            <a href="/login">Log in</a>
          </p>
        </MessageView>,
      );
    }
    return render(
      c,
      <MessageView
        title="Password changed"
        csrfToken={c.var.csrfToken}
        kind="success"
        message="Your password has been changed and you have been signed out everywhere."
      >
        <p>
          <a href="/login">Log in with the new password</a>
        </p>
      </MessageView>,
    );
  });
}

function resetFailed(
  c: Context<AppEnv>,
  token: string,
  problems: FieldProblem[],
  status: FormStatus,
): Response {
  return render(c, <ResetPasswordView {...shell(c)} token={token} problems={problems} />, status);
}

/** The sign-in pages' paths (the page middleware runs on them). */
export const AUTH_PAGE_PATHS = [
  '/login',
  '/logout',
  '/signup',
  '/verify-email',
  '/forgot-password',
  '/reset-password',
];

/**
 * The sign-in pages, a sub-app mounted at the root; its rate limiters live as long as
 * the sub-app.
 */
export function authPages(
  limits: AuthLimits = {
    login: new FixedWindowCounter(ATTEMPTS, WINDOW_MS),
    forgotPassword: new FixedWindowCounter(ATTEMPTS, WINDOW_MS),
    signup: new FixedWindowCounter(ATTEMPTS, WINDOW_MS),
  },
): Hono<AppEnv> {
  const app = pagesAt(AUTH_PAGE_PATHS);
  registerLogin(app, limits);
  registerSignup(app, limits);
  registerPasswordReset(app, limits);
  return app;
}
