/**
 * Certificate files on the Workers verifier (its app run in Node), which shares the handler
 * but holds no credentials: a PDF's attached credential verifies there as on the server,
 * while the QR code of a plain certificate PNG leads to a site whose credentials it cannot
 * look up, so it is a 422 qr_foreign_link naming the link, never fetched. (In workerd
 * itself pngjs cannot inflate a plain PNG: pictureDecoding.ts.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { createWorkerApp, loadWorkerConfig } from '../../src/worker.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { renderFactsOf } from '../../src/rendering/certificateMark.js';
import { statusListsOf } from './issuerSite.js';

let t: TestApp;
let verifier: ReturnType<typeof createWorkerApp>;
const fetched: string[] = [];

/** The issuing app's status lists, as the network would answer them. */
const statusListFetcher = statusListsOf(() => t, fetched);

beforeAll(async () => {
  t = await createTestApp();
  verifier = createWorkerApp({ config: loadWorkerConfig({}), fetchJson: statusListFetcher });
});
afterAll(async () => {
  await t?.close();
});

function post(body: Uint8Array, type: string): Promise<Response> {
  const request = new Request('https://verifier.example/credentials/verify', {
    method: 'POST',
    headers: { 'content-type': type },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return Promise.resolve(verifier.fetch(request));
}

it("verifies the credential attached to a certificate PDF, and answers a plain PNG's QR code as a foreign link", async () => {
  const { record } = await issueCredential(t.deps.issue, openBadgeRequest());
  const credential = record.credential!;
  const facts = renderFactsOf(record, new Date());

  const doc = await PDFDocument.create();
  doc.addPage();
  await doc.attach(new TextEncoder().encode(JSON.stringify(credential)), 'credential.json', {
    mimeType: 'application/ld+json',
  });
  const pdf = await post(await doc.save(), 'application/pdf');
  const result = (await pdf.json()) as { verified: boolean };
  expect(pdf.status, JSON.stringify(result)).toBe(200);
  expect(result.verified).toBe(true);

  const link = `${t.deps.config.publicUrl}/v/${record.verificationToken}`;
  const png = await post(
    await t.deps.rendering.renderer.png(credential, undefined, undefined, facts),
    'image/png',
  );
  expect(png.status).toBe(422);
  expect(png.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await png.json()).toMatchObject({
    code: 'qr_foreign_link',
    url: link,
    detail: `This QR code leads to ${link}, not to this site; it was not followed`,
  });
  expect(fetched.filter((url) => url.includes('/v/'))).toEqual([]);
});
