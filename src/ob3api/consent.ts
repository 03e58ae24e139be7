/**
 * The person's side of the OAuth flow: the consent screen of the portal and the apps they
 * connected. An authorization request lands on the consent page with the library's
 * interaction cookie (which binds it to the browser that started it: a link to someone
 * else's request shows nothing). The person is the portal's signed-in user, never a
 * session of the library's. A grant already covering every scope asked for (a remembered
 * consent) continues at once; otherwise the page names the app, shows its logo and says
 * what each scope allows, and the answer goes back to the library. Grants are the
 * library's own records, one per person and app; revoking one deletes it with every code
 * and token made under it. Giving and revoking are audited.
 */
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { AppError } from '../errors.js';
import type { UserRecord } from '../storage/ports.js';
import { type ClientLogoState, clientLogoPath } from './clientLogos.js';
import { nodeRequestPair, type Ob3Deps } from './ob3Deps.js';
import { isOb3Scope, type Ob3Scope, SCOPE_WORDS } from './ob3Scopes.js';

/** An app as the consent page and /me show it. */
export interface AppSummary {
  clientId: string;
  name: string;
  /** Our URL of the app's checked logo (clientLogos.ts); without one, pages show its initial. */
  logoSrc?: string;
  /** Why the logo the app named is not shown (the console says so). */
  logoProblem?: string;
  clientUri?: string;
  policyUri?: string;
  tosUri?: string;
  disabled: boolean;
}

/** What the consent page shows, or where the browser goes next. */
export type ConsentStep =
  | { ask: { app: AppSummary; scopes: { scope: Ob3Scope; words: string }[]; redirectHost: string } }
  | { continueTo: string };

/** One remembered grant, for /me. */
export interface ConnectedApp {
  grantId: string;
  app: AppSummary;
  scopes: { scope: Ob3Scope; words: string }[];
  since: string;
}

const GONE = 'This request has expired or was started in another browser: go back to the app and start again';
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The summary of a client's stored metadata and the check of its logo. */
export function summaryOf(
  clientId: string,
  metadata: Record<string, unknown> | undefined,
  disabled: boolean,
  logo: ClientLogoState | undefined,
): AppSummary {
  const summary: AppSummary = { clientId, name: text(metadata?.client_name) ?? clientId, disabled };
  if (logo?.sha256) summary.logoSrc = clientLogoPath(clientId, logo);
  else if (logo?.problem) summary.logoProblem = logo.problem;
  else if (text(metadata?.logo_uri)) summary.logoProblem = "The app's logo has not been checked yet";
  for (const [field, key] of [
    ['clientUri', 'client_uri'],
    ['policyUri', 'policy_uri'],
    ['tosUri', 'tos_uri'],
  ] as const) {
    const uri = text(metadata?.[key]);
    if (uri && /^https?:\/\//.test(uri)) summary[field] = uri;
  }
  return summary;
}

export const scopeList = (scope: string | undefined) =>
  [...new Set((scope ?? '').split(' '))].filter(isOb3Scope).map((s) => ({ scope: s, words: SCOPE_WORDS[s] }));

/** The library's view of an interaction, bound to this browser's interaction cookie. */
async function interactionOf(deps: Ob3Deps, request: Request, uid: string) {
  // A body-less copy: the library reads only the cookies, and a form's body is already read.
  const { req, res } = nodeRequestPair(new Request(request.url, { headers: request.headers }));
  try {
    const details = await deps.provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('another interaction');
    return { details, req, res };
  } catch {
    throw new AppError('not_found', GONE);
  }
}

/** The person's grant for one client, if any. */
async function grantFor(deps: Ob3Deps, userId: string, clientId: string) {
  const records = await deps.stores.oauth.listByAccount('Grant', userId);
  const record = records.find((r) => r.clientId === clientId);
  return record ? deps.provider.Grant.find(record.key) : undefined;
}

const actorOf = (user: UserRecord): Actor => ({
  id: user.id,
  label: `${user.name} <${user.email}>`,
  role: user.role,
});

/** Gives the library the person's answer; returns where the browser goes next. */
async function answer(
  deps: Ob3Deps,
  interaction: Awaited<ReturnType<typeof interactionOf>>,
  user: UserRecord,
  allow: boolean,
): Promise<string> {
  const { details, req, res } = interaction;
  const clientId = String(details.params.client_id);
  if (!allow) {
    return deps.provider.interactionResult(req, res, {
      error: 'access_denied',
      error_description: 'The person did not allow this app',
    });
  }
  const requested = String(details.params.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const grant =
    (await grantFor(deps, user.id, clientId)) ?? new deps.provider.Grant({ accountId: user.id, clientId });
  const before = new Set(grant.getOIDCScope().split(' '));
  grant.addOIDCScope(requested.join(' '));
  const grantId = await grant.save();
  const added = requested.filter((s) => !before.has(s));
  if (added.length > 0) {
    const client = await deps.provider.Client.find(clientId);
    await audit(
      deps,
      actorOf(user),
      'ob3.grant_given',
      { type: 'oauth_grant', id: grantId },
      {
        clientId,
        client: client?.clientName ?? clientId,
        scopes: added,
      },
    );
  }
  return deps.provider.interactionResult(req, res, {
    login: { accountId: user.id, remember: false },
    consent: { grantId },
  });
}

/** GET of the consent page: what to ask, or (a remembered grant covers it) where to go on. */
export async function openConsent(
  deps: Ob3Deps,
  request: Request,
  user: UserRecord,
  uid: string,
): Promise<ConsentStep> {
  const interaction = await interactionOf(deps, request, uid);
  const { params } = interaction.details;
  const clientId = String(params.client_id);
  const client = await deps.provider.Client.find(clientId);
  if (!client) throw new AppError('not_found', GONE);
  const asked = String(params.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const grant = await grantFor(deps, user.id, clientId);
  const granted = new Set(grant?.getOIDCScope().split(' ') ?? []);
  if (grant && asked.every((s) => granted.has(s)))
    return { continueTo: await answer(deps, interaction, user, true) };
  // Checked at registration already; if that has not finished (or a fetch failed a while
  // ago), here, within the fetch deadline.
  const logo = await deps.logos.ensure(clientId, client.logoUri);
  return {
    ask: {
      app: summaryOf(clientId, client.metadata(), false, logo),
      scopes: scopeList(asked.join(' ')),
      redirectHost: new URL(String(params.redirect_uri)).host,
    },
  };
}

/** POST of the consent page: the person allowed or refused. */
export async function decideConsent(
  deps: Ob3Deps,
  request: Request,
  user: UserRecord,
  uid: string,
  allow: boolean,
): Promise<{ continueTo: string }> {
  return { continueTo: await answer(deps, await interactionOf(deps, request, uid), user, allow) };
}
