/**
 * /admin/templates: certificate templates for staff and admins (behind the console's
 * session, CSRF and role checks; the domain checks the role again). Forms are multipart
 * (logo and signature images); the previews are PNGs drawn by the certificate renderer
 * with a sample credential, from a saved version or, for the live preview, from the
 * form's current fields.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { FixedWindowCounter } from '../middleware/rateLimit.js';
import { DEFAULT_DESIGN, type TemplateDesign, type TemplateRef } from '../../rendering/templateDesign.js';
import {
  createTemplate,
  editTemplate,
  listTemplates,
  lockTemplateVersion,
  templateVersion,
  templateWithVersions,
} from '../../templates/templates.js';
import { designFromForm } from '../../templates/designForm.js';
import { decodePreviewFields, previewDesign } from '../../templates/preview.js';
import { previewCredential } from '../../templates/previewCredential.js';
import { formFields, render } from './pageKit.js';
import {
  attempt,
  doneNotice,
  pageContext,
  redirectDone,
  type NoticeData,
  type PageStatus,
} from './consoleKit.js';
import { readDesignForm } from './templateUploads.js';
import { designToFields, storedImagesOf } from '../views/templateFormView.js';
import {
  NewTemplatePage,
  TemplateListPage,
  TemplatePage,
  TemplateVersionPage,
} from '../views/consoleTemplatesView.js';
import { plural } from '../../plural.js';

/** Previews one person may ask for per minute (the live preview is debounced well below). */
const PREVIEWS_PER_MINUTE = 120;

/** A version number from the path; anything else is a 404. */
function versionParam(c: Context<AppEnv>): TemplateRef {
  const raw = c.req.param('version') ?? '';
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new AppError('not_found', 'No such template version');
  return { templateId: c.req.param('id') ?? '', version: Number(raw) };
}

/** The `base` query parameter of a live preview ("templateId:version"), if given. */
function baseParam(value: string | undefined): TemplateRef | undefined {
  if (!value) return undefined;
  const match = /^([\w-]{1,64}):([1-9]\d{0,5})$/.exec(value);
  if (!match) throw new AppError('invalid_request', 'base: expected "templateId:version"');
  return { templateId: match[1]!, version: Number(match[2]) };
}

/**
 * Draws a design onto the sample credential. Only a locked version is passed to the
 * renderer as a template ref: it may cache by ref, and a draft's design still changes.
 */
async function sendPreview(
  c: Context<AppEnv>,
  design: TemplateDesign,
  lockedRef?: TemplateRef,
): Promise<Response> {
  const { config, identity, now, rendering } = c.var.deps;
  const credential = previewCredential({ issuerName: config.issuerName, issuerId: identity.did, now: now() });
  const png = await rendering.renderer.png(credential, design, lockedRef);
  return c.body(png as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'image/png',
    'cache-control': 'no-store',
  });
}

async function showNew(
  c: Context<AppEnv>,
  options: { name?: string; values?: Record<string, string>; notice?: NoticeData; status?: PageStatus } = {},
): Promise<Response> {
  const { user, csrfToken } = pageContext(c);
  const values = options.values ?? designToFields(DEFAULT_DESIGN);
  return render(
    c,
    NewTemplatePage({ user, csrfToken, notice: options.notice, name: options.name ?? '', values }),
    options.status ?? 200,
  );
}

async function showTemplate(
  c: Context<AppEnv>,
  templateId: string,
  options: { values?: Record<string, string>; notice?: NoticeData | undefined; status?: PageStatus } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { template, versions } = await templateWithVersions(c.var.deps, actor, templateId);
  const latest = versions[0]!;
  const values = options.values ?? designToFields(latest.design);
  const page = TemplatePage({
    user,
    csrfToken,
    notice: options.notice,
    template,
    versions,
    values,
    images: storedImagesOf(latest.design),
  });
  return render(c, page, options.status ?? 200);
}

/** Routes mounted at /admin/templates. */
export function consoleTemplateRoutes(): Hono<AppEnv> {
  const previews = new FixedWindowCounter(PREVIEWS_PER_MINUTE, 60_000);
  const limitPreviews = (c: Context<AppEnv>) => {
    const wait = previews.hit(pageContext(c).user.id, c.var.deps.now().getTime());
    if (wait > 0) {
      c.header('retry-after', String(wait));
      throw new AppError('rate_limited', `Too many previews; try again in ${plural(wait, 'second')}`);
    }
  };
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const templates = await listTemplates(c.var.deps, actor);
      return render(c, TemplateListPage({ user, csrfToken, notice: doneNotice(c), templates }));
    })
    .get('/new', (c) => showNew(c))
    .post('/', async (c) => {
      const { fields, uploads } = await readDesignForm(c);
      const { actor } = pageContext(c);
      const result = await attempt(() =>
        createTemplate(c.var.deps, actor, {
          name: fields.name ?? '',
          design: designFromForm(fields, uploads),
        }),
      );
      if (!result.ok)
        return showNew(c, {
          name: fields.name ?? '',
          values: fields,
          notice: result.notice,
          status: result.status,
        });
      return redirectDone(
        c,
        `/admin/templates/${encodeURIComponent(result.value.template.id)}`,
        'template_created',
      );
    })
    .get('/preview.png', async (c) => {
      limitPreviews(c);
      const fields = decodePreviewFields(c.req.query('design'));
      const design = await previewDesign(
        c.var.deps,
        pageContext(c).actor,
        fields,
        baseParam(c.req.query('base')),
      );
      return sendPreview(c, design);
    })
    .get('/:id', (c) => showTemplate(c, c.req.param('id'), { notice: doneNotice(c) }))
    .post('/:id', async (c) => {
      const templateId = c.req.param('id');
      const { fields, uploads } = await readDesignForm(c);
      const { actor } = pageContext(c);
      const result = await attempt(() =>
        editTemplate(c.var.deps, actor, templateId, (current) => designFromForm(fields, uploads, current)),
      );
      if (!result.ok)
        return showTemplate(c, templateId, { values: fields, notice: result.notice, status: result.status });
      return redirectDone(
        c,
        `/admin/templates/${encodeURIComponent(templateId)}`,
        result.value.replaced ? 'template_replaced' : 'template_saved',
      );
    })
    .get('/:id/versions/:version', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const ref = versionParam(c);
      const { template, version, latestVersion } = await templateVersion(c.var.deps, actor, ref);
      return render(
        c,
        TemplateVersionPage({
          user,
          csrfToken,
          notice: doneNotice(c),
          template,
          version,
          isLatest: latestVersion === version.version,
        }),
      );
    })
    .post('/:id/versions/:version/lock', async (c) => {
      const ref = versionParam(c);
      await formFields(c);
      await lockTemplateVersion(c.var.deps, pageContext(c).actor, ref);
      return redirectDone(c, `/admin/templates/${encodeURIComponent(ref.templateId)}`, 'template_locked');
    })
    .get('/:id/versions/:version/preview.png', async (c) => {
      limitPreviews(c);
      const { version } = await templateVersion(c.var.deps, pageContext(c).actor, versionParam(c));
      return sendPreview(
        c,
        version.design,
        version.lockedAt ? { templateId: version.templateId, version: version.version } : undefined,
      );
    });
}
