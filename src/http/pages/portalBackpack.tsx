/**
 * The backpack pages, the sub-app at /me/backpack (behind the portal's session, CSRF and
 * role middleware): the list with each entry's standing verified as it is shown, import by
 * upload (a file or pasted text; its own body limit), remove, and the zip of everything.
 * The domain checks every entry is the person's: someone else's id is a 404.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { currentUser, render } from './pageKit.js';
import { shell } from './publicKit.js';
import { uploadLimit } from '../requestHandling.js';
import { AppError } from '../../errors.js';
import { removeFromBackpack } from '../../backpack/backpack.js';
import { showBackpack } from '../../backpack/backpackDisplay.js';
import { exportEverything } from '../../backpack/backpackExport.js';
import { importIntoBackpack, MAX_BACKPACK_FILE_BYTES } from '../../backpack/backpackUpload.js';
import { BackpackView } from '../views/backpackViews.js';

const PAGE_SIZE = 24;

/** The notices a redirect after a change names. */
const SAVED: Record<string, string> = {
  added: 'The credential verified and is now in your backpack.',
  replaced: 'The credential verified; it was in your backpack already and has been updated.',
  removed: 'The credential was removed from your backpack.',
};

/** The form's body limit: the largest file and the rest of the form (or MAX_UPLOAD_BYTES when smaller). */
const IMPORT_LIMIT = MAX_BACKPACK_FILE_BYTES + 64 * 1024;

/** Statuses the page is shown with after a refused import (render takes these). */
type Shown = 400 | 404 | 409 | 429;
const shownStatus = (status: number): Shown =>
  status === 404 || status === 409 || status === 429 ? status : 400;

async function backpackPage(
  c: Context<AppEnv>,
  options: { saved?: string | undefined; error?: string; status?: Shown } = {},
): Promise<Response> {
  const page = Math.max(1, Math.min(Number.parseInt(c.req.query('page') ?? '1', 10) || 1, 1000));
  const { entries, total } = await showBackpack(c.var.deps, currentUser(c).id, {
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  return render(
    c,
    <BackpackView
      {...shell(c)}
      entries={entries}
      total={total}
      page={page}
      pageSize={PAGE_SIZE}
      saved={options.saved}
      error={options.error}
    />,
    options.status ?? 200,
  );
}

/** The uploaded file's bytes, or the pasted text's; 400 when neither was given. */
async function uploadedBytes(c: Context<AppEnv>): Promise<Uint8Array> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type))
    throw new AppError('unsupported_media_type', 'Send the form as multipart/form-data');
  const body = await c.req.parseBody();
  if (body.file instanceof File && body.file.size > 0) return new Uint8Array(await body.file.arrayBuffer());
  if (typeof body.text === 'string' && body.text.trim() !== '') return new TextEncoder().encode(body.text);
  throw new AppError('invalid_request', 'Choose a file, or paste the credential, to add it to your backpack');
}

/** The /me/backpack sub-app. */
export function portalBackpackRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => backpackPage(c, { saved: SAVED[c.req.query('saved') ?? ''] }));

  // A browser is shown the page again with the reason; any other client gets problem+json.
  const limit = uploadLimit<AppEnv>((c) => Math.min(c.var.deps.config.maxUploadBytes, IMPORT_LIMIT));
  app.post('/', limit, async (c) => {
    try {
      const { created } = await importIntoBackpack(c.var.deps, currentUser(c).id, await uploadedBytes(c));
      return c.redirect(`/me/backpack?saved=${created ? 'added' : 'replaced'}`, 303);
    } catch (error) {
      const browser = (c.req.header('accept') ?? '').includes('text/html');
      if (!(error instanceof AppError) || error.status >= 500 || !browser) throw error;
      return backpackPage(c, { error: error.detail, status: shownStatus(error.status) });
    }
  });

  app.get('/export.zip', (c) => {
    const day = c.var.deps.now().toISOString().slice(0, 10);
    return c.body(exportEverything(c.var.deps, currentUser(c).id), 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="saypro-credentials-${day}.zip"`,
      'cache-control': 'no-store',
    });
  });

  app.post('/:id/remove', async (c) => {
    await removeFromBackpack(c.var.deps, currentUser(c).id, c.req.param('id'));
    return c.redirect('/me/backpack?saved=removed', 303);
  });
  return app;
}
