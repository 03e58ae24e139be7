/**
 * /admin/communications/templates (staff): the message templates. The list; the editor
 * for one trigger and language with a preview (nothing saved) and save (the next version;
 * a 409 notice, with the typed text kept, when someone saved meanwhile). Post-redirect-get
 * after a save.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, requireField, type NoticeData, type PageStatus } from './consoleKit.js';
import { listTriggers, MESSAGE_LANGUAGES, DEFAULT_LANGUAGE } from '../../notifications/messageTriggers.js';
import {
  previewDraft,
  savedTemplates,
  saveMessageTemplate,
  templateEditor,
} from '../../notifications/messageTemplates.js';
import {
  editorPath,
  MessageTemplateEditorPage,
  MessageTemplateListPage,
  type EditorData,
} from '../views/messageTemplatesView.js';

type Draft = { subject: string; body: string; baseVersion: number };

async function showEditor(
  c: Context<AppEnv>,
  trigger: string,
  language: string,
  options: { draft?: Draft; from?: number; preview?: boolean; notice?: NoticeData; status?: PageStatus } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const current = await templateEditor(c.var.deps, actor, trigger, language);
  const loaded = options.from ? current.history.find((v) => v.version === options.from) : undefined;
  if (options.from && !loaded)
    throw new AppError('not_found', `There is no version ${options.from} of this template`);
  const draft = options.draft ?? {
    subject: loaded?.subject ?? current.subject,
    body: loaded?.body ?? current.body,
    baseVersion: current.version,
  };
  // A draft that does not pass the checks has no preview; the notice says why.
  const shown =
    options.preview === false
      ? undefined
      : await attempt(async () =>
          previewDraft({ trigger, language, subject: draft.subject, body: draft.body }),
        );
  const data: EditorData = {
    definition: current.definition,
    language,
    languages: MESSAGE_LANGUAGES,
    savedLanguages: current.savedLanguages,
    subject: draft.subject,
    body: draft.body,
    baseVersion: draft.baseVersion,
    loadedFrom: loaded?.version,
    history: current.history.map((v) => ({
      ...v,
      authorName: current.authorNames.get(v.createdBy) ?? v.createdBy,
    })),
    preview: shown?.ok ? shown.value : undefined,
  };
  const done =
    c.req.query('done') === 'saved'
      ? {
          kind: 'success' as const,
          text: `Saved as version ${current.version}. Messages from now on use it.`,
        }
      : undefined;
  const notice = options.notice ?? (shown && !shown.ok ? shown.notice : done);
  return render(
    c,
    MessageTemplateEditorPage({ user, csrfToken, notice, data }),
    options.status ?? (shown && !shown.ok ? shown.status : 200),
  );
}

function languageOf(value: string | undefined): string {
  const language = value || DEFAULT_LANGUAGE;
  if (!Object.hasOwn(MESSAGE_LANGUAGES, language))
    throw new AppError('not_found', `There is no language ${language}`);
  return language;
}

function versionOf(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,6}$/.test(value)) throw new AppError('invalid_request', `${field} must be a version number`);
  return Number(value);
}

/** Routes mounted at /admin/communications/templates. */
export function consoleMessageTemplateRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const saved = await savedTemplates(c.var.deps.notifications, actor);
      return render(
        c,
        MessageTemplateListPage({
          user,
          csrfToken,
          triggers: listTriggers(),
          saved,
          languages: MESSAGE_LANGUAGES,
        }),
      );
    })
    .get('/:trigger', (c) => {
      const from = versionOf(c.req.query('from'), 'from');
      return showEditor(c, c.req.param('trigger'), languageOf(c.req.query('language')), from ? { from } : {});
    })
    .post('/:trigger', async (c) => {
      const trigger = c.req.param('trigger');
      const fields = await formFields(c);
      const language = languageOf(fields.language);
      const baseVersion = versionOf(fields.baseVersion, 'baseVersion');
      if (baseVersion === undefined)
        throw new AppError(
          'invalid_request',
          'The form is missing the version it was opened at; reload the page',
        );
      const draft: Draft = {
        subject: requireField(fields, 'subject', 'Write a subject'),
        body: requireField(fields, 'body', 'Write the message'),
        baseVersion,
      };
      if (fields.action !== 'save') return showEditor(c, trigger, language, { draft });
      const result = await attempt(() =>
        saveMessageTemplate(c.var.deps, pageContext(c).actor, {
          trigger,
          language,
          ...draft,
        }),
      );
      if (!result.ok)
        return showEditor(c, trigger, language, {
          draft,
          notice: result.notice,
          status: result.status,
          preview: result.status !== 409,
        });
      return c.redirect(`${editorPath(trigger, language)}&done=saved`, 303);
    });
}
