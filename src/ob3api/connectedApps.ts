/**
 * The apps a person connected (their remembered grants, /me/connected-apps) and every
 * registered app (the console, admins only). Revoking a grant deletes it with every code
 * and token made under it, so the app's next request is a 401; disabling a client makes
 * the library treat it as unknown everywhere (no new authorizations, no tokens, its
 * current tokens refused by the resource endpoints) until an admin enables it again.
 */
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { AppError } from '../errors.js';
import type { Ob3Deps } from './ob3Deps.js';
import { type AppSummary, type ConnectedApp, scopeList, summaryOf } from './consent.js';
import { allClientLogoStates, clientLogoState } from './clientLogos.js';

/** A registered client, for the console. */
export interface RegisteredApp extends AppSummary {
  registeredAt: string;
  redirectUris: string[];
  /** How many people have a grant for it now. */
  grants: number;
}

/** The person's connected apps, oldest first. */
export async function listConnectedApps(
  deps: Pick<Ob3Deps, 'stores'>,
  userId: string,
): Promise<ConnectedApp[]> {
  const grants = await deps.stores.oauth.listByAccount('Grant', userId);
  const apps: ConnectedApp[] = [];
  for (const grant of grants) {
    if (!grant.clientId) continue;
    const client = await deps.stores.oauth.find('Client', grant.clientId);
    const openid = grant.payload.openid as { scope?: string } | undefined;
    apps.push({
      grantId: grant.key,
      app: summaryOf(
        grant.clientId,
        client?.payload,
        !!client?.disabledAt,
        await clientLogoState(deps, grant.clientId),
      ),
      scopes: scopeList(openid?.scope),
      since: grant.createdAt,
    });
  }
  return apps;
}

/** Withdraws one of the person's grants; someone else's (or none) is not_found. */
export async function revokeConnectedApp(
  deps: Pick<Ob3Deps, 'stores' | 'now'>,
  actor: Actor,
  grantId: string,
): Promise<void> {
  const grant = await deps.stores.oauth.find('Grant', grantId);
  if (!grant || grant.accountId !== actor.id)
    throw new AppError('not_found', 'You have no such connected app');
  await deps.stores.oauth.revokeByGrantId(grantId);
  await deps.stores.oauth.destroy('Grant', grantId);
  await audit(
    deps,
    actor,
    'ob3.grant_revoked',
    { type: 'oauth_grant', id: grantId },
    { clientId: grant.clientId },
  );
}

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin')
    throw new AppError('forbidden', 'Only an admin can manage the apps connected to the API');
}

/** Every registered app, oldest first (admins). */
export async function listRegisteredApps(
  deps: Pick<Ob3Deps, 'stores'>,
  actor: Actor,
): Promise<RegisteredApp[]> {
  requireAdmin(actor);
  const clients = await deps.stores.oauth.listByModel('Client');
  const grants = await deps.stores.oauth.listByModel('Grant');
  const logos = await allClientLogoStates(deps);
  return clients.map((c) => ({
    ...summaryOf(c.key, c.payload, !!c.disabledAt, logos.get(c.key)),
    registeredAt: c.createdAt,
    redirectUris: Array.isArray(c.payload.redirect_uris) ? c.payload.redirect_uris.map(String) : [],
    grants: grants.filter((g) => g.clientId === c.key).length,
  }));
}

/** Disables or enables an app (admins); an unknown one is not_found. */
export async function setAppDisabled(
  deps: Pick<Ob3Deps, 'stores' | 'now'>,
  actor: Actor,
  clientId: string,
  disabled: boolean,
): Promise<void> {
  requireAdmin(actor);
  const at = disabled ? deps.now().toISOString() : undefined;
  if (!(await deps.stores.oauth.setDisabled('Client', clientId, at)))
    throw new AppError('not_found', 'There is no such app');
  await audit(deps, actor, disabled ? 'ob3.client_disabled' : 'ob3.client_enabled', {
    type: 'oauth_client',
    id: clientId,
  });
}
