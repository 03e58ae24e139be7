/**
 * The pages of apps connected through the Open Badges 3.0 API: the consent screen an app's
 * authorization request leads to (the app's name and logo, and what each scope allows, in
 * words), the step that sends the browser back to the app, the person's connected apps
 * with a button to withdraw each, and the console's list of registered apps.
 */
import type { Child } from 'hono/jsx';
import { CsrfField, Layout, Notice } from './layout.js';
import { When } from './formParts.js';
import { ConsoleShell, type ConsoleProps, TableWrap } from './consoleViews.js';
import type { ShellProps } from './authViews.js';
import type { AppSummary, ConnectedApp } from '../../ob3api/consent.js';
import type { RegisteredApp } from '../../ob3api/connectedApps.js';

/**
 * The app's logo, served from our origin once checked (src/ob3api/clientLogos.ts: the page
 * loads nothing from other sites), or its initial when it has none that passed.
 */
function AppLogo({ app }: { app: AppSummary }) {
  if (app.logoSrc)
    return <img class="app-logo" src={app.logoSrc} alt={`${app.name} logo`} width="48" height="48" />;
  return (
    <span class="app-logo" aria-hidden="true">
      {app.name.slice(0, 1).toUpperCase()}
    </span>
  );
}

function AppLinks({ app }: { app: AppSummary }) {
  const links: [string, string | undefined][] = [
    ['Website', app.clientUri],
    ['Privacy policy', app.policyUri],
    ['Terms', app.tosUri],
  ];
  const shown = links.filter((l): l is [string, string] => !!l[1]);
  if (shown.length === 0) return null;
  return (
    <p class="hint">
      {shown.map(([label, href], i) => (
        <>
          {i > 0 ? ' · ' : null}
          <a href={href} rel="noopener noreferrer">{`${app.name}: ${label}`}</a>
        </>
      ))}
    </p>
  );
}

/** GET /me/connected-apps/consent/:uid. */
export function ConsentView(
  props: ShellProps & {
    uid: string;
    app: AppSummary;
    scopes: { scope: string; words: string }[];
    redirectHost: string;
  },
) {
  const action = `/me/connected-apps/consent/${encodeURIComponent(props.uid)}`;
  return (
    <Layout
      title={`Allow ${props.app.name} to use your account?`}
      user={props.user}
      csrfToken={props.csrfToken}
    >
      <section class="card consent" aria-labelledby="consent-app">
        <div class="app-head">
          <AppLogo app={props.app} />
          <p id="consent-app">
            <strong>{props.app.name}</strong> asks to connect to your SayPro Credentials account.
          </p>
        </div>
        <AppLinks app={props.app} />
        <h2>If you allow it, this app can</h2>
        <ul class="scope-list">
          {props.scopes.map((s) => (
            <li>{s.words}</li>
          ))}
        </ul>
        <p class="hint">
          You will be sent back to {props.redirectHost}. You can withdraw this at any time under Connected
          apps.
        </p>
        <form method="post" action={action} class="actions">
          <CsrfField token={props.csrfToken} />
          <button type="submit" name="decision" value="allow">
            Allow
          </button>
          <button type="submit" name="decision" value="deny" class="secondary">
            Don't allow
          </button>
        </form>
      </section>
    </Layout>
  );
}

/** The step after a decision: the browser goes on to the app (a link, if it does not by itself). */
export function ContinueView(props: ShellProps & { continueTo: string }) {
  // A refresh, not a redirect of the form's POST: the form-action CSP of our pages allows
  // only this site, and a redirect chain after a form submission is held to it.
  const head: Child = <meta http-equiv="refresh" content={`0;url=${props.continueTo}`} />;
  return (
    <Layout title="Returning to the app" user={props.user} csrfToken={props.csrfToken} head={head}>
      <p>
        <a href={props.continueTo}>Continue to the app</a>
      </p>
    </Layout>
  );
}

/** GET /me/connected-apps. */
export function ConnectedAppsView(props: ShellProps & { apps: ConnectedApp[]; saved?: boolean }) {
  return (
    <Layout title="Connected apps" user={props.user} csrfToken={props.csrfToken}>
      {props.saved ? <Notice kind="success">The app's access was withdrawn.</Notice> : null}
      <p>
        Apps such as badge backpacks you allowed to use your account through the Open Badges API. Withdrawing
        an app's access ends it at once; it can ask you again.
      </p>
      {props.apps.length === 0 ? (
        <p class="empty">You have not connected any app.</p>
      ) : (
        <ul class="cards">
          {props.apps.map((a) => (
            <li class="card" id={`grant-${a.grantId}`}>
              <div class="app-head">
                <AppLogo app={a.app} />
                <h2>{a.app.name}</h2>
              </div>
              {a.app.disabled ? <p class="tag">Disabled by the site's administrators</p> : null}
              <p class="hint">
                Allowed since <When at={a.since} />
              </p>
              <ul class="scope-list">
                {a.scopes.map((s) => (
                  <li>{s.words}</li>
                ))}
              </ul>
              <form method="post" action={`/me/connected-apps/${encodeURIComponent(a.grantId)}/revoke`}>
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="danger">{`Withdraw ${a.app.name}'s access`}</button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** GET /admin/api-clients: every registered app, with a button to disable or enable it. */
export function RegisteredAppsView(props: ConsoleProps & { apps: RegisteredApp[] }) {
  return (
    <ConsoleShell title="Connected apps (Open Badges API)" current="/admin/api-clients" {...props}>
      <p>
        Apps register themselves through the Open Badges 3.0 API; people then allow each one on a consent
        screen. A disabled app can no longer sign anyone in, and its tokens stop working until it is enabled.
      </p>
      {props.apps.length === 0 ? (
        <p class="empty">No app has registered yet.</p>
      ) : (
        // The long client id wraps under the app's name, and on a phone each row becomes a
        // card (styles.css, table.cards-on-phone), so every column and button stay on screen.
        <TableWrap label="Registered apps">
          <table class="cards-on-phone api-clients">
            <thead>
              <tr>
                <th scope="col">App and client ID</th>
                <th scope="col">Logo</th>
                <th scope="col">Registered</th>
                <th scope="col">Redirect URIs</th>
                <th scope="col">People</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {props.apps.map((a) => (
                <tr>
                  <th scope="row">
                    <span class="app-head">
                      <AppLogo app={a} />
                      {a.name}
                    </span>
                    <code class="client-id">{a.clientId}</code>
                  </th>
                  <td data-label="Logo" class="logo-state">
                    {a.logoSrc ? 'Shown' : (a.logoProblem ?? 'None given')}
                  </td>
                  <td data-label="Registered">
                    <When at={a.registeredAt} />
                  </td>
                  <td data-label="Redirect URIs">
                    {a.redirectUris.map((uri) => (
                      <span class="redirect-uri">{uri}</span>
                    ))}
                  </td>
                  <td data-label="People">{a.grants}</td>
                  <td class="row-actions">
                    <form method="post" action={`/admin/api-clients/${encodeURIComponent(a.clientId)}/state`}>
                      <CsrfField token={props.csrfToken} />
                      <input type="hidden" name="disabled" value={a.disabled ? 'false' : 'true'} />
                      {a.disabled ? <span class="tag">Disabled</span> : null}{' '}
                      <button type="submit" class={a.disabled ? 'secondary' : 'danger'}>
                        {a.disabled ? `Enable ${a.name}` : `Disable ${a.name}`}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </ConsoleShell>
  );
}
