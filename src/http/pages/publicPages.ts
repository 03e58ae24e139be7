/**
 * Mounts the public and participant pages: the root pages (home, verify, log in and out, sign
 * up, email confirmation, password reset, invitation, setup) with the page middleware
 * registered path by path, the public certificate page under /c/*, and the participant
 * portal as its own sub-app under /me (see pageKit.ts for why).
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { usePageMiddleware } from './pageKit.js';
import { FixedWindowCounter } from '../middleware/rateLimit.js';
import { registerHomePages } from './homePages.js';
import { registerAuthPages } from './authPages.js';
import { registerOnboardingPages } from './onboardingPages.js';
import { registerCertificatePage } from './certificatePage.js';
import { portalPages } from './portalPages.js';
import { registerContentPages } from './contentPages.js';
import { siteAssetRoutes } from '../routes/siteAssets.js';

/** Attempts per address per window on the login, reset and sign-up forms. */
const ATTEMPTS = 10;
const WINDOW_MS = 15 * 60_000;

/** The root-level page paths that run the session and CSRF middleware. */
export const PUBLIC_PAGE_PATHS = [
  '/',
  '/verify',
  '/login',
  '/logout',
  '/signup',
  '/verify-email',
  '/forgot-password',
  '/reset-password',
  '/accept-invitation',
  '/setup',
  '/c/*',
];

/** Registers the pages on the root app; the rate limiters live as long as the app. */
export function mountPublicPages(app: Hono<AppEnv>): void {
  usePageMiddleware(app, PUBLIC_PAGE_PATHS);
  registerHomePages(app);
  registerAuthPages(app, {
    login: new FixedWindowCounter(ATTEMPTS, WINDOW_MS),
    forgotPassword: new FixedWindowCounter(ATTEMPTS, WINDOW_MS),
    signup: new FixedWindowCounter(ATTEMPTS, WINDOW_MS),
  });
  registerOnboardingPages(app);
  registerCertificatePage(app);
  registerContentPages(app);
  app.route('/', siteAssetRoutes());
  app.route('/me', portalPages());
}
