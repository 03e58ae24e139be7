/**
 * API-key authentication (`Authorization: Bearer <key>`) and scope checks, in one place.
 * Keys are looked up by hash; a missing or unknown key is 401, a key without the scope 403.
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../errors.js';
import { keyHolderOf, type ApiScope } from '../../credentials/apiKeys.js';
import type { AppEnv, Principal } from '../env.js';

async function principalFrom(
  header: string | undefined,
  c: Parameters<MiddlewareHandler<AppEnv>>[0],
): Promise<Principal | undefined> {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError('unauthorized', 'Send the API key as "Authorization: Bearer <key>"');
  const holder = await keyHolderOf(c.var.deps, match[1]);
  if (!holder) throw new AppError('unauthorized', 'The API key is unknown or revoked');
  return holder;
}

/** Reads the API key when one is sent; routes that allow anonymous callers use this. */
export const optionalAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = await principalFrom(c.req.header('authorization'), c);
  if (principal) c.set('principal', principal);
  await next();
};

/** Whether a principal holds a scope (admin holds all). */
export function hasScope(principal: Principal | undefined, scope: ApiScope): boolean {
  return !!principal && (principal.scopes.includes('admin') || principal.scopes.includes(scope));
}

/** Requires an API key with the given scope. */
export function requireScope(scope: ApiScope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = await principalFrom(c.req.header('authorization'), c);
    if (!principal)
      throw new AppError('unauthorized', 'This endpoint needs an API key: "Authorization: Bearer <key>"');
    if (!hasScope(principal, scope))
      throw new AppError('forbidden', `The API key "${principal.name}" lacks the "${scope}" scope`);
    c.set('principal', principal);
    await next();
  };
}
