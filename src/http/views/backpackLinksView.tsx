/**
 * /me/backpack-links: the person's connected backpacks (other Open Badges 3.0 hosts), with
 * per backpack a button to import what it holds, a form to send one of their certificates
 * to it and a button to disconnect it; a form to connect another; the certificates sent
 * lately, each with its status in words; and the outcome of the last import.
 */
import type { Child } from 'hono/jsx';
import type { BackpackLinksOverview, ConnectionSummary } from '../../backpackLinks/connections.js';
import type { ImportReport } from '../../backpackLinks/imports.js';
import { SCOPE_WORDS, isOb3Scope } from '../../ob3api/ob3Scopes.js';
import { plural } from '../../plural.js';
import type { ShellProps } from './authViews.js';
import { TableWrap } from './consoleViews.js';
import { SelectField, When } from './formParts.js';
import { CsrfField, Layout, Notice } from './layout.js';

const STATUS: Record<ConnectionSummary['status'], { label: string; tag: string }> = {
  connected: { label: 'Connected', tag: 'ok' },
  needs_reconnect: { label: 'Needs connecting again', tag: 'warn' },
  authorizing: { label: 'Connecting', tag: 'info' },
};

const PUSH_STATUS: Record<string, { label: string; tag: string }> = {
  sent: { label: 'Sent', tag: 'ok' },
  pending: { label: 'Will try again', tag: 'warn' },
  failed: { label: 'Not sent', tag: 'bad' },
};

/** One button of a `ul.actions` list: a POST form of its own. */
function ButtonForm(props: {
  action: string;
  csrfToken: string;
  label: string;
  hidden?: Child;
  secondary?: boolean;
}) {
  return (
    <li>
      <form method="post" action={props.action} class="inline-form">
        <CsrfField token={props.csrfToken} />
        {props.hidden}
        <button type="submit" class={props.secondary ? 'small secondary' : 'small'}>
          {props.label}
        </button>
      </form>
    </li>
  );
}

function ConnectionCard(props: {
  connection: ConnectionSummary;
  certificates: BackpackLinksOverview['certificates'];
  selected: string | undefined;
  csrfToken: string;
}) {
  const c = props.connection;
  const base = `/me/backpack-links/${encodeURIComponent(c.id)}`;
  const status = STATUS[c.status];
  return (
    <li class="card backpack-link">
      <h3>
        {c.name} <span class={`tag ${status.tag}`}>{status.label}</span>
      </h3>
      <dl class="facts">
        <dt>Address</dt>
        <dd>{c.host}</dd>
        <dt>Connected</dt>
        <dd>
          <When at={c.connectedAt} />
        </dd>
        <dt>We may</dt>
        <dd>{c.scopes.map((s) => (isOb3Scope(s) ? SCOPE_WORDS[s] : s)).join('; ')}</dd>
      </dl>
      {c.problem ? <p class="hint">{c.problem}</p> : null}
      {c.status === 'connected' ? (
        <>
          {props.certificates.length > 0 ? (
            <form method="post" action={`${base}/send`} class="stack">
              <CsrfField token={props.csrfToken} />
              <div class="field">
                <SelectField
                  id={`send-${c.id}`}
                  name="credentialId"
                  label={`A certificate to send to ${c.name}`}
                  options={props.certificates.map((cert) => ({ value: cert.id, label: cert.name }))}
                  selected={props.selected}
                />
              </div>
              <button type="submit">{`Send to ${c.name}`}</button>
            </form>
          ) : null}
          <ul class="actions">
            <ButtonForm
              action={`${base}/import`}
              csrfToken={props.csrfToken}
              label={`Import from ${c.name}`}
            />
            <ButtonForm
              action={`${base}/disconnect`}
              csrfToken={props.csrfToken}
              label={`Disconnect ${c.name}`}
              secondary
            />
          </ul>
        </>
      ) : (
        <ul class="actions">
          <ButtonForm
            action="/me/backpack-links/connect"
            csrfToken={props.csrfToken}
            label={`Connect ${c.name} again`}
            hidden={<input type="hidden" name="address" value={c.host} />}
          />
          <ButtonForm
            action={`${base}/disconnect`}
            csrfToken={props.csrfToken}
            label={`Disconnect ${c.name}`}
            secondary
          />
        </ul>
      )}
    </li>
  );
}

function ImportOutcome({ report }: { report: ImportReport }) {
  const summary = `Imported from ${report.from}: ${plural(report.added, 'credential')} added, ${report.replaced} replaced, ${report.refused.length} refused.`;
  return (
    <Notice kind={report.refused.length > 0 ? 'info' : 'success'}>
      {summary}
      {report.refused.length > 0 ? (
        <ul>
          {report.refused.map((r) => (
            <li>{`${r.name}: ${r.reason}`}</li>
          ))}
        </ul>
      ) : null}
    </Notice>
  );
}

