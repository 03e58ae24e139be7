/**
 * /admin/corrections (staff and admins): the queue of name correction requests and each
 * request's page with approve (re-issue with the new name) and refuse (with a reason).
 * The domain (programs/nameCorrections.ts) checks the actor, decides once and audits.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { decideNameCorrection } from '../../programs/nameCorrections.js';
import { correctionQueue, correctionWithPerson } from '../../programs/correctionQueue.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import { CORRECTIONS, CorrectionPage, CorrectionsPage } from '../views/consoleCorrectionsView.js';

const DONE: Record<string, string> = {
  approved:
    'Approved: the certificate was re-issued with the corrected name, and the participant was emailed.',
  refused: 'Refused: the participant was emailed your reason.',
};

async function showRequest(
  c: Context<AppEnv>,
  id: string,
  extra: { notice?: NoticeData; status?: PageStatus; note?: string } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { request, personName, personEmail } = await correctionWithPerson(c.var.deps.programs, actor, id);
  const done = DONE[c.req.query('done') ?? ''];
  const notice = extra.notice ?? (done ? { kind: 'success' as const, text: done } : undefined);
  return render(
    c,
    CorrectionPage({
      user,
      csrfToken,
      notice,
      request,
      personName,
      personEmail,
      ...(extra.note !== undefined ? { note: extra.note } : {}),
    }),
    extra.status ?? 200,
  );
}

/** Routes mounted at /admin/corrections (behind the console's session, CSRF and staff checks). */
export function consoleCorrectionRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const requests = await correctionQueue(c.var.deps.programs, actor);
      return render(c, CorrectionsPage({ user, csrfToken, requests }));
    })
    .get('/:id', (c) => showRequest(c, c.req.param('id')))
    .post('/:id/:decision{approve|refuse}', async (c) => {
      const { actor } = pageContext(c);
      const id = c.req.param('id');
      const fields = await formFields(c);
      const decision = c.req.param('decision') as 'approve' | 'refuse';
      const result = await attempt(() =>
        decideNameCorrection(c.var.deps.programs, actor, id, {
          decision,
          ...(fields.note !== undefined ? { note: fields.note } : {}),
        }),
      );
      if (!result.ok)
        return showRequest(c, id, {
          notice: result.notice,
          status: result.status,
          ...(fields.note !== undefined ? { note: fields.note } : {}),
        });
      return c.redirect(
        `${CORRECTIONS}/${encodeURIComponent(id)}?done=${decision === 'approve' ? 'approved' : 'refused'}`,
        303,
      );
    });
}
