/** /reviewer (reviewers only): the review queue. */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/roles.js';
import { pageMiddleware, render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { ReviewerPage } from '../views/reviewerView.js';

/** The reviewer portal, mounted at /reviewer. */
export function reviewerRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use('*', ...pageMiddleware, requireRole('reviewer'))
    .get('/', (c) => {
      const { user, csrfToken } = pageContext(c);
      return render(c, ReviewerPage({ user, csrfToken }));
    });
}
