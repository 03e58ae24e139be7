/**
 * /admin/content (admins only): the privacy notice, terms of use and help page. The list;
 * the editor of one document at its newest version, or at an older one to read it
 * (?version=n); Preview renders the form's text (nothing saved); Publish stores it as the
 * next version (a 409 notice, with the typed text kept, when someone published meanwhile),
 * then redirects back (post-redirect-get).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { requireRole } from '../middleware/roles.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import {
  contentForEditing,
  contentOverview,
  previewContent,
  publishContent,
} from '../../content/siteContent.js';
import { ContentEditorPage, contentEditorPath, ContentListPage } from '../views/contentViews.js';

/** A version number from a query or form field; undefined when absent. */
function versionOf(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,6}$/.test(value)) throw new AppError('invalid_request', `${what} must be a version number`);
  return Number(value);
}

/** A draft the form brought back, to show instead of the stored text. */
interface Draft {
  markdown: string;
  baseVersion: number;
  previewHtml?: string;
}

async function showEditor(
  c: Context<AppEnv>,
  slug: string,
  options: {
    version?: number | undefined;
    draft?: Draft;
    notice?: NoticeData | undefined;
    status?: PageStatus;
  } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const editing = await contentForEditing(c.var.deps.content, actor, slug, options.version);
  const { draft } = options;
  const data = {
    editing,
    markdown: draft?.markdown ?? editing.markdown,
    previewHtml:
      draft?.previewHtml ??
      (draft ? '<p class="empty">No preview: fix the problem above, then choose Preview.</p>' : editing.html),
    baseVersion: draft?.baseVersion ?? editing.current,
    isDraft: draft !== undefined,
  };
  const done =
    c.req.query('done') === 'published'
      ? {
          kind: 'success' as const,
          text: `Published as version ${editing.current}: the public page shows it now.`,
        }
      : undefined;
  return render(
    c,
    ContentEditorPage({ user, csrfToken, notice: options.notice ?? done, data }),
    options.status ?? 200,
  );
}

/** Routes mounted at /admin/content (behind the console's session, CSRF and staff checks; admins only). */
export function consoleContentRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use('*', requireRole('admin'))
    .get('/', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      return render(
        c,
        ContentListPage({ user, csrfToken, documents: await contentOverview(c.var.deps.content, actor) }),
      );
    })
    .get('/:slug', (c) =>
      showEditor(c, c.req.param('slug'), { version: versionOf(c.req.query('version'), 'version') }),
    )
    .post('/:slug', async (c) => {
      const slug = c.req.param('slug');
      const fields = await formFields(c);
      const baseVersion = versionOf(fields.baseVersion, 'baseVersion');
      if (baseVersion === undefined)
        throw new AppError(
          'invalid_request',
          'The form is missing the version it was opened at; reload the page',
        );
      const markdown = fields.markdown ?? '';
      const { actor } = pageContext(c);
      if (fields.action !== 'publish') {
        const preview = await attempt(async () => previewContent(c.var.deps.content, actor, slug, markdown));
        if (!preview.ok)
          return showEditor(c, slug, {
            draft: { markdown, baseVersion },
            notice: preview.notice,
            status: preview.status,
          });
        return showEditor(c, slug, { draft: { markdown, baseVersion, previewHtml: preview.value } });
      }
      const result = await attempt(() =>
        publishContent(c.var.deps.content, actor, { slug, markdown, baseVersion }),
      );
      if (!result.ok)
        return showEditor(c, slug, {
          draft: { markdown, baseVersion },
          notice: result.notice,
          status: result.status,
        });
      return c.redirect(`${contentEditorPath(slug)}?done=published`, 303);
    });
}
