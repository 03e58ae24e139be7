/**
 * What a badge shows, in real Chromium at 1280x900 and 390x844: staff upload a course's
 * badge image (SVG on the desktop, PNG on the phone) and list its skills on the course
 * page; a participant then earns the certificate, and /me and the public certificate page
 * show the picture (loaded, not broken), the skills and the score. Every page passes axe,
 * has no sideways scroll and no page problem; screenshots go to test-artifacts/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import {
  expectAccessiblePage,
  expectNoHorizontalScroll,
  openWatchedPage,
  submitLogin,
  type ViewportName,
} from '../fixtures/watchedPage.js';
import { makeBatch, makeCourse, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import { approvedWorkOf, makeBadgeCourse, SAFE_SVG, solidPng } from '../fixtures/badges.js';
import { unbakePng } from '../../src/rendering/baking.js';
import type { UserRecord } from '../../src/storage/ports.js';

const available = hasChromium();
if (!available)
  console.log(
    'badgeDisplay.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

/** Whether every image in `scope` has loaded with a size (a broken image has naturalWidth 0). */
async function imageLoaded(page: Page, selector: string): Promise<boolean> {
  const image = page.locator(selector).first();
  await image.waitFor();
  return image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
}

async function checkPage(page: Page, name: string): Promise<void> {
  await expectAccessiblePage(page);
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, name);
}

describe.skipIf(!available)('badge image and skills in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let staff: UserRecord;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    staff = await createUser(live.testApp, 'staff', { name: 'Thandi Staff' });
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  for (const screen of ['desktop', 'phone'] as ViewportName[]) {
    it(`${screen}: staff set the badge and skills, and the participant's certificate shows them`, async () => {
      const t = live.testApp;
      const course = await makeCourse(t, { title: `Accessible Web Pages (${screen})` });
      const { batch } = await makeBatch(t, { course });

      const staffPage = await openWatchedPage(browser, screen);
      const { page } = staffPage;
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, staff.email, TEST_PASSWORD);
      await page.goto(`${live.baseUrl}/admin/programmes/courses/${encodeURIComponent(course.id)}`);
      const [file, type] =
        screen === 'desktop'
          ? [{ name: 'badge.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(SAFE_SVG) }, 'svg']
          : [
              {
                name: 'badge.png',
                mimeType: 'image/png',
                buffer: Buffer.from(solidPng(96, [0x0f, 0x76, 0x6e])),
              },
              'png',
            ];
      await page.getByLabel('Badge image', { exact: true }).setInputFiles(file);
      await page.getByLabel('Caption (read out in place of the picture)').fill('Accessible Web Pages badge');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Save the badge image' }).click(),
      ]);
      await expect
        .poll(() => page.locator('.notice').first().textContent())
        .toContain('The badge image was saved');
      expect(await imageLoaded(page, '.badge-preview img')).toBe(true);
      expect(await page.locator('.badge-preview img').getAttribute('src')).toMatch(new RegExp(`\\.${type}$`));

      await page.getByLabel('Framework', { exact: true }).fill('SayPro Digital Skills');
      await page.getByLabel('Kind of framework entries').selectOption('ceasn:Competency');
      await page
        .getByLabel('Skills, one a line: name | URL | code (the code is optional)')
        .fill(
          'Semantic HTML | https://skills.example.org/html | WEB-1\nColour contrast | https://skills.example.org/contrast',
        );
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Save the skills' }).click(),
      ]);
      await expect
        .poll(() => page.locator('.notice').first().textContent())
        .toContain('The skills were saved');
      await checkPage(page, `badge-course-${screen}`);
      expect(staffPage.problems).toEqual([]);
      await staffPage.context.close();

      // The participant earns the certificate.
      const participant = await makeParticipant(t, { name: 'Naledi Mokoena' });
      await recordAll(t, passingEvents(batch.id, participant.id));
      const enrolment = await t.deps.stores.enrolments.getEnrolment(batch.id, participant.id);
      expect(enrolment?.status).toBe('issued');

      const holderPage = await openWatchedPage(browser, screen);
      const holder = holderPage.page;
      await holder.goto(`${live.baseUrl}/login`);
      await submitLogin(holder, participant.email, TEST_PASSWORD);
      expect(new URL(holder.url()).pathname).toBe('/me');
      const card = holder.locator('.certificate-card').first();
      expect(await imageLoaded(holder, '.certificate-card .badge-image img')).toBe(true);
      expect(await card.locator('.badge-image img').getAttribute('alt')).toBe('Accessible Web Pages badge');
      expect(await card.getByRole('link', { name: 'Semantic HTML' }).count()).toBe(1);
      expect(await card.textContent()).toContain('85 out of 100');
      await checkPage(holder, `badge-me-${screen}`);

      await t.deps.stores.credentials.setPublic(enrolment!.credentialId!, true, new Date().toISOString());
      await holder.goto(`${live.baseUrl}/c/${encodeURIComponent(enrolment!.credentialId!)}`);
      expect(await imageLoaded(holder, '.certificate .badge-image img')).toBe(true);
      const article = holder.locator('article.certificate');
      expect(await article.getByRole('heading', { name: 'Skills' }).count()).toBe(1);
      expect(await article.textContent()).toContain('Colour contrast');
      expect(await article.textContent()).toContain('85 out of 100');
      await checkPage(holder, `badge-certificate-${screen}`);
      // The baked Open Badge is the course's PNG badge (phone); an SVG badge cannot make a
      // PNG, so the desktop one stays the certificate picture. Either carries the credential.
      const [download] = await Promise.all([
        holder.waitForEvent('download', { timeout: 30_000 }),
        holder.getByRole('link', { name: 'Open Badge (baked PNG)', exact: true }).click(),
      ]);
      const baked = PNG.sync.read(await readFile((await download.path())!));
      if (type === 'png') expect([baked.width, baked.height]).toEqual([96, 96]);
      else expect(baked.width).toBeGreaterThan(baked.height);
      const record = await t.deps.stores.credentials.get(enrolment!.credentialId!);
      expect(unbakePng(await readFile((await download.path())!))).toEqual(record!.credential);
      expect(holderPage.problems).toEqual([]);
      await holderPage.context.close();
    });

    it(`${screen}: a participant links their approved work from /me/programmes`, async () => {
      const t = live.testApp;
      const { batch } = await makeBatch(t, {
        course: await makeBadgeCourse(t),
        criteria: { contentApproval: true },
      });
      const participant = await makeParticipant(t, { name: 'Sipho Dlamini' });
      const work = await approvedWorkOf(t, batch.id, participant);
      const watched = await openWatchedPage(browser, screen);
      const { page } = watched;
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, participant.email, TEST_PASSWORD);
      await page.goto(`${live.baseUrl}/me/programmes`);
      await checkPage(page, `badge-evidence-before-${screen}`);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: /Link my approved work/ }).click(),
      ]);
      await expect
        .poll(() => page.locator('.notice').first().textContent())
        .toContain('your certificate was replaced');
      expect(await page.getByRole('button', { name: /Stop linking my work/ }).count()).toBe(1);
      await checkPage(page, `badge-evidence-after-${screen}`);
      await page.goto(`${live.baseUrl}/me`);
      const evidence = page.getByRole('link', { name: 'Approved work' });
      expect(await evidence.getAttribute('href')).toBe(`${live.baseUrl}/badges/evidence/${work.id}`);
      expect(watched.problems).toEqual([]);
      await watched.context.close();
    });
  }
});
