/**
 * Every certificate's verification link, and finding it by certificate number:
 *   GET /v/:token                       the certificate page, verified live (public or private; noindex)
 *   GET /v/:token/certificate.png|.pdf|-baked.png|.svg   its pictures, as at /c/:id
 *   GET /v/:token/credential.json       the signed credential
 *   GET /credentials/verify-number?number=...&surname=...   JSON `{ verificationUrl }`
 *
 * The token (storage/verificationToken.ts) is the unguessable part of the QR code on the
 * certificate, so whoever holds the certificate can check it, even one its holder keeps
 * private; such a page is reachable only through the link: never listed, not indexed.
 * An unknown or malformed token is the same 404 as a missing certificate.
 *
 * The number lookup takes what is printed on the certificate plus the holder's surname
 * (holderSurname.ts), so a run of numbers cannot be walked: "no such number" and "wrong
 * surname" are one answer (status, body, and time: every answer waits out the same floor),
 * and attempts are limited per client address, successful ones forgiven as at login.
 * The lookup is mounted by the /credentials sub-app (credentials.ts), the links are the /v
 * sub-app; the page middleware (session, CSRF) runs for /v/:token alone, not its files.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { pageMiddleware } from '../pages/pageKit.js';
import { certificateNotFound, certificatePageFor } from '../pages/certificatePage.js';
import { clientAddress, FixedWindowCounter } from '../middleware/rateLimit.js';
import { sendCertificateFile } from './renders.js';
import type { CertificateFormat, ShowableRecord } from '../../rendering/certificateFiles.js';
import { certificateByToken, tokenForNumber } from '../../rendering/publicCertificates.js';
import { plural } from '../../plural.js';

/** Number lookups per client address per window (successful ones are given back). */
const LOOKUPS = 10;
const LOOKUP_WINDOW_MS = 15 * 60_000;
/**
 * Every lookup answers no sooner than this after it arrived, found or not, so the
 * database's work (a row found and parsed, or none) never shows in the answer's timing.
 */
const LOOKUP_FLOOR_MS = 150;

/** The one answer for a number that does not exist, or whose holder has another surname. */
const NO_MATCH =
  'No certificate matches this certificate number and surname. Check both as printed on the certificate.';

/** Files of a verification link: not for shared caches or search engines. */
const FILE_HEADERS = { 'x-robots-tag': 'noindex' };
const FILE_CACHE_CONTROL = 'private, no-cache';

const numberQuery = z.object({
  number: z
    .string({ error: 'enter the certificate number' })
    .trim()
    .min(1, 'enter the certificate number')
    .max(40, 'a certificate number is at most 40 characters')
    .regex(
      /^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/,
      'a certificate number is letters and digits separated by dashes, e.g. SP-2026-000123',
    ),
  surname: z
    .string({ error: "enter the holder's surname" })
    .trim()
    .min(1, "enter the holder's surname")
    .max(200, 'a surname is at most 200 characters')
    .regex(/^[^\p{Cc}]+$/u, 'a surname has no control characters'),
});

/** Reads ?number=&surname= (each once): a 400 naming the field when missing or malformed. */
function readNumberQuery(c: Context<AppEnv>): z.infer<typeof numberQuery> {
  const repeated = (['number', 'surname'] as const).find((name) => (c.req.queries(name)?.length ?? 0) > 1);
  if (repeated) throw new AppError('invalid_request', `The lookup is invalid: ${repeated}: give it once`);
  const parsed = numberQuery.safeParse({ number: c.req.query('number'), surname: c.req.query('surname') });
  if (!parsed.success)
    throw new AppError(
      'invalid_request',
      `The lookup is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** Waits until `floorMs` have passed since `startedAt` (performance.now()). */
async function notBefore(startedAt: number, floorMs: number): Promise<void> {
  const left = startedAt + floorMs - performance.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}

/** The record behind a verification link, or undefined for an unknown, malformed or unshowable one. */
async function recordOfToken(c: Context<AppEnv>): Promise<ShowableRecord | undefined> {
  return certificateByToken(c.var.deps, c.req.param('token') ?? '');
}

function linkFile(format: CertificateFormat) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const record = await recordOfToken(c);
    if (!record) throw new AppError('not_found', 'No certificate at this verification link');
    return sendCertificateFile(c, record, format, FILE_CACHE_CONTROL, FILE_HEADERS);
  };
}

/** The number lookup, GET /credentials/verify-number: mounted by the /credentials sub-app. */
export function numberLookupRoutes(): Hono<AppEnv> {
  const lookups = new FixedWindowCounter(LOOKUPS, LOOKUP_WINDOW_MS);
  const app = new Hono<AppEnv>();

  // Errors are answered by onError with a Response of its own, so headers are set on
  // whatever the answer turned out to be.
  app.use('/', async (c, next) => {
    await next();
    c.res.headers.set('cache-control', 'no-store');
    const retryAfter = c.error instanceof AppError ? c.error.extra?.retryAfter : undefined;
    if (typeof retryAfter === 'number') c.res.headers.set('retry-after', String(retryAfter));
  });
  app.get('/', async (c) => {
    const startedAt = performance.now();
    // Counted before anything is read, so malformed attempts count too.
    const wait = lookups.hit(clientAddress(c), c.var.deps.now().getTime());
    if (wait > 0)
      throw new AppError(
        'rate_limited',
        `Too many lookups from your network; try again in ${plural(Math.ceil(wait / 60), 'minute')}`,
        { retryAfter: wait },
      );
    const { number, surname } = readNumberQuery(c);
    const token = await tokenForNumber(c.var.deps, number, surname);
    await notBefore(startedAt, LOOKUP_FLOOR_MS);
    if (!token) throw new AppError('not_found', NO_MATCH);
    lookups.forgive(clientAddress(c), c.var.deps.now().getTime());
    return c.json({ verificationUrl: `${c.var.deps.config.publicUrl}/v/${token}` });
  });
  return app;
}

/** The verification links, the /v sub-app. */
export function verificationLinkRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/:token/certificate.png', linkFile('png'));
  app.get('/:token/certificate.pdf', linkFile('pdf'));
  app.get('/:token/certificate-baked.png', linkFile('baked-png'));
  app.get('/:token/certificate.svg', linkFile('baked-svg'));
  app.get('/:token/credential.json', async (c) => {
    const record = await recordOfToken(c);
    if (!record) throw new AppError('not_found', 'No certificate at this verification link');
    return c.body(JSON.stringify(record.credential), 200, {
      'content-type': 'application/ld+json',
      'cache-control': FILE_CACHE_CONTROL,
      'content-disposition': `attachment; filename="credential-${record.certificateNumber.replace(/[^\w.-]+/g, '_')}.json"`,
      ...FILE_HEADERS,
    });
  });

  app.use('/:token', ...pageMiddleware);
  app.get('/:token', async (c) => {
    c.header('x-robots-tag', 'noindex');
    const record = await recordOfToken(c);
    if (!record) return certificateNotFound(c);
    const path = `/v/${record.verificationToken}`;
    return certificatePageFor(c, record, {
      pageUrl: `${c.var.deps.config.publicUrl}${path}`,
      filesUrl: path,
      verifyUrl: `/verify?v=${record.verificationToken}`,
      noindex: true,
    });
  });
  return app;
}
