/**
 * The home page (/) and the verification page (/verify), both built around the verifier
 * block: a visitor checks a certificate right where they land. A signed-in person opening
 * the home page goes to their own start page instead.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { homeFor, render } from './pageKit.js';
import { shell, signupOpen } from './publicKit.js';
import { HomeView, VerifyView } from '../views/homeViews.js';

/** Registers / and /verify on the root app (their page middleware is registered by publicPages). */
export function registerHomePages(app: Hono<AppEnv>): void {
  app.get('/', (c) => {
    if (c.var.user) return c.redirect(homeFor(c.var.user), 303);
    return render(
      c,
      <HomeView {...shell(c)} signupOpen={signupOpen(c)} organisation={c.var.deps.config.issuerName} />,
    );
  });
  app.get('/verify', (c) => render(c, <VerifyView {...shell(c)} />));
}
