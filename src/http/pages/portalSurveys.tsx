/**
 * The participant survey in the portal (/me/surveys/:credentialId): the current published
 * survey (the built-in course rating until staff publish one) about one of the
 * participant's own certificates, answered once per certificate. Someone else's
 * certificate is "not found" (the domain checks).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { actorOf, currentUser, formFields, render } from './pageKit.js';
import { shell } from './publicKit.js';
import { attempt, type PageStatus } from './consoleKit.js';
import { AppError } from '../../errors.js';
import { answerParticipantSurvey, participantSurveyFor } from '../../surveys/participantSurvey.js';
import { ParticipantSurveyView } from '../views/portalSurveyView.js';
import { portalConversationSurveyRoutes } from './portalConversationSurvey.js';

async function surveyPage(
  c: Context<AppEnv>,
  extra: {
    notice?: { kind: 'error'; text: string };
    status?: PageStatus;
    values?: Record<string, string>;
  } = {},
): Promise<Response> {
  const survey = await participantSurveyFor(
    c.var.deps.programs,
    actorOf(currentUser(c)),
    c.req.param('credentialId') ?? '',
  );
  return render(
    c,
    <ParticipantSurveyView {...shell(c)} survey={survey} notice={extra.notice} values={extra.values} />,
    extra.status ?? 200,
  );
}

/** The survey pages, the sub-app at /me/surveys (behind the portal's middleware); conversations' surveys under /conversations. */
export function portalSurveyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/conversations', portalConversationSurveyRoutes());
  app.get('/:credentialId', (c) => surveyPage(c));
  app.post('/:credentialId', async (c) => {
    const fields = await formFields(c);
    const result = await attempt(() =>
      answerParticipantSurvey(
        c.var.deps.programs,
        actorOf(currentUser(c)),
        c.req.param('credentialId'),
        fields,
      ),
    );
    if (!result.ok) {
      if (result.status === 404) throw new AppError('not_found', result.notice.text);
      return surveyPage(c, {
        notice: { kind: 'error', text: result.notice.text },
        status: result.status,
        values: fields,
      });
    }
    return c.redirect('/me/programmes?done=feedback', 303);
  });
  return app;
}
