/**
 * The verification link and the number lookup in real Chromium against the app over HTTP:
 * a private certificate's PNG (drawn by the server's renderer, as its holder downloads it)
 * is scanned with jsQR, the link opens the certificate page with holder and achievement;
 * on /verify the number and the holder's surname (lower case, accents left out) land on
 * the same page; a wrong surname and an unknown number show one neutral message. On a
 * desktop and a phone viewport, screenshotted (test-artifacts/screenshots/); any script
 * error, console error or unannounced 4xx/5xx fails a test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { expectNoHorizontalScroll, openWatchedPage, VIEWPORTS } from '../fixtures/watchedPage.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { decodePng, readQr } from '../rendering/renderFixtures.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { renderFactsOf } from '../../src/rendering/certificateMark.js';
import type { CredentialRecord } from '../../src/storage/ports.js';

const available = hasChromium();
if (!available)
  console.log(
    'verificationLink.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const HOLDER = 'Zoë Ngcobo-Müller';
const ACHIEVEMENT = 'Web Development 101';
const NO_MATCH =
  'No certificate matches this certificate number and surname. Check both as printed on the certificate.';

describe.skipIf(!available)('verification link and number lookup in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let record: CredentialRecord;
  let scanned: string;

  beforeAll(async () => {
    live = await startLiveServer();
    const { deps } = live.testApp;
    record = (await issueCredential(deps.issue, openBadgeRequest(), { isPublic: false })).record;
    // The picture its holder gets, read back by a QR scanner.
    const png = await deps.rendering.renderer.png(
      record.credential!,
      undefined,
      undefined,
      renderFactsOf(record, deps.now()),
    );
    scanned = readQr(decodePng(png)) ?? '';
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  async function expectCertificatePage(page: Page): Promise<void> {
    await expect.poll(() => page.locator('.recipient').textContent(), { timeout: 15_000 }).toBe(HOLDER);
    expect(new URL(page.url()).pathname).toBe(`/v/${record.verificationToken}`);
    expect(await page.locator('h1').textContent()).toBe(ACHIEVEMENT);
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
    await expect
      .poll(() => page.locator('.banner .headline').textContent(), { timeout: 15_000 })
      .toBeTruthy();
    const img = page.locator('.certificate-image img');
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 30_000 })
      .toBe(2246);
  }

  async function lookUp(page: Page, number: string, surname: string): Promise<void> {
    await page.getByLabel('Certificate number', { exact: true }).fill(number);
    await page.getByLabel("Holder's surname", { exact: true }).fill(surname);
    await page.getByRole('button', { name: 'Look up', exact: true }).click();
  }

  it('a certificate number opened as /verify?id=<number> asks for the surname, then finds the certificate', async () => {
    const { context, page, problems } = await openWatchedPage(browser, 'phone');
    await page.goto(`${live.baseUrl}/verify?id=${encodeURIComponent(record.certificateNumber)}`);
    const message = page.locator('#number-result');
    await expect.poll(() => message.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await message.textContent()).toBe(
      "That is a certificate number: enter the holder's surname to look the certificate up.",
    );
    expect(await page.getByLabel('Certificate number', { exact: true }).inputValue()).toBe(
      record.certificateNumber,
    );
    // Not taken for a credential id: no verdict on a certificate that may well exist.
    expect(await page.locator('#result').isHidden()).toBe(true);
    await saveScreenshot(page, 'verification-number-from-id-phone');
    await page.getByLabel("Holder's surname", { exact: true }).fill('Ngcobo-Müller');
    await page.getByRole('button', { name: 'Look up', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/v/'), { timeout: 15_000 });
    await expectCertificatePage(page);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('"Verify independently" on a private certificate\'s link checks it on /verify as well', async () => {
    const { context, page, problems } = await openWatchedPage(browser, 'desktop');
    await page.goto(scanned);
    await expectCertificatePage(page);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/verify'),
      page.getByRole('link', { name: 'Verify independently', exact: true }).click(),
    ]);
    expect(new URL(page.url()).search).toBe(`?v=${record.verificationToken}`);
    await expect
      .poll(() => page.locator('#verdict').textContent(), { timeout: 15_000 })
      .toBe('Valid certificate');
    expect(await page.locator('#facts').innerText()).toContain(HOLDER);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('the QR code on the private certificate is its verification link', () => {
    expect(scanned).toBe(`${live.baseUrl}/v/${record.verificationToken}`);
  });

  for (const viewport of Object.keys(VIEWPORTS) as Array<keyof typeof VIEWPORTS>) {
    it(`${viewport}: the scanned link shows holder and achievement`, async () => {
      const { context, page, problems } = await openWatchedPage(browser, viewport);
      await page.goto(scanned);
      await expectCertificatePage(page);
      await saveScreenshot(page, `verification-link-${viewport}`);
      await expectNoHorizontalScroll(page);
      expect(problems).toEqual([]);
      await context.close();
    }, 90_000);

    it(`${viewport}: number and surname on /verify land on the same page`, async () => {
      const { context, page, problems } = await openWatchedPage(browser, viewport);
      await page.goto(`${live.baseUrl}/verify`);
      await lookUp(page, record.certificateNumber, 'ngcobo-muller');
      await page.waitForURL((url) => url.pathname.startsWith('/v/'), { timeout: 15_000 });
      await expectCertificatePage(page);
      await saveScreenshot(page, `verification-number-lookup-${viewport}`);
      expect(problems).toEqual([]);
      await context.close();
    }, 90_000);

    it(`${viewport}: a wrong surname and an unknown number show the same neutral message`, async () => {
      const { context, page, problems, allowOnce } = await openWatchedPage(browser, viewport);
      await page.goto(`${live.baseUrl}/verify`);
      const message = page.locator('#number-result');

      allowOnce(404, 'GET', '/credentials/verify-number');
      await lookUp(page, record.certificateNumber, 'Smith');
      await expect.poll(() => message.isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await message.textContent()).toBe(NO_MATCH);
      await saveScreenshot(page, `verification-number-no-match-${viewport}`);
      await expectNoHorizontalScroll(page);

      allowOnce(404, 'GET', '/credentials/verify-number');
      await lookUp(page, record.certificateNumber.replace(/\d{6}$/, '999999'), 'Ngcobo-Müller');
      // The message is hidden while the lookup runs, then shown again with the same words.
      await expect.poll(() => message.isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await message.textContent()).toBe(NO_MATCH);
      expect(new URL(page.url()).pathname).toBe('/verify');
      expect(problems).toEqual([]);
      await context.close();
    }, 90_000);
  }
});
