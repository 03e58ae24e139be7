/**
 * The backpack in real Chromium over HTTP, at 1280x800 and on a 390x844 phone: a
 * participant with one SayPro certificate imports a baked badge PNG from another issuer
 * (on this site's trust list) through the file input, sees it with its standing in words,
 * finds it on /me under "From other issuers" beside their certificate, and downloads the
 * zip of everything, which is opened here and its entries checked. A forged badge is
 * refused on the page with the reason. The pages are accessible and never scroll sideways.
 */
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { bakePng, unbakePng } from '../../src/rendering/baking.js';
import { tinyPng } from '../fixtures/badgeImages.js';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { badgePayload, dataIntegrityIssuer } from '../fixtures/foreignIssuers.js';
import { type LiveServer, startLiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import {
  contextOptions,
  expectAccessiblePage,
  expectNoHorizontalScroll,
  submitLogin,
  type ViewportName,
  watch,
} from '../fixtures/watchedPage.js';

const available = hasChromium();
if (!available)
  console.log(
    'backpack.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

describe.skipIf(!available)('the backpack, in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let badge: Uint8Array;
  let credentialId: string;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    const t = live.testApp;
    const signer = await dataIntegrityIssuer(t);
    const { iss: _i, jti: _j, nbf: _n, ...credential } = badgePayload(signer, t.clock.now);
    const signed = await signer.sign(credential);
    credentialId = signed.id as string;
    badge = bakePng(tinyPng(), signed);
    const at = new Date().toISOString();
    const admin = await createUser(t, 'admin');
    await t.deps.stores.trust.addIssuer({
      did: signer.did,
      name: 'Foreign University',
      createdAt: at,
      updatedAt: at,
      createdBy: admin.id,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
    it(`${viewport}: imports a baked badge, shows its standing, and downloads everything as a zip`, async () => {
      const t = live.testApp;
      const holder = await createUser(t, 'participant', { name: 'Thandiwe Mokoena-Abernathy' });
      const { record: own } = await issueCredential(t.deps.issue, openBadgeRequest(), {
        isPublic: false,
        holderUserId: holder.id,
      });
      const context = await browser.newContext({ ...contextOptions(viewport), viewport: SIZES[viewport] });
      const { page, problems, allowOnce } = watch(context, await context.newPage());
      await page.goto(`${live.baseUrl}/me/backpack`);
      await submitLogin(page, holder.email, TEST_PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/me/backpack');
      expect(await page.locator('p.empty').textContent()).toContain('Nothing yet');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);

      // A forged copy is refused on the page, with the reason.
      const forged = bakePng(tinyPng(), { ...unbakePng(badge)!, name: 'Forged' });
      allowOnce(400, 'POST', '/me/backpack');
      await page.getByLabel('A badge or certificate file').setInputFiles({
        name: 'forged.png',
        mimeType: 'image/png',
        buffer: Buffer.from(forged),
      });
      await page.getByRole('button', { name: 'Verify and add' }).click();
      await expect.poll(() => page.locator('.notice.error').textContent()).toContain('does not verify');
      await saveScreenshot(page, `backpack-${viewport}-refused`);

      await page.getByLabel('A badge or certificate file').setInputFiles({
        name: 'badge.png',
        mimeType: 'image/png',
        buffer: Buffer.from(badge),
      });
      await page.getByRole('button', { name: 'Verify and add' }).click();
      await page.waitForURL(/\/me\/backpack\?saved=added$/);
      expect(await page.locator('.notice.success').textContent()).toContain('now in your backpack');
      const card = page.locator('li.backpack-entry');
      expect(await card.count()).toBe(1);
      expect(await card.locator('.tag').textContent()).toBe('Valid certificate');
      expect(await card.textContent()).toContain('Issued by Foreign University, on this site');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `backpack-${viewport}`);

      await page.goto(`${live.baseUrl}/me`);
      expect(await page.locator(`#certificate-${own.certificateNumber}`).count()).toBe(1);
      const section = page.locator('section[aria-labelledby="backpack-heading"]');
      expect(await section.locator('h2').textContent()).toBe('From other issuers');
      expect(await section.locator('li.backpack-entry .tag').textContent()).toBe('Valid certificate');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `backpack-${viewport}-me`);

      await page.getByRole('link', { name: 'Your backpack' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download everything (zip)' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^saypro-credentials-\d{4}-\d{2}-\d{2}\.zip$/);
      const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
      const names = Object.keys(files).sort();
      expect(names).toEqual([
        expect.stringMatching(/^backpack\/data-literacy-[\w-]{8}\.json$/),
        expect.stringMatching(/^backpack\/data-literacy-[\w-]{8}\.svg$/),
        `certificates/certificate-${own.certificateNumber}-baked.png`,
        `certificates/certificate-${own.certificateNumber}.json`,
        'manifest.json',
      ]);
      const text = (name: string) => new TextDecoder().decode(files[name]);
      expect(JSON.parse(text(names[0]!)).id).toBe(credentialId);
      expect(unbakePng(files[names[2]!]!)?.id).toBe(own.id);
      expect(JSON.parse(text('manifest.json')).backpack[0]).toMatchObject({
        name: 'Data Literacy',
        standingWhenStored: 'Valid certificate',
      });
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
