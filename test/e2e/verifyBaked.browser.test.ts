/**
 * The public /verify page in real Chromium with baked Open Badges images: a PNG and an
 * SVG carrying a freshly issued credential are uploaded as files, sent as they are to
 * POST /credentials/verify, and shown as a valid certificate; an image without a
 * credential gets the server's sentence. Screenshots go to test-artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { editorSvg, tinyPng } from '../fixtures/badgeImages.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { bakePng, bakeSvg } from '../../src/rendering/baking.js';

const available = hasChromium();
if (!available)
  console.log(
    'verifyBaked.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

describe.skipIf(!available)('/verify with baked badge images in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let credential: Record<string, unknown>;

  beforeAll(async () => {
    live = await startLiveServer();
    credential = structuredClone(
      (await issueCredential(live.testApp.deps.issue, openBadgeRequest())).record.credential,
    ) as Record<string, unknown>;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** A fresh page that records script errors, console errors and unexpected failed requests. */
  async function openPage(): Promise<{
    context: BrowserContext;
    page: Page;
    problems: string[];
    sent: string[];
  }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    const sent: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/credentials/verify')
        sent.push(request.headers()['content-type'] ?? '');
    });
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      const expected =
        (pathname === '/credentials/verify' && [400, 422].includes(response.status())) ||
        pathname === '/favicon.ico';
      if (response.status() >= 400 && !expected)
        problems.push(`${response.status()} ${response.request().method()} ${pathname}`);
    });
    await page.goto(`${live.baseUrl}/verify`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Verify a certificate');
    return { context, page, problems, sent };
  }

  const badges: Array<[string, string, string, () => Buffer]> = [
    ['PNG', 'badge.png', 'image/png', () => Buffer.from(bakePng(tinyPng(), credential))],
    ['SVG', 'badge.svg', 'image/svg+xml', () => Buffer.from(bakeSvg(editorSvg(), credential))],
  ];

  for (const [kind, name, mimeType, bytes] of badges) {
    it(`an uploaded baked ${kind} is a valid certificate`, async () => {
      const { context, page, problems, sent } = await openPage();
      await page.locator('#credential').fill('left over from before');
      await page.setInputFiles('#file', { name, mimeType, buffer: bytes() });
      await expect
        .poll(() => page.locator('#file-note').textContent())
        .toBe(
          `${name}: the certificate in this file will be verified (the one baked into it or attached to it, or else the one its QR code leads to).`,
        );
      expect(await page.locator('#credential').inputValue()).toBe('');
      await page.getByRole('button', { name: 'Verify' }).click();

      await expect
        .poll(() => page.locator('#verdict').textContent(), { timeout: 10_000 })
        .toBe('Valid certificate');
      expect(await page.locator('#checks li.bad').allTextContents()).toEqual([]);
      expect(await page.locator('#checks li.ok').allTextContents()).toEqual([
        expect.stringMatching(/^Signature: valid/),
        expect.stringMatching(/^Issuer: SayPro /),
        expect.stringMatching(/^Revocation: not revoked/),
        expect.stringMatching(/^Dates: valid from/),
        expect.stringMatching(/^Format: follows/),
      ]);
      expect(await page.locator('#summary').textContent()).toBe('Issued by SayPro.');
      expect(sent).toEqual([mimeType]);
      await saveScreenshot(page, `verify-baked-${kind.toLowerCase()}-valid`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("a PNG without a credential or a QR code says no certificate was found, with the server's sentence, never valid", async () => {
    const { context, page, problems } = await openPage();
    await page.setInputFiles('#file', {
      name: 'plain.png',
      mimeType: 'image/png',
      buffer: Buffer.from(tinyPng()),
    });
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect
      .poll(() => page.locator('#verdict').textContent(), { timeout: 10_000 })
      .toBe('No certificate found in this file');
    expect(await page.locator('#result').getAttribute('class')).toBe('caution');
    expect(await page.locator('#summary').textContent()).toMatch(
      /^This picture carries no certificate: no Open Badges credential is baked into it and no QR code could be read in it\./,
    );
    await saveScreenshot(page, 'verify-baked-png-without-credential');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('typing JSON after choosing an image verifies the JSON instead', async () => {
    const { context, page, problems, sent } = await openPage();
    await page.setInputFiles('#file', {
      name: 'plain.png',
      mimeType: 'image/png',
      buffer: Buffer.from(tinyPng()),
    });
    await page.locator('#credential').fill(JSON.stringify(credential));
    expect(await page.locator('#file-note').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect
      .poll(() => page.locator('#verdict').textContent(), { timeout: 10_000 })
      .toBe('Valid certificate');
    expect(sent).toEqual(['application/json']);
    expect(problems).toEqual([]);
    await context.close();
  });
});
