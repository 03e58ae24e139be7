/**
 * The template editor in real Chromium against the app over HTTP: the live preview script
 * runs under the strict CSP (no console errors), redraws the picture as the form changes
 * (portrait becomes a tall picture), reports a bad placeholder in its caption, and the
 * multipart form with a logo upload saves version 1; on a 390x844 phone the editor never
 * scrolls sideways and every control is labelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { signIn } from '../fixtures/sessions.js';
import {
  expectAccessiblePage,
  expectNoHorizontalScroll,
  openWatchedPage,
  type ViewportName,
  type WatchedPage,
} from '../fixtures/watchedPage.js';
import { pngBytes } from '../http/pages/consoleTemplateFixtures.js';

const available = hasChromium();
if (!available)
  console.log(
    'templates.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

/** The preview picture's natural size once it shows a data: URL drawn by the live preview. */
async function livePreviewSize(page: Page): Promise<{ width: number; height: number }> {
  await page.waitForFunction(() => {
    const img = document.getElementById('template-preview') as HTMLImageElement | null;
    return !!img && img.src.startsWith('data:image/png') && img.complete && img.naturalWidth > 0;
  });
  return page.evaluate(() => {
    const img = document.getElementById('template-preview') as HTMLImageElement;
    return { width: img.naturalWidth, height: img.naturalHeight };
  });
}

describe.skipIf(!available)('the template editor in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  async function staffPage(viewport: ViewportName): Promise<WatchedPage> {
    const watched = await openWatchedPage(browser, viewport);
    const { cookie } = await signIn(live.testApp, 'staff');
    await watched.context.addCookies(
      cookie.split('; ').map((pair) => {
        const [name, value] = pair.split('=');
        return { name: name!, value: value!, url: live.baseUrl };
      }),
    );
    return watched;
  }

  it('previews changes live, reports a bad placeholder, and saves the form with a logo', async () => {
    const { page, problems, allowOnce } = await staffPage('desktop');
    await page.goto(`${live.baseUrl}/admin/templates/new`);
    await expectAccessiblePage(page);

    await page.getByLabel('Template name').fill('Browser template');
    await page.getByLabel('Orientation').selectOption('portrait');
    const tall = await livePreviewSize(page);
    expect(tall.height).toBeGreaterThan(tall.width);
    expect(await page.locator('#template-preview-status').textContent()).toMatch(/unsaved changes/);

    allowOnce(400, 'GET', '/admin/templates/preview.png');
    await page.getByLabel('Body').fill('Well done {{studentName}}');
    await page.waitForFunction(() =>
      /could not be drawn/.test(document.getElementById('template-preview-status')?.textContent ?? ''),
    );
    expect(await page.locator('#template-preview-status').textContent()).toMatch(
      /Body \(body\): unknown placeholder \{\{studentName\}\}/,
    );

    await page.getByLabel('Body').fill('Well done {{participantName}}, {{courseName}}.');
    await page.getByLabel('Signature 1: name').fill('Thandi Nkosi');
    await page.getByLabel('Signature 1: title').fill('Dean of Studies');
    await page
      .getByLabel('Logo')
      .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from(pngBytes(32, 32)) });
    await saveScreenshot(page, 'templates-desktop-new');
    await Promise.all([
      page.waitForURL(/\/admin\/templates\/[\w-]+\?done=template_created$/),
      page.getByRole('button', { name: 'Create template' }).click(),
    ]);

    const id = new URL(page.url()).pathname.split('/').pop()!;
    const [v1] = await live.testApp.deps.stores.templates.listVersions(id);
    expect(v1).toMatchObject({
      version: 1,
      design: { orientation: 'portrait', body: 'Well done {{participantName}}, {{courseName}}.' },
    });
    expect(v1!.design.logoDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(v1!.design.signatures[0]).toMatchObject({ title: 'Dean of Studies' });
    await page.waitForFunction(
      () => (document.getElementById('template-preview') as HTMLImageElement | null)?.complete === true,
    );
    expect(
      await page.evaluate(
        () => (document.getElementById('template-preview') as HTMLImageElement).naturalWidth,
      ),
    ).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('fits a phone: no sideways scroll, every control labelled', async () => {
    const { page, problems } = await staffPage('phone');
    await page.goto(`${live.baseUrl}/admin/templates/new`);
    await page.getByLabel('Template name').fill('Phone template');
    await Promise.all([
      page.waitForURL(/done=template_created/),
      page.getByRole('button', { name: 'Create template' }).click(),
    ]);
    await expectNoHorizontalScroll(page);
    await expectAccessiblePage(page);
    await page.getByLabel('Title', { exact: true }).fill('Certificate of Achievement');
    await livePreviewSize(page);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, 'templates-phone-edit');
    expect(problems).toEqual([]);
  });
});
