/**
 * The home page (/) and the verification page (/verify), both built around the verifier
 * block: a visitor checks a certificate right where they land. A signed-in person opening
 * the home page goes to their own start page instead.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { homeFor, pagesAt, render } from './pageKit.js';
import { shell, signupOpen } from './publicKit.js';
import { HomeView, VerifyView } from '../views/homeViews.js';

/** The home pages' paths (the page middleware runs on them). */
export const HOME_PAGE_PATHS = ['/', '/verify'];

/** / and /verify, a sub-app mounted at the root. */
export function homePages(): Hono<AppEnv> {
  return pagesAt(HOME_PAGE_PATHS)
    .get('/', (c) => {
      if (c.var.user) return c.redirect(homeFor(c.var.user), 303);
      return render(
        c,
        <HomeView {...shell(c)} signupOpen={signupOpen(c)} organisation={c.var.deps.config.issuerName} />,
      );
    })
    .get('/verify', (c) => render(c, <VerifyView {...shell(c)} />));
}
