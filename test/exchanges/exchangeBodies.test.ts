/**
 * The security matrix for the wallet endpoints: malformed JSON, the wrong media type, a
 * JSON value that is not an object, an oversized body (413 before anything is parsed),
 * CORS preflight for browser wallets, and the nonce endpoint's per-address rate limit.
 * /exchanges answers problem+json; the OpenID4VCI endpoints answer the OAuth error shape.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { expectProblem, looksLikeStack } from '../fixtures/http.js';
import { EXCHANGE_MAX_BODY_BYTES } from '../../src/http/routes/exchanges.js';
import { OID4VCI_MAX_BODY_BYTES } from '../../src/http/routes/oid4vci.js';
import {
  openWalletPage,
  participantWithCertificate,
  postJson,
  tokenFor,
  type Json,
} from './walletFixtures.js';

let t: TestApp;
let exchangePath: string;
let accessToken: string;

beforeEach(async () => {
  t = await createTestApp();
  const { links } = await openWalletPage(t, await participantWithCertificate(t));
  exchangePath = links.lcw.exchangePath;
  accessToken = (await tokenFor(t, links.offer.code)).access_token;
});
afterEach(async () => {
  await t.close();
});

function raw(
  path: string,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    t.app.request(path, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body }),
  );
}

async function oauthError(res: Response, status: number, error: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(looksLikeStack(text)).toBe(false);
  expect((JSON.parse(text) as Json).error).toBe(error);
}

describe('POST /exchanges/:id bodies', () => {
  it('answers malformed JSON, a non-object and the wrong media type with 4xx problem+json', async () => {
    await expectProblem(
      await raw(exchangePath, '{"verifiablePresentation":', 'application/json'),
      400,
      'malformed_json',
    );
    await expectProblem(await raw(exchangePath, '[]', 'application/json'), 400, 'invalid_request');
    await expectProblem(
      await raw(exchangePath, '{"unexpected": true}', 'application/json'),
      400,
      'invalid_request',
    );
    await expectProblem(
      await raw(exchangePath, '{"verifiablePresentation": "text"}', 'application/json'),
      400,
      'invalid_request',
    );
    await expectProblem(await raw(exchangePath, '{}', 'text/plain'), 415, 'unsupported_media_type');
  });

  it('answers an oversized body with 413, and the exchange is still usable', async () => {
    const big = JSON.stringify({ verifiablePresentation: { padding: 'x'.repeat(EXCHANGE_MAX_BODY_BYTES) } });
    await expectProblem(await raw(exchangePath, big, 'application/json'), 413, 'payload_too_large');
    expect((await postJson(t, exchangePath, {})).status).toBe(200);
  });

  it('allows a CORS preflight from any origin', async () => {
    const res = await t.app.request(exchangePath, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://wallet.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('OpenID4VCI bodies', () => {
  it('answers malformed and non-object credential requests with invalid_credential_request', async () => {
    const auth = { authorization: `Bearer ${accessToken}` };
    await oauthError(
      await raw('/credential', '{"proof":', 'application/json', auth),
      400,
      'invalid_credential_request',
    );
    await oauthError(
      await raw('/credential', '"text"', 'application/json', auth),
      400,
      'invalid_credential_request',
    );
    await oauthError(
      await raw('/credential', 'proof=1', 'application/x-www-form-urlencoded', auth),
      415,
      'invalid_credential_request',
    );
  });

  it('answers oversized token and credential requests with 413', async () => {
    const padding = 'x'.repeat(OID4VCI_MAX_BODY_BYTES);
    await oauthError(
      await raw('/token', `grant_type=x&pad=${padding}`, 'application/x-www-form-urlencoded'),
      413,
      'invalid_request',
    );
    await oauthError(
      await raw('/credential', JSON.stringify({ pad: padding }), 'application/json', {
        authorization: `Bearer ${accessToken}`,
      }),
      413,
      'invalid_credential_request',
    );
  });

  it('limits nonces per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await postJson(t, '/nonce', {})).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    const limited = await postJson(t, '/nonce', {});
    await oauthError(limited, 429, 'invalid_request');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
