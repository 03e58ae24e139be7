/**
 * The Open Badges 3.0 API (issue 20), mounted at /ims/ob/v3p0: the discovery document;
 * the OAuth 2.0 endpoints, answered by oidc-provider itself (src/ob3api/oauthProvider.ts:
 * registration, rate-limited here; authorization and its resume after the consent page;
 * token and refresh; revocation), each handed the request whole; and the resource
 * endpoints, whose errors are Imsx_StatusInfo with a Bearer challenge on a 401 or 403.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { parseJsonText } from '../readJson.js';
import { z } from 'zod';
import { FixedWindowCounter } from '../middleware/rateLimit.js';
import { enforceRateLimit } from '../pages/publicKit.js';
import { serviceDescription } from '../../ob3api/discovery.js';
import { bearerChallenge, fromAppError, imsxStatus, Ob3Error } from '../../ob3api/imsxStatus.js';
import { OB3_BASE_PATH } from '../../ob3api/oauthProvider.js';
import { clientLogoFile } from '../../ob3api/clientLogos.js';
import { embeddableFiles } from '../requestHandling.js';
import {
  type CredentialsPage,
  getCredentials,
  getProfile,
  putProfile,
  upsertCredential,
} from '../../ob3api/ob3Resources.js';

/** Client registrations per address per hour: each one is a stored client an admin reviews. */
const REGISTRATIONS_PER_HOUR = 20;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;
const RESOURCE_PATHS = new Set([`${OB3_BASE_PATH}/credentials`, `${OB3_BASE_PATH}/profile`]);
const jsonObject = z.record(z.string(), z.unknown(), { error: 'The body must be a JSON object' });

/** The Imsx_StatusInfo answer of a refused resource request. */
function imsxAnswer(error: Ob3Error): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  const challenge = bearerChallenge(error);
  if (challenge) headers['www-authenticate'] = challenge;
  return new Response(JSON.stringify(imsxStatus(error.codeMinor, error.description)), {
    status: error.status,
    headers,
  });
}

/** X-Total-Count and the RFC 8288 Link header (first, prev, next, last) of a page. */
function pageHeaders(c: Context<AppEnv>, page: CredentialsPage): Record<string, string> {
  const since = c.req.query('since');
  const at = (offset: number) => {
    const url = new URL(`${c.var.deps.config.publicUrl}${OB3_BASE_PATH}/credentials`);
    url.searchParams.set('limit', String(page.limit));
    url.searchParams.set('offset', String(offset));
    if (since !== undefined) url.searchParams.set('since', since);
    return url.href;
  };
  const lastOffset = page.total === 0 ? 0 : Math.floor((page.total - 1) / page.limit) * page.limit;
  const links = [`<${at(0)}>; rel="first"`, `<${at(lastOffset)}>; rel="last"`];
  if (page.offset > 0) links.push(`<${at(Math.max(0, page.offset - page.limit))}>; rel="prev"`);
  if (page.offset + page.limit < page.total) links.push(`<${at(page.offset + page.limit)}>; rel="next"`);
  return { 'x-total-count': String(page.total), link: links.join(', '), 'cache-control': 'no-store' };
}

/** The upsert body: a credential as JSON, or a VC-JWT as text/plain. */
async function credentialInput(
  c: Context<AppEnv>,
): Promise<
  { jwt: string; credential?: undefined } | { credential: Record<string, unknown>; jwt?: undefined }
> {
  const type = c.req.header('content-type') ?? '';
  if (/^text\/plain\b/i.test(type)) {
    const jwt = (await c.req.text()).trim();
    if (!COMPACT_JWS.test(jwt))
      throw new Ob3Error(400, 'invalid_data', 'A text/plain body must be a compact JWS');
    return { jwt };
  }
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type))
    throw new Ob3Error(
      400,
      'invalid_data',
      'Send the credential as application/json, or a VC-JWT as text/plain',
    );
  return { credential: parseJsonText(await c.req.text(), jsonObject) };
}

/**
 * The /ims/ob/v3p0 sub-app: an app's logo, then the API. The logo route stays outside the
 * API's sub-app because a sub-app with an onError wraps its handlers when mounted, which
 * hides the embeddableFiles declaration the security headers read (requestHandling.ts).
 */
export function ob3ApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // An app's logo, fetched and checked when it registered (src/ob3api/clientLogos.ts): the
  // consent screen and the console show it from here, sandboxed like badge images.
  app.get('/client-logos/:clientId', embeddableFiles(), async (c) => {
    const logo = await clientLogoFile(c.var.deps.ob3, c.req.param('clientId'));
    return c.body(logo.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': logo.mediaType,
      // The pages' URL names the image's sha256, so a changed logo is a new URL.
      'cache-control': 'public, max-age=86400',
    });
  });
  return app.route('/', apiRoutes());
}

/** The OAuth endpoints and the resource endpoints, with the Imsx_StatusInfo error answers. */
function apiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const registrations = new FixedWindowCounter(REGISTRATIONS_PER_HOUR, 60 * 60_000);
  const toProvider = (c: Context<AppEnv>) => c.var.deps.ob3.handle(c.req.raw);

  app.onError((error, c) => {
    if (!RESOURCE_PATHS.has(c.req.path)) throw error;
    if (error instanceof Ob3Error) return imsxAnswer(error);
    if (error instanceof AppError && error.status < 500) return imsxAnswer(fromAppError(error));
    throw error;
  });

  app.get('/discovery', (c) =>
    c.json(
      serviceDescription({ publicUrl: c.var.deps.config.publicUrl, serviceName: c.var.deps.ob3.serviceName }),
    ),
  );

  app.post('/oauth/register', (c) => {
    enforceRateLimit(c, registrations);
    return toProvider(c);
  });
  app.get('/oauth/authorize', toProvider);
  app.get('/oauth/authorize/:uid', toProvider);
  app.post('/oauth/token', toProvider);
  app.post('/oauth/revoke', toProvider);

  app.get('/credentials', async (c) => {
    const page = await getCredentials(c.var.deps.ob3, c.req.header('authorization'), c.req.query());
    return c.json(page.body, 200, pageHeaders(c, page));
  });
  app.post('/credentials', async (c) => {
    const input = await credentialInput(c);
    const { created } = await upsertCredential(c.var.deps.ob3, c.req.header('authorization'), input);
    // The spec: the answer is the credential of the request, 201 when new, 200 when replaced.
    if (input.jwt !== undefined) return c.text(input.jwt, created ? 201 : 200);
    return c.json(input.credential ?? {}, created ? 201 : 200);
  });
  app.get('/profile', async (c) => c.json(await getProfile(c.var.deps.ob3, c.req.header('authorization'))));
  app.put('/profile', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type))
      throw new Ob3Error(400, 'invalid_data', 'Send the profile as application/json');
    const profile = parseJsonText(await c.req.text(), jsonObject);
    return c.json(await putProfile(c.var.deps.ob3, c.req.header('authorization'), profile));
  });
  return app;
}
