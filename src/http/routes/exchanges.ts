/**
 * The VC-API exchange endpoint the Learner Credential Wallet posts to (see
 * src/exchanges/vcApiExchange.ts): `POST /exchanges/:exchangeId`. No cookie and no API
 * key: the unguessable exchange id and its challenge are the authority, so any origin
 * may call it (CORS *). Errors are problem+json; a used or expired exchange is 410 Gone.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { readJson } from '../readJson.js';
import { AppError } from '../../errors.js';
import { HandOffGoneError } from '../../exchanges/exchangeDeps.js';
import { exchangeStep } from '../../exchanges/vcApiExchange.js';

/** A DIDAuth presentation is a few kB; nothing an exchange takes comes near this. */
export const EXCHANGE_MAX_BODY_BYTES = 64 * 1024;

const exchangeBody = z.record(z.string(), z.unknown(), {
  error: 'The body must be a JSON object: {} or {"verifiablePresentation": ...}',
});

/** The bearer token of an Authorization header, if it has one. */
function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * 410 Gone as problem+json. The closed ErrorCode union has no 410 code yet, so this one
 * answer is built here, in the same RFC 9457 shape (type /problems/gone).
 */
function gone(c: Context<AppEnv>, detail: string): Response {
  const body = {
    type: '/problems/gone',
    title: 'Gone',
    status: 410,
    code: 'gone',
    detail,
    requestId: c.var.requestId,
  };
  return c.json(body, 410, { 'content-type': 'application/problem+json' });
}

/** The /exchanges sub-app. */
export function exchangeRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use(
      '*',
      cors({
        origin: '*',
        allowMethods: ['POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization'],
      }),
    )
    .use(
      '*',
      bodyLimit({
        maxSize: EXCHANGE_MAX_BODY_BYTES,
        onError: () => {
          throw new AppError(
            'payload_too_large',
            `An exchange step is at most ${EXCHANGE_MAX_BODY_BYTES} bytes`,
          );
        },
      }),
    )
    .post('/:exchangeId', async (c) => {
      const body = await readJson(c, exchangeBody);
      try {
        const answer = await exchangeStep(
          c.var.deps.exchanges,
          c.req.param('exchangeId'),
          body,
          bearerOf(c.req.header('authorization')),
        );
        c.header('cache-control', 'no-store');
        return c.json(answer);
      } catch (error) {
        if (error instanceof HandOffGoneError) return gone(c, error.detail);
        throw error;
      }
    });
}