function PushTable({ pushes }: { pushes: BackpackLinksOverview['pushes'] }) {
  return (
    <TableWrap label="Certificates sent to backpacks">
      <table>
        <caption class="visually-hidden">Certificates sent to backpacks, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Certificate</th>
            <th scope="col">Backpack</th>
            <th scope="col">Status</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {pushes.map((p) => {
            const status = PUSH_STATUS[p.status]!;
            return (
              <tr>
                <td>{p.label}</td>
                <td>{p.backpack}</td>
                <td>
                  <span class={`tag ${status.tag}`}>{status.label}</span>
                  {p.lastError ? <p class="hint">{p.lastError}</p> : null}
                </td>
                <td>
                  <When at={p.updatedAt} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** What became of a certificate just sent, in words. */
function PushOutcome({ push }: { push: BackpackLinksOverview['pushes'][number] }) {
  if (push.status === 'sent')
    return (
      <Notice kind="success">
        {`${push.label} was sent to ${push.backpack}${push.outcome === 'replaced' ? ', replacing its copy there' : ''}.`}
      </Notice>
    );
  if (push.status === 'pending')
    return (
      <Notice kind="info">{`${push.label} could not be sent to ${push.backpack} yet: ${push.lastError}.`}</Notice>
    );
  return <Notice kind="error">{`${push.label} was not sent to ${push.backpack}: ${push.lastError}.`}</Notice>;
}

/** What the page was asked to say after a change. */
export interface BackpackLinksNotice {
  /** The id of a push just made: its outcome is said at the top. */
  push?: string | undefined;
  saved?: string | undefined;
  error?: string | undefined;
  report?: ImportReport | undefined;
  /** The certificate to preselect in the send forms. */
  selected?: string | undefined;
}

/** GET /me/backpack-links. */
export function BackpackLinksView(
  props: ShellProps & { overview: BackpackLinksOverview } & BackpackLinksNotice,
) {
  const { connections, pushes, certificates } = props.overview;
  const shownPush = props.push ? pushes.find((p) => p.id === props.push) : undefined;
  return (
    <Layout title="Other backpacks" user={props.user} csrfToken={props.csrfToken}>
      {props.saved ? <Notice kind="success">{props.saved}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {props.report ? <ImportOutcome report={props.report} /> : null}
      {shownPush ? <PushOutcome push={shownPush} /> : null}
      <p>
        Connect a badge backpack elsewhere that speaks the Open Badges 3.0 API, then send your certificates to
        it, or import what it holds into <a href="/me/backpack">your backpack here</a>. Each imported
        credential is verified first.
      </p>
      <h2>Your backpacks</h2>
      {connections.length === 0 ? (
        <p class="empty">You have not connected a backpack.</p>
      ) : (
        <ul class="cards">
          {connections.map((c) => (
            <ConnectionCard
              connection={c}
              certificates={certificates}
              selected={props.selected}
              csrfToken={props.csrfToken}
            />
          ))}
        </ul>
      )}
      <h2>Connect a backpack</h2>
      <form method="post" action="/me/backpack-links/connect" class="stack">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="backpack-address">The backpack's address</label>
          <p class="hint" id="backpack-address-hint">
            Its web address, e.g. https://backpack.example. You sign in there and choose what we may do.
          </p>
          <input
            id="backpack-address"
            name="address"
            type="url"
            inputmode="url"
            required
            maxlength={500}
            aria-describedby="backpack-address-hint"
          />
        </div>
        <button type="submit">Connect</button>
      </form>
      {pushes.length > 0 ? (
        <>
          <h2>Sent lately</h2>
          <PushTable pushes={pushes} />
        </>
      ) : null}
    </Layout>
  );
}

/** After "Connect": the browser goes on to the backpack to sign in and allow (a link, if it does not by itself). */
export function ContinueToBackpackView(props: ShellProps & { continueTo: string }) {
  // A refresh, not a redirect of the form's POST: the pages' form-action CSP allows only
  // this site, and a redirect after a form submission is held to it.
  const head: Child = <meta http-equiv="refresh" content={`0;url=${props.continueTo}`} />;
  return (
    <Layout title="Going to your backpack" user={props.user} csrfToken={props.csrfToken} head={head}>
      <p>
        <a href={props.continueTo}>Continue to your backpack</a> to sign in there and allow the connection.
      </p>
    </Layout>
  );
}
