/**
 * /admin/api-keys (admins only): list, create (the secret is in that one response,
 * never again) and revoke. The domain checks the actor and audits each change.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { requireRole } from '../middleware/roles.js';
import { createIntegrationKey, revokeIntegrationKey } from '../../accounts/administration.js';
import { listIntegrationKeys } from '../../accounts/integrationKeys.js';
import { API_SCOPES, type ApiScope } from '../../credentials/apiKeys.js';
import { formFields, render } from './pageKit.js';
import {
  attempt,
  doneNotice,
  formValues,
  pageContext,
  redirectDone,
  requireField,
  type NoticeData,
  type PageStatus,
} from './consoleKit.js';
import { ApiKeysPage, type ApiKeysData } from '../views/consoleApiKeysView.js';

async function showKeys(
  c: Context<AppEnv>,
  extra: Partial<Pick<ApiKeysData, 'created' | 'form'>> & {
    notice?: NoticeData | undefined;
    status?: PageStatus;
  } = {},
): Promise<Response> {
  const { user, actor, csrfToken, accounts } = pageContext(c);
  const keys = await listIntegrationKeys(accounts, actor);
  return render(
    c,
    ApiKeysPage({
      keys,
      scopes: API_SCOPES,
      created: extra.created,
      form: extra.form,
      user,
      csrfToken,
      notice: extra.notice,
    }),
    extra.status ?? 200,
  );
}

function asScopes(values: string[]): ApiScope[] {
  const unknown = values.find((v) => !(API_SCOPES as readonly string[]).includes(v));
  if (unknown !== undefined)
    throw new AppError(
      'invalid_request',
      `There is no scope "${unknown.slice(0, 40)}"; choose from the list`,
    );
  return [...new Set(values)] as ApiScope[];
}

/** Routes mounted at /admin/api-keys (behind the console's checks, and admin only). */
export function consoleApiKeyRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use('*', requireRole('admin'))
    .get('/', (c) => showKeys(c, { notice: doneNotice(c) }))
    .post('/', async (c) => {
      const fields = await formFields(c);
      const scopeValues = await formValues(c, 'scopes');
      const { actor, accounts } = pageContext(c);
      const result = await attempt(() => {
        const name = requireField(fields, 'name', 'Name the key after the integration that will use it');
        return createIntegrationKey(accounts, actor, name, asScopes(scopeValues));
      });
      if (!result.ok)
        return showKeys(c, {
          notice: result.notice,
          status: result.status,
          form: { name: fields.name ?? '', scopes: scopeValues },
        });
      const { secret, record } = result.value;
      return showKeys(c, {
        created: { name: record.name, secret },
        notice: { kind: 'success', text: `Created the key "${record.name}".` },
      });
    })
    .post('/:id/revoke', async (c) => {
      await formFields(c);
      const { actor, accounts } = pageContext(c);
      const result = await attempt(() => revokeIntegrationKey(accounts, actor, c.req.param('id')));
      if (!result.ok) return showKeys(c, { notice: result.notice, status: result.status });
      return redirectDone(c, '/admin/api-keys', 'key_revoked');
    });
}
