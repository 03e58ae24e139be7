/**
 * The participant's courses in the portal (/me/programmes): where each certificate
 * stands, consent to the name on certificates (which issues what was waiting for it),
 * submitting work for review (text, link or file), and the post-issuance survey.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { acceptsUploads } from '../middleware/uploads.js';
import { actorOf, currentUser, formFields, render } from './pageKit.js';
import { shell } from './publicKit.js';
import { attempt, type PageStatus } from './consoleKit.js';
import { AppError } from '../../errors.js';
import { recordConsents, CURRENT_TEXT_VERSIONS } from '../../accounts/consents.js';
import { reevaluateAfterConsent } from '../../programs/enrolments.js';
import { submitContent, type SubmissionInput } from '../../programs/submissions.js';
import { giveFeedback } from '../../programs/staffIssuance.js';
import { setEvidenceConsent } from '../../badges/evidenceConsent.js';
import { MyProgrammesView } from '../views/portalProgrammesView.js';
import { myProgrammes } from '../../programs/programReads.js';

const DONE: Record<string, string> = {
  consent: 'Thank you. Certificates that were waiting for your consent have been issued.',
  submitted: 'Your work was submitted; you will hear from the reviewer here and by email.',
  feedback: 'Thank you for your feedback.',
  evidence: 'Your choice about linking your work was saved.',
  'evidence-reissued':
    'Your choice about linking your work was saved, and your certificate was replaced by a new one that says so (see My certificates).',
};

async function programmesPage(
  c: Context<AppEnv>,
  options: {
    notice?: { kind: 'error' | 'success'; text: string };
    status?: PageStatus;
    draft?: { batchId: string; text: string };
  } = {},
): Promise<Response> {
  const user = currentUser(c);
  const cards = await myProgrammes(c.var.deps.programs, actorOf(user));
  const done = DONE[c.req.query('done') ?? ''];
  const notice = options.notice ?? (done ? { kind: 'success' as const, text: done } : undefined);
  return render(
    c,
    <MyProgrammesView {...shell(c)} cards={cards} notice={notice} draft={options.draft} />,
    options.status ?? 200,
  );
}

/** What a submission form carries, as the domain's input. */
async function submissionInput(c: Context<AppEnv>): Promise<{ input: SubmissionInput; text: string }> {
  const body = await c.req.parseBody();
  const text = typeof body.text === 'string' ? body.text : '';
  switch (body.kind) {
    case 'link':
      return { input: { kind: 'link', url: typeof body.url === 'string' ? body.url : '' }, text };
    case 'file': {
      const file = body.file;
      if (!(file instanceof File) || file.size === 0)
        throw new AppError('invalid_request', 'Choose a file to upload');
      return {
        input: { kind: 'file', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        text,
      };
    }
    case 'text':
      return { input: { kind: 'text', text }, text };
    default:
      throw new AppError('invalid_request', 'Choose what you are submitting: text, a link or a file');
  }
}

/** The programme pages, the sub-app at /me/programmes (behind the portal's middleware). */
export function portalProgrammeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => programmesPage(c));

  app.post('/consent', async (c) => {
    await formFields(c);
    const user = currentUser(c);
    await recordConsents(c.var.deps.accounts, user.id, [
      { kind: 'name_on_certificate', granted: true, textVersion: CURRENT_TEXT_VERSIONS.name_on_certificate },
    ]);
    await reevaluateAfterConsent(c.var.deps.programs, user.id);
    return c.redirect('/me/programmes?done=consent', 303);
  });

  // Files may be sent: the upload limit.
  app.post('/:batchId/submissions', acceptsUploads, async (c) => {
    await formFields(c);
    const batchId = c.req.param('batchId');
    let draft = '';
    const result = await attempt(async () => {
      const { input, text } = await submissionInput(c);
      draft = text;
      return submitContent(c.var.deps.programs, actorOf(currentUser(c)), batchId, input);
    });
    if (!result.ok) {
      if (result.status === 404) throw new AppError('not_found', result.notice.text);
      return programmesPage(c, {
        notice: { kind: 'error', text: result.notice.text },
        status: result.status,
        draft: { batchId, text: draft },
      });
    }
    return c.redirect('/me/programmes?done=submitted', 303);
  });

  // Consent to linking approved work as the certificate's evidence (src/badges/evidenceConsent.ts).
  app.post('/:batchId/evidence', async (c) => {
    const fields = await formFields(c);
    const result = await attempt(() =>
      setEvidenceConsent(
        c.var.deps.programs,
        actorOf(currentUser(c)),
        c.req.param('batchId'),
        fields.evidence === 'on',
      ),
    );
    if (!result.ok) {
      if (result.status === 404) throw new AppError('not_found', result.notice.text);
      return programmesPage(c, {
        notice: { kind: 'error', text: result.notice.text },
        status: result.status,
      });
    }
    return c.redirect(`/me/programmes?done=${result.value.reissued ? 'evidence-reissued' : 'evidence'}`, 303);
  });

  app.post('/feedback/:credentialId', async (c) => {
    const fields = await formFields(c);
    const result = await attempt(() =>
      giveFeedback(c.var.deps.programs, actorOf(currentUser(c)), c.req.param('credentialId'), {
        rating: Number(fields.rating ?? ''),
        ...(fields.comment ? { comment: fields.comment } : {}),
      }),
    );
    if (!result.ok) {
      if (result.status === 404) throw new AppError('not_found', result.notice.text);
      return programmesPage(c, {
        notice: { kind: 'error', text: result.notice.text },
        status: result.status,
      });
    }
    return c.redirect('/me/programmes?done=feedback', 303);
  });
  return app;
}
