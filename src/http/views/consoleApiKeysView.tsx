/**
 * The console's API keys page (admins): the keys with their scopes and state, a revoke
 * button per active key, and the form to create one. A new key's secret is shown in the
 * response to its creation only, with a warning; it is never stored or shown again.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, TableWrap, When, type ConsoleProps } from './consoleViews.js';
import type { IntegrationKeyView } from '../../accounts/integrationKeys.js';

/** What the API keys page shows. */
export interface ApiKeysData {
  keys: IntegrationKeyView[];
  scopes: readonly string[];
  /** The secret of the key just created (only in the creation response). */
  created?: { name: string; secret: string } | undefined;
  /** The form's values after a failed attempt. */
  form?: { name: string; scopes: string[] } | undefined;
}

const SCOPE_HELP: Record<string, string> = {
  admin: 'everything, including the other scopes',
  'credentials:issue': 'issue certificates',
  'credentials:status': 'revoke and suspend certificates',
  'credentials:read': 'read issued certificates',
  'programs:manage': 'manage courses, batches and certificates of programmes',
  'programs:events': 'send enrolments and progress events',
  'communications:send': 'send notices such as payment receipts to people with an account',
  'reports:read': 'read accreditation applications and key figures for BI tools',
  'surveys:read': 'read published surveys and their answers, people named by pseudonyms, for BI tools',
  'surveys:identities': 'with surveys:read, name the people in survey answers (account id, name and email)',
};

/** GET/POST /admin/api-keys. */
export function ApiKeysPage(props: ConsoleProps & ApiKeysData) {
  const { keys, scopes, created, form, csrfToken } = props;
  return (
    <ConsoleShell title="API keys" current="/admin/api-keys" {...props}>
      {created ? (
        <section aria-labelledby="secret-heading" class="secret-box">
          <h2 id="secret-heading">{`The key "${created.name}"`}</h2>
          <p class="notice info" role="status">
            Copy this key now and keep it in the integration's secret store. It will not be shown again; if it
            is lost, revoke it and create a new one.
          </p>
          <p class="secret">
            <code>{created.secret}</code>
          </p>
        </section>
      ) : null}
      {keys.length === 0 ? (
        <p class="empty">No API keys yet.</p>
      ) : (
        <TableWrap label="Keys, newest first">
          <table>
            <caption>Keys, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Created by</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr>
                  <td>{k.name}</td>
                  <td>{k.scopes.join(', ')}</td>
                  <td>
                    <When at={k.createdAt} />
                  </td>
                  <td>{k.createdBy ?? 'set up outside the console'}</td>
                  <td>
                    {k.revokedAt ? (
                      <>
                        Revoked <When at={k.revokedAt} />
                      </>
                    ) : (
                      <form method="post" action={`/admin/api-keys/${k.id}/revoke`} class="compact">
                        <CsrfField token={csrfToken} />
                        <button type="submit" class="danger">{`Revoke ${k.name}`}</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <section aria-labelledby="create-key-heading">
        <h2 id="create-key-heading">Create a key</h2>
        <form method="post" action="/admin/api-keys">
          <CsrfField token={csrfToken} />
          <label for="key-name">Name (the integration that will use it)</label>
          <input id="key-name" name="name" type="text" required maxlength={100} value={form?.name ?? ''} />
          <fieldset>
            <legend>Scopes</legend>
            {scopes.map((scope) => (
              <div class="check">
                <input
                  id={`scope-${scope.replaceAll(':', '-')}`}
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  checked={form?.scopes.includes(scope) ?? false}
                />
                <label for={`scope-${scope.replaceAll(':', '-')}`}>
                  <code>{scope}</code>
                  {SCOPE_HELP[scope] ? `: ${SCOPE_HELP[scope]}` : ''}
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit">Create key</button>
        </form>
      </section>
    </ConsoleShell>
  );
}
