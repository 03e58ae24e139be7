/**
 * The root-level public pages, one sub-app mounted at /: home and verify, log in and out,
 * sign up, email confirmation, password reset, invitation, setup, the public documents,
 * and the site icon. Each module runs the page middleware (session, then CSRF) on its own
 * paths alone (pagesAt), so no other route at the root runs it. The certificate page (/c),
 * the verification links (/v) and the participant portal (/me) are sub-apps of their own.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { HOME_PAGE_PATHS, homePages } from './homePages.js';
import { AUTH_PAGE_PATHS, authPages } from './authPages.js';
import { ONBOARDING_PAGE_PATHS, onboardingPages } from './onboardingPages.js';
import { CONTENT_PAGE_PATHS, contentPages } from './contentPages.js';
import { siteAssetRoutes } from '../routes/siteAssets.js';

/** The root-level page paths that run the session and CSRF middleware. */
export const PUBLIC_PAGE_PATHS = [
  ...HOME_PAGE_PATHS,
  ...AUTH_PAGE_PATHS,
  ...ONBOARDING_PAGE_PATHS,
  ...CONTENT_PAGE_PATHS,
];

/** The public pages, mounted at /; the sign-in rate limiters live as long as the sub-app. */
export function publicPages(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .route('/', homePages())
    .route('/', authPages())
    .route('/', onboardingPages())
    .route('/', contentPages())
    .route('/', siteAssetRoutes());
}
