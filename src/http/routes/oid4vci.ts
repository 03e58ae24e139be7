/**
 * OpenID4VCI issuer endpoints (see src/exchanges/oid4vci.ts), at the paths the metadata
 * names: the two well-known metadata documents, POST /token (form-encoded, pre-authorized
 * code grant), POST /nonce and POST /credential (Bearer access token, JSON). Errors are
 * the OAuth shape wallets expect, `{error, error_description}`, not problem+json; only
 * faults (5xx) reach the app's onError. No cookies are involved, so CORS allows any
 * origin for browser wallets.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { readJson } from '../readJson.js';
import { AppError } from '../../errors.js';
import { enforceRateLimit } from '../pages/publicKit.js';
import { FixedWindowCounter } from '../middleware/rateLimit.js';
import { authorizationServerMetadata, credentialIssuerMetadata } from '../../exchanges/oid4vciMetadata.js';
import {
  accessTokenRecord,
  issueNonce,
  Oid4vciError,
  redeemPreAuthorizedCode,
  requestCredential,
} from '../../exchanges/oid4vci.js';

/** Token and credential requests are small; a proof JWT is well under 2 kB. */
export const OID4VCI_MAX_BODY_BYTES = 16 * 1024;
/** Nonces per client address per minute (each one is a stored row). */
const NONCES_PER_MINUTE = 60;

const PATHS = [
  '/.well-known/openid-credential-issuer',
  '/.well-known/oauth-authorization-server',
  '/token',
  '/nonce',
  '/credential',
];
const credentialBody = z.record(z.string(), z.unknown(), {
  error: 'The credential request must be a JSON object',
});

function oauthError(
  c: Context<AppEnv>,
  status: number,
  error: string,
  description: string,
  extra: Record<string, unknown> = {},
): Response {
  c.header('cache-control', 'no-store');
  if (status === 401) c.header('www-authenticate', `Bearer error="${error}"`);
  return c.json({ error, error_description: description, ...extra }, status as 400);
}

/** Reads the token request form; anything but form encoding is an invalid_request. */
async function tokenForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? '')) {
    throw new Oid4vciError(
      'invalid_request',
      400,
      'Send the token request as application/x-www-form-urlencoded',
    );
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(await c.req.parseBody()))
    if (typeof value === 'string') fields[key] = value;
  return fields;
}

/** The OpenID4VCI routes, mounted at the root. */
export function oid4vciRoutes(): Hono<AppEnv> {
  const nonces = new FixedWindowCounter(NONCES_PER_MINUTE, 60_000);
  const app = new Hono<AppEnv>();
  for (const path of PATHS) {
    app.use(
      path,
      cors({
        origin: '*',
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization'],
      }),
    );
    app.use(
      path,
      bodyLimit({
        maxSize: OID4VCI_MAX_BODY_BYTES,
        onError: () => {
          throw new AppError(
            'payload_too_large',
            `OpenID4VCI requests are at most ${OID4VCI_MAX_BODY_BYTES} bytes`,
          );
        },
      }),
    );
  }
  app.onError((error, c) => {
    if (error instanceof Oid4vciError)
      return oauthError(c, error.status, error.error, error.description, error.extra);
    if (error instanceof AppError && error.status < 500) {
      return oauthError(
        c,
        error.status,
        c.req.path === '/credential' ? 'invalid_credential_request' : 'invalid_request',
        error.detail,
      );
    }
    throw error;
  });
  app.get('/.well-known/openid-credential-issuer', (c) =>
    c.json(credentialIssuerMetadata(c.var.deps.exchanges)),
  );
  app.get('/.well-known/oauth-authorization-server', (c) =>
    c.json(authorizationServerMetadata(c.var.deps.exchanges)),
  );
  app.post('/token', async (c) => {
    const body = await redeemPreAuthorizedCode(c.var.deps.exchanges, await tokenForm(c));
    return c.json(body, 200, { 'cache-control': 'no-store', pragma: 'no-cache' });
  });
  app.post('/nonce', async (c) => {
    enforceRateLimit(c, nonces);
    return c.json(await issueNonce(c.var.deps.exchanges), 200, { 'cache-control': 'no-store' });
  });
  app.post('/credential', async (c) => {
    // The token first: without one, nothing about the body is worth telling.
    const token = await accessTokenRecord(c.var.deps.exchanges, c.req.header('authorization'));
    const body = await readJson(c, credentialBody);
    return c.json(await requestCredential(c.var.deps.exchanges, token, body), 200, {
      'cache-control': 'no-store',
    });
  });
  return app;
}
