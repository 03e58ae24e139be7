/**
 * /admin/users/:id/location (staff): a person's optional location, read and changed through
 * the domain (which checks the actor is staff and audits the change). Mounted beside the
 * person's page in consoleUsers.ts.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import { marketingDeps, setUserLocation, userLocationFor } from '../../accounts/marketingConsent.js';
import { PersonLocationPage } from '../views/consoleLocationView.js';

const locationForm = z.object({
  country: z.string().max(10).optional(),
  region: z.string().max(200).optional(),
  city: z.string().max(200).optional(),
});

/** GET: the location page (a notice after a save). */
export async function showPersonLocation(
  c: Context<AppEnv>,
  extra: { notice?: NoticeData; status?: PageStatus; values?: Record<string, string> } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const data = await userLocationFor(marketingDeps(c.var.deps), actor, c.req.param('id') ?? '');
  const notice =
    extra.notice ?? (c.req.query('saved') === '1' ? { kind: 'success', text: 'Location saved.' } : undefined);
  return render(
    c,
    PersonLocationPage({ user, csrfToken, notice, ...data, values: extra.values }),
    extra.status ?? 200,
  );
}

/** POST: sets or clears the location, then back to the page. */
export async function savePersonLocation(c: Context<AppEnv>): Promise<Response> {
  const fields = await formFields(c);
  const parsed = locationForm.safeParse(fields);
  if (!parsed.success)
    throw new AppError('invalid_request', parsed.error.issues[0]?.message ?? 'Invalid form');
  const id = c.req.param('id') ?? '';
  const result = await attempt(() =>
    setUserLocation(marketingDeps(c.var.deps), pageContext(c).actor, id, parsed.data),
  );
  if (!result.ok) {
    if (result.status === 403 || result.status === 404)
      throw new AppError(result.status === 403 ? 'forbidden' : 'not_found', result.notice.text);
    return showPersonLocation(c, { notice: result.notice, status: result.status, values: fields });
  }
  return c.redirect(`/admin/users/${encodeURIComponent(id)}/location?saved=1`, 303);
}
