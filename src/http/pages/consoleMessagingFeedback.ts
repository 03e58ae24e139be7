/**
 * /admin/messages/feedback (staff and admins; mounted by consoleMessages.ts before its
 * /:id routes): the staff form about messaging and the consolidated suggestions, and
 * marking a suggestion short or long term and done. The domain (surveys/) checks the
 * actor and the answers. Post-redirect-get.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import { answerStaffSurvey } from '../../surveys/staffSurveys.js';
import { markSuggestion, messagingFeedback } from '../../surveys/staffSuggestions.js';
import { STAFF_MESSAGING_SURVEY } from '../../surveys/surveyDefinitions.js';
import { FEEDBACK, MessagingFeedbackPage } from '../views/messagingFeedbackView.js';

const DONE: Record<string, NoticeData> = {
  sent: { kind: 'success', text: 'Thank you: your feedback was recorded.' },
  marked: { kind: 'success', text: 'The suggestion was marked.' },
};

const markForm = z.object({
  theme: z.string().trim().min(1).max(200),
  priority: z.enum(['rule', 'short', 'long']),
  done: z.literal('on').optional(),
});

async function feedbackPage(
  c: Context<AppEnv>,
  extra: { notice?: NoticeData; status?: PageStatus; values?: Record<string, string> } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { form, suggestions } = await messagingFeedback(c.var.deps.messaging, actor);
  return render(
    c,
    MessagingFeedbackPage({
      user,
      csrfToken,
      notice: extra.notice ?? DONE[c.req.query('done') ?? ''],
      form,
      suggestions,
      ...(extra.values ? { values: extra.values } : {}),
    }),
    extra.status ?? 200,
  );
}

/** Routes mounted at /admin/messages. */
export function consoleMessagingFeedbackRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/feedback', (c) => feedbackPage(c))
    .post('/feedback', async (c) => {
      const { actor } = pageContext(c);
      const fields = await formFields(c);
      const result = await attempt(() =>
        answerStaffSurvey(c.var.deps.messaging, actor, fields, STAFF_MESSAGING_SURVEY),
      );
      if (!result.ok)
        return feedbackPage(c, { notice: result.notice, status: result.status, values: fields });
      return c.redirect(`${FEEDBACK}?done=sent`, 303);
    })
    .post('/feedback/suggestions', async (c) => {
      const parsed = markForm.safeParse(await formFields(c));
      if (!parsed.success) throw new AppError('invalid_request', 'Choose a priority for a named suggestion');
      const { theme, priority, done } = parsed.data;
      await markSuggestion(c.var.deps.messaging, pageContext(c).actor, {
        theme,
        priority,
        done: done === 'on',
      });
      return c.redirect(`${FEEDBACK}?done=marked`, 303);
    });
}
