/**
 * The satisfaction survey after a resolved conversation, in the portal
 * (/me/surveys/conversations/:id, the link of the `conversation_survey` email and of the
 * resolved thread). Someone else's conversation is "not found" (the domain checks).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { actorOf, currentUser, formFields, render } from './pageKit.js';
import { shell } from './publicKit.js';
import { attempt, type PageStatus } from './consoleKit.js';
import { AppError } from '../../errors.js';
import { answerConversationSurvey, conversationSurveyFor } from '../../surveys/conversationSurvey.js';
import { ConversationSurveyView } from '../views/conversationSurveyView.js';

async function surveyPage(
  c: Context<AppEnv>,
  extra: {
    notice?: { kind: 'error'; text: string };
    status?: PageStatus;
    values?: Record<string, string>;
  } = {},
): Promise<Response> {
  const survey = await conversationSurveyFor(
    c.var.deps.messaging,
    actorOf(currentUser(c)),
    c.req.param('conversationId') ?? '',
  );
  return render(
    c,
    <ConversationSurveyView {...shell(c)} survey={survey} notice={extra.notice} values={extra.values} />,
    extra.status ?? 200,
  );
}

/** The sub-app at /me/surveys/conversations (behind the portal's middleware). */
export function portalConversationSurveyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/:conversationId', (c) => surveyPage(c));
  app.post('/:conversationId', async (c) => {
    const id = c.req.param('conversationId');
    const fields = await formFields(c);
    const result = await attempt(() =>
      answerConversationSurvey(c.var.deps.messaging, actorOf(currentUser(c)), id, fields),
    );
    if (!result.ok) {
      if (result.status === 404) throw new AppError('not_found', result.notice.text);
      return surveyPage(c, {
        notice: { kind: 'error', text: result.notice.text },
        status: result.status,
        values: fields,
      });
    }
    return c.redirect(`/me/messages/${encodeURIComponent(id)}?done=surveyed`, 303);
  });
  return app;
}
