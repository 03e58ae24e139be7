/**
 * /admin/surveys (staff and admins): the surveys and their versions, the builder that
 * publishes a new version, the staff form on the certificate process, and the quarterly
 * improvement report. The domain (surveys/) checks the actor, validates and audits.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { AUDIENCE_LABELS, SURVEY_LIMITS, isSurveyAudience } from '../../surveys/surveyDefinitions.js';
import { publishSurvey, surveyDraftFor, surveyOverview } from '../../surveys/surveyPublishing.js';
import { answerStaffSurvey, staffSurveyForm } from '../../surveys/staffSurveys.js';
import { improvementReport, parseQuarter } from '../../surveys/improvementReport.js';
import type { SurveyAudience } from '../../storage/surveyPorts.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import {
  ImprovementReportPage,
  StaffSurveyPage,
  SURVEYS,
  SurveyBuilderPage,
  SurveysPage,
  draftOf,
  type QuestionDraft,
} from '../views/consoleSurveysView.js';

const DONE: Record<string, NoticeData> = {
  published: { kind: 'success', text: 'Published: people answer this version from now on.' },
  sent: { kind: 'success', text: 'Thank you: your feedback was recorded.' },
};

function audienceOf(c: Context<AppEnv>): SurveyAudience {
  const audience = c.req.param('audience') ?? '';
  if (!isSurveyAudience(audience)) throw new AppError('not_found', `No survey ${audience}`);
  return audience;
}

/** The builder's slots as the form sent them (empty question text: slot not used). */
function draftFromForm(fields: Record<string, string>): { title: string; questions: QuestionDraft[] } {
  const questions: QuestionDraft[] = [];
  for (let n = 1; n <= SURVEY_LIMITS.questions; n++) {
    const prompt = fields[`q${n}_prompt`]?.trim() ?? '';
    if (!prompt) continue;
    questions.push({
      prompt,
      type: fields[`q${n}_type`] ?? 'rating',
      required: fields[`q${n}_required`] === 'on',
      choices: fields[`q${n}_choices`] ?? '',
    });
  }
  return { title: fields.title ?? '', questions };
}

/** The domain's input from the builder's slots (the domain validates it). */
function surveyInput(draft: { title: string; questions: QuestionDraft[] }): unknown {
  return {
    title: draft.title,
    questions: draft.questions.map((q) => ({
      type: q.type,
      prompt: q.prompt,
      required: q.required,
      ...(q.type === 'choice'
        ? {
            choices: q.choices
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean),
          }
        : {}),
    })),
  };
}

async function staffFormPage(
  c: Context<AppEnv>,
  extra: { notice?: NoticeData; status?: PageStatus; values?: Record<string, string> } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const survey = await staffSurveyForm(c.var.deps.programs, actor);
  const notice = extra.notice ?? DONE[c.req.query('done') ?? ''];
  return render(
    c,
    StaffSurveyPage({ user, csrfToken, notice, survey, ...(extra.values ? { values: extra.values } : {}) }),
    extra.status ?? 200,
  );
}

/** Routes mounted at /admin/surveys (behind the console's session, CSRF and staff checks). */
export function consoleSurveyRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const surveys = await surveyOverview(c.var.deps.programs, actor);
      return render(c, SurveysPage({ user, csrfToken, notice: DONE[c.req.query('done') ?? ''], surveys }));
    })
    .get('/report', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const quarter = parseQuarter(c.req.query('quarter'));
      const report = await improvementReport(c.var.deps.programs, actor, quarter);
      return render(c, ImprovementReportPage({ user, csrfToken, report }));
    })
    .get('/staff-form', (c) => staffFormPage(c))
    .post('/staff-form', async (c) => {
      const { actor } = pageContext(c);
      const fields = await formFields(c);
      const result = await attempt(() => answerStaffSurvey(c.var.deps.programs, actor, fields));
      if (!result.ok)
        return staffFormPage(c, { notice: result.notice, status: result.status, values: fields });
      return c.redirect(`${SURVEYS}/staff-form?done=sent`, 303);
    })
    .get('/:audience/new', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const audience = audienceOf(c);
      const current = await surveyDraftFor(c.var.deps.programs, actor, audience);
      return render(
        c,
        SurveyBuilderPage({
          user,
          csrfToken,
          audience,
          label: AUDIENCE_LABELS[audience],
          draft: draftOf(current),
        }),
      );
    })
    .post('/:audience/versions', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const audience = audienceOf(c);
      const draft = draftFromForm(await formFields(c));
      const result = await attempt(() =>
        publishSurvey(c.var.deps.programs, actor, audience, surveyInput(draft)),
      );
      if (!result.ok)
        return render(
          c,
          SurveyBuilderPage({
            user,
            csrfToken,
            notice: result.notice,
            audience,
            label: AUDIENCE_LABELS[audience],
            draft,
          }),
          result.status,
        );
      return c.redirect(`${SURVEYS}?done=published`, 303);
    });
}
