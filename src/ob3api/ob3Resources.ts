/**
 * The OB 3.0 API's resource operations (getCredentials, upsertCredential, getProfile,
 * putProfile), each behind the access check of its scope. getCredentials pages over the
 * person's certificates we issued (newest first; those revoked, suspended, replaced or
 * expired are left out, as they would not verify as valid) followed by the credentials kept
 * in their backpack; upsertCredential verifies and stores a credential from any issuer in
 * the backpack (src/backpack/); the profile is the person's name and email.
 */
import { listHeldCredentials } from '../accounts/heldCredentials.js';
import { changeOwnName } from '../accounts/profile.js';
import { listBackpack, upsertIntoBackpack } from '../backpack/backpack.js';
import { AppError } from '../errors.js';
import { markOf } from '../rendering/certificateMark.js';
import { Ob3Error, fromAppError } from './imsxStatus.js';
import type { Ob3Deps } from './ob3Deps.js';
import { OB3_SCOPES } from './ob3Scopes.js';
import { authorizeOb3Request } from './resourceAccess.js';

/** The page size when the client gives none, and the largest it may ask for. */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

/** A page of getCredentials, with what its headers say. */
export interface CredentialsPage {
  body: { credential: Record<string, unknown>[]; compactJwsString: string[] };
  total: number;
  limit: number;
  offset: number;
}

/** Query parameters as the route read them. */
export interface CredentialsQuery {
  limit?: string | undefined;
  offset?: string | undefined;
  since?: string | undefined;
}

function whole(value: string | undefined, name: string, min: number, fallback: number, max?: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min)
    throw new Ob3Error(400, 'invalid_query_parameter', `${name} must be a whole number of at least ${min}`);
  return max === undefined ? Number(value) : Math.min(Number(value), max);
}

function instant(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value) || Number.isNaN(ms))
    throw new Ob3Error(
      400,
      'invalid_query_parameter',
      'since must be a date and time, e.g. 2026-01-31T12:00:00Z',
    );
  return new Date(ms).toISOString();
}

/** Runs a domain call, turning its AppErrors into the API's errors. */
async function inApi<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) throw fromAppError(error);
    throw error;
  }
}

/** GET /credentials. */
export async function getCredentials(
  deps: Ob3Deps,
  authorization: string | undefined,
  query: CredentialsQuery,
): Promise<CredentialsPage> {
  const caller = await authorizeOb3Request(deps, authorization, OB3_SCOPES.credentialRead);
  const limit = whole(query.limit, 'limit', 1, DEFAULT_LIMIT, MAX_LIMIT);
  const offset = whole(query.offset, 'offset', 0, 0);
  const since = instant(query.since);
  const now = deps.now();
  const issued = (await listHeldCredentials(deps.accounts, caller.userId)).filter(
    (r) => !markOf(r, now) && (since === undefined || r.createdAt >= since),
  );
  const fromIssued = issued.slice(offset, offset + limit);
  const backpack = await inApi(() =>
    listBackpack(deps.backpack, caller.userId, {
      limit: limit - fromIssued.length,
      offset: Math.max(0, offset - issued.length),
      ...(since !== undefined ? { since } : {}),
    }),
  );
  const body: CredentialsPage['body'] = {
    credential: fromIssued.map((r) => r.credential),
    compactJwsString: [],
  };
  for (const item of backpack.items) {
    if (item.jwt) body.compactJwsString.push(item.jwt);
    else body.credential.push(item.credential);
  }
  return { body, total: issued.length + backpack.total, limit, offset };
}

/** POST /credentials: a credential as JSON-LD or a compact JWS (VC-JWT). */
export async function upsertCredential(
  deps: Ob3Deps,
  authorization: string | undefined,
  input: { credential?: Record<string, unknown> | undefined; jwt?: string | undefined },
): Promise<{ created: boolean }> {
  const caller = await authorizeOb3Request(deps, authorization, OB3_SCOPES.credentialUpsert);
  const { created } = await inApi(() =>
    upsertIntoBackpack(
      deps.backpack,
      caller.userId,
      input.jwt !== undefined ? { jwt: input.jwt } : { credential: input.credential ?? {} },
      'ob3-api',
    ),
  );
  return { created };
}

/** The person's profile in the spec's Profile shape. */
async function profileOf(deps: Ob3Deps, userId: string): Promise<Record<string, unknown>> {
  const user = await deps.stores.users.get(userId);
  if (!user) throw new Ob3Error(404, 'not_found', 'This account no longer exists');
  return {
    id: /^[0-9a-f-]{36}$/i.test(user.id)
      ? `urn:uuid:${user.id}`
      : `urn:saypro:user:${encodeURIComponent(user.id)}`,
    type: ['Profile'],
    name: user.name,
    email: user.email,
  };
}

/** GET /profile. */
export async function getProfile(deps: Ob3Deps, authorization: string | undefined) {
  const caller = await authorizeOb3Request(deps, authorization, OB3_SCOPES.profileRead);
  return profileOf(deps, caller.userId);
}

/**
 * PUT /profile: only the name can change here (the email is the log-in and is confirmed by
 * mail, so an app cannot change it); other fields are ignored.
 */
export async function putProfile(
  deps: Ob3Deps,
  authorization: string | undefined,
  profile: Record<string, unknown>,
) {
  const caller = await authorizeOb3Request(deps, authorization, OB3_SCOPES.profileUpdate);
  if (typeof profile.name === 'string') {
    const name = profile.name;
    await inApi(() => changeOwnName(deps.accounts, caller.userId, name));
  }
  return profileOf(deps, caller.userId);
}
