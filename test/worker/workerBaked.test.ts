/**
 * The Workers verifier shares the baked-image handling of POST /credentials/verify: a
 * credential baked into a PNG or SVG verifies there too, and a PNG without one (or a QR
 * code) is a 422 picture_without_credential problem+json.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorkerApp, loadWorkerConfig } from '../../src/worker.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { plainSvg, tinyPng } from '../fixtures/badgeImages.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { bakePng, bakeSvg } from '../../src/rendering/baking.js';
import { statusListsOf } from './issuerSite.js';

let t: TestApp;
let verifier: ReturnType<typeof createWorkerApp>;

/** The issuing app's status lists, as the network would answer them. */
const statusListFetcher = statusListsOf(() => t);

beforeAll(async () => {
  t = await createTestApp();
  verifier = createWorkerApp({ config: loadWorkerConfig({}), fetchJson: statusListFetcher });
});
afterAll(async () => {
  await t?.close();
});

function postImage(body: Uint8Array<ArrayBuffer> | string, type: string): Promise<Response> {
  return Promise.resolve(
    verifier.fetch(
      new Request('https://verifier.example/credentials/verify', {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      }),
    ),
  );
}

it('verifies a credential baked into a PNG and into an SVG', async () => {
  const vc = structuredClone(
    (await issueCredential(t.deps.issue, openBadgeRequest())).record.credential,
  ) as object;
  for (const [body, type] of [
    [bakePng(tinyPng(), vc), 'image/png'],
    [bakeSvg(plainSvg(), vc), 'image/svg+xml'],
  ] as const) {
    const res = await postImage(body, type);
    const result = (await res.json()) as { verified: boolean };
    expect(res.status, JSON.stringify(result)).toBe(200);
    expect(result.verified).toBe(true);
  }
});

it('answers a PNG without a credential or a QR code with 422 picture_without_credential', async () => {
  const res = await postImage(tinyPng(), 'image/png');
  expect(res.status).toBe(422);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await res.json()).toMatchObject({
    code: 'picture_without_credential',
    detail: expect.stringMatching(/^This picture carries no certificate/),
  });
});
