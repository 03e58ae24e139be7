/**
 * /verify in real Chromium with the certificate itself: the plain certificate PNG (its QR
 * code followed by the server) and the certificate PDF (its attached credential) are
 * chosen as files, sent as they are to POST /credentials/verify, and shown as a valid
 * certificate issued by SayPro; a photo of the certificate (JPEG) likewise, and a QR code
 * leading to another site says where it leads. Screenshots at desktop and phone size go to
 * test-artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openWatchedPage, VIEWPORTS, type ViewportName, type WatchedPage } from '../fixtures/watchedPage.js';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { photoOfCertificate, qrPng } from '../fixtures/certificatePhotos.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { renderFactsOf } from '../../src/rendering/certificateMark.js';

const available = hasChromium();
if (!available)
  console.log(
    'verifyPicture.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

describe.skipIf(!available)('/verify with certificate pictures and PDFs in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let png: Buffer;
  let pdf: Buffer;

  beforeAll(async () => {
    // Photos take seconds of CPU to decode on a loaded test machine; the budget is not under test here.
    live = await startLiveServer({ env: { VERIFY_TIME_BUDGET_MS: '60000' } });
    const { deps } = live.testApp;
    // A private certificate: its QR code's /v/<token> link is what verifies it.
    const { record } = await issueCredential(deps.issue, openBadgeRequest());
    const facts = renderFactsOf(record, new Date());
    png = Buffer.from(await deps.rendering.renderer.png(record.credential!, undefined, undefined, facts));
    pdf = Buffer.from(await deps.rendering.renderer.pdf(record.credential!, undefined, undefined, facts));
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** A fresh, watched page on /verify (watchedPage.ts), recording the content types it sends to be verified. */
  async function openPage(viewport: ViewportName): Promise<WatchedPage & { sent: string[] }> {
    const watched = await openWatchedPage(browser, viewport);
    const sent: string[] = [];
    watched.page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/credentials/verify')
        sent.push(request.headers()['content-type'] ?? '');
    });
    await watched.page.goto(`${live.baseUrl}/verify`);
    await expect.poll(() => watched.page.locator('h1').textContent()).toBe('Verify a certificate');
    return { ...watched, sent };
  }

  async function choose(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
    await page.setInputFiles('#file', { name, mimeType, buffer });
    await expect
      .poll(() => page.locator('#file-note').textContent())
      .toBe(
        `${name}: the certificate in this file will be verified (the one baked into it or attached to it, or else the one its QR code leads to).`,
      );
    await page.getByRole('button', { name: 'Verify' }).click();
  }

  const files: Array<[string, string, string, () => Buffer]> = [
    ['plain PNG', 'certificate.png', 'image/png', () => png],
    ['PDF', 'certificate.pdf', 'application/pdf', () => pdf],
  ];

  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    for (const [kind, name, mimeType, bytes] of files) {
      it(`the ${kind} is a valid certificate issued by SayPro (${viewport})`, async () => {
        const { context, page, problems, sent } = await openPage(viewport);
        await choose(page, name, mimeType, bytes());
        await expect
          .poll(() => page.locator('#verdict').textContent(), { timeout: 20_000 })
          .toBe('Valid certificate');
        expect(await page.locator('#summary').textContent()).toBe('Issued by SayPro.');
        expect(await page.locator('#result').textContent()).toContain('Zoë Ngcobo-Müller');
        expect(sent).toEqual([mimeType]);
        await saveScreenshot(page, `verify-picture-${kind.replace(' ', '-').toLowerCase()}-${viewport}`);
        expect(problems).toEqual([]);
        await context.close();
      }, 60_000);
    }
  }

  it('a photo of the printed certificate (JPEG) verifies through its QR code', async () => {
    const { context, page, problems, sent } = await openPage('phone');
    const photo = Buffer.from(
      photoOfCertificate(png, { width: 1800, height: 1350, scale: 1.3, angle: 3, noise: 8 }),
    );
    await choose(page, 'IMG_2041.jpg', 'image/jpeg', photo);
    await expect
      .poll(() => page.locator('#verdict').textContent(), { timeout: 30_000 })
      .toBe('Valid certificate');
    expect(sent).toEqual(['image/jpeg']);
    await saveScreenshot(page, 'verify-picture-photo-phone');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('a QR code leading to another site says where it leads, and that it was not followed', async () => {
    const { context, page, problems, allowOnce } = await openPage('desktop');
    allowOnce(422, 'POST', '/credentials/verify');
    await choose(
      page,
      'elsewhere.png',
      'image/png',
      Buffer.from(await qrPng('https://saypro-certificates.example/c/SP-2026-000001')),
    );
    await expect
      .poll(() => page.locator('#verdict').textContent(), { timeout: 20_000 })
      .toBe('This QR code leads to another site');
    expect(await page.locator('#result').getAttribute('class')).toBe('caution');
    expect(await page.locator('#summary').textContent()).toBe(
      'This QR code leads to https://saypro-certificates.example/c/SP-2026-000001, not to this site; it was not followed',
    );
    await saveScreenshot(page, 'verify-picture-foreign-qr-desktop');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
