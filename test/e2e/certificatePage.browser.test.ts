/**
 * The public certificate page (/c/:id) in real Chromium against the app over HTTP: the
 * banner says the certificate is valid, its picture loads, the PDF, PNG and baked Open
 * Badge links each download a file of the right kind, and "Verify independently" lands on
 * /verify?id=... with the same verdict. Screenshotted on a desktop and a phone viewport
 * (test-artifacts/screenshots/); any script error, console error or 4xx/5xx fails a test.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { expectAccessiblePage, expectNoHorizontalScroll, openWatchedPage } from '../fixtures/watchedPage.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';

const available = hasChromium();
if (!available)
  console.log(
    'certificatePage.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const PDF_MAGIC = Buffer.from('%PDF-');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The links on the page that give a file, with what each must give. */
const DOWNLOADS = [
  {
    name: 'Download PDF',
    path: '/certificate.pdf',
    type: 'application/pdf',
    magic: PDF_MAGIC,
    suffix: '.pdf',
  },
  { name: 'Download PNG', path: '/certificate.png', type: 'image/png', magic: PNG_MAGIC, suffix: '.png' },
  {
    name: 'Open Badge (baked PNG)',
    path: '/certificate-baked.png',
    type: 'image/png',
    magic: PNG_MAGIC,
    suffix: '-baked.png',
  },
] as const;

describe.skipIf(!available)('/c/:id in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let credentialId: string;
  let pagePath: string;

  beforeAll(async () => {
    live = await startLiveServer();
    const { record } = await issueCredential(live.testApp.deps.issue, openBadgeRequest(), { isPublic: true });
    credentialId = record.id;
    pagePath = `/c/${encodeURIComponent(credentialId)}`;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  async function expectValidBanner(page: Page): Promise<void> {
    await expect
      .poll(() => page.locator('.banner .headline').textContent(), { timeout: 10_000 })
      .toBe('Valid certificate');
    expect(await page.locator('.banner').getAttribute('class')).toBe('banner valid');
  }

  async function expectPictureLoaded(page: Page): Promise<void> {
    const img = page.locator('.certificate-image img');
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 20_000 })
      .toBe(2246);
  }

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`${viewport}: says valid, shows the picture, and fits the screen`, async () => {
      const { context, page, problems } = await openWatchedPage(browser, viewport);
      await page.goto(`${live.baseUrl}${pagePath}`);
      await expectValidBanner(page);
      await expectPictureLoaded(page);
      expect(await page.locator('.recipient').textContent()).toBe('Zoë Ngcobo-Müller');
      await saveScreenshot(page, `certificate-${viewport}`);
      await expectNoHorizontalScroll(page);
      await expectAccessiblePage(page);
      expect(problems).toEqual([]);
      await context.close();
    }, 60_000);
  }

  it('each download link gives a file of its kind', async () => {
    const { context, page, problems } = await openWatchedPage(browser, 'desktop');
    await page.goto(`${live.baseUrl}${pagePath}`);
    await expectValidBanner(page);
    for (const link of DOWNLOADS) {
      const anchor = page.getByRole('link', { name: link.name, exact: true });
      const href = await anchor.getAttribute('href');
      expect(href, link.name).toBe(`${pagePath}${link.path}`);

      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        anchor.click(),
      ]);
      expect(await download.failure(), link.name).toBeNull();
      expect(download.suggestedFilename(), link.name).toMatch(
        new RegExp(`^certificate-.+${link.suffix.replace('.', '\\.')}$`),
      );
      const bytes = await readFile((await download.path())!);
      expect(
        bytes.subarray(0, link.magic.length).equals(link.magic),
        `${link.name} starts like a ${link.type}`,
      ).toBe(true);

      // The headers a download hides from the page.
      const res = await page.request.get(`${live.baseUrl}${href}`);
      expect(res.status(), link.name).toBe(200);
      expect(res.headers()['content-type'], link.name).toBe(link.type);
      expect((await res.body()).equals(bytes), `${link.name}: the same file both ways`).toBe(true);
    }
    // Downloading leaves the page where it was.
    expect(new URL(page.url()).pathname).toBe(pagePath);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('"Verify independently" opens /verify?id=... and it says valid too', async () => {
    const { context, page, problems } = await openWatchedPage(browser, 'desktop');
    await page.goto(`${live.baseUrl}${pagePath}`);
    await expectValidBanner(page);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/verify'),
      page.getByRole('link', { name: 'Verify independently', exact: true }).click(),
    ]);
    const url = new URL(page.url());
    expect(url.searchParams.get('id')).toBe(credentialId);
    await expect
      .poll(() => page.locator('#verdict').textContent(), { timeout: 15_000 })
      .toBe('Valid certificate');
    expect(await page.locator('#checks li.bad').allTextContents()).toEqual([]);
    expect(await page.locator('#result').getAttribute('class')).toBe('valid');
    await saveScreenshot(page, 'certificate-desktop-verify-independently');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
