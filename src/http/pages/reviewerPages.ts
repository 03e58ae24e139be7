/**
 * /reviewer (reviewers, and staff and admins, who review any course's work): the review queue of the courses they review, the
 * decision on each submission, and the download of a submitted file (only for someone who
 * reviews its course; served as an attachment with its sniffed type and nosniff, so a
 * file can never run as a page of ours).
 */
import { REVIEWING_ROLES } from '../../storage/ports.js';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/roles.js';
import { formFields, pageMiddleware, render } from './pageKit.js';
import { attempt, pageContext, type PageStatus } from './consoleKit.js';
import { decideSubmission, visibleSubmission } from '../../programs/submissions.js';
import { reviewQueueItems, submittedFile } from '../../programs/programReads.js';
import { REVIEW_DECISIONS, type ReviewDecision } from '../../storage/ports.js';
import { ReviewerPage, type QueueItem } from '../views/reviewerView.js';

async function queuePage(
  c: Context<AppEnv>,
  notice?: { kind: 'error' | 'success'; text: string },
  status: PageStatus = 200,
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const items: QueueItem[] = await reviewQueueItems(c.var.deps.programs, actor);
  const done = c.req.query('done');
  return render(
    c,
    ReviewerPage({
      user,
      csrfToken,
      items,
      notice:
        notice ??
        (done
          ? { kind: 'success', text: 'Your decision was recorded and the participant told.' }
          : undefined),
    }),
    status,
  );
}

/** The reviewer portal, mounted at /reviewer. */
export function reviewerRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use('*', ...pageMiddleware, requireRole(...REVIEWING_ROLES))
    .get('/', (c) => queuePage(c))
    .post('/submissions/:id/decision', async (c) => {
      const fields = await formFields(c);
      const decision = fields.decision as ReviewDecision;
      const { actor } = pageContext(c);
      // The ownership check first: a submission this reviewer cannot see is a 404 whatever the body.
      await visibleSubmission(c.var.deps.programs, actor, c.req.param('id'));
      if (!REVIEW_DECISIONS.includes(decision))
        return queuePage(c, { kind: 'error', text: 'Choose approve, ask for changes or reject' }, 400);
      const result = await attempt(() =>
        decideSubmission(c.var.deps.programs, actor, c.req.param('id'), decision, fields.feedback),
      );
      if (!result.ok) return queuePage(c, { kind: 'error', text: result.notice.text }, result.status);
      return c.redirect('/reviewer?done=1', 303);
    })
    .get('/submissions/:id/file', async (c) => {
      const { actor } = pageContext(c);
      const file = await submittedFile(c.var.deps.programs, actor, c.req.param('id'));
      const name = file.name.replace(/[^\w.-]+/g, '_');
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': file.mediaType,
        'content-disposition': `attachment; filename="${name}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
    });
}
