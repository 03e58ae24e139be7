/**
 * The trust list in real Chromium against the app over HTTP, on a desktop and on a phone:
 * an admin logs in, opens "Trust list" from the console navigation, adds a trusted issuer
 * through the form and sees it listed; an accredited partner logs in and registers their
 * issuer DID on /partner, proving control of it with a presentation signed over the
 * challenge and domain the page shows (a real holder key, test/fixtures/holder.ts), and is
 * told it counts as an accredited partner's. Every page is
 * labelled, never scrolls sideways, and shows no script, CSP or request errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
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
import { accreditedPartner, didAuth } from '../trust/trustFixtures.js';
import { createHolder } from '../fixtures/holder.js';

const available = hasChromium();
if (!available)
  console.log(
    'trustList.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

describe.skipIf(!available)('the trust list in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it.each<ViewportName>(['desktop', 'phone'])(
    'an admin adds a trusted issuer and sees it listed (%s)',
    async (viewport) => {
      const admin = await createUser(live.testApp, 'admin');
      const did = `did:web:${viewport}.stellenbosch-skills.example.org`;
      const { context, page, problems } = await openWatchedPage(browser, viewport);
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, admin.email, TEST_PASSWORD);
      await Promise.all([
        page.waitForEvent('load'),
        page
          .getByRole('navigation', { name: 'Console sections' })
          .getByRole('link', { name: 'Trust list' })
          .click(),
      ]);
      expect(await page.locator('h1').textContent()).toBe('Trust list');
      await expectAccessiblePage(page);

      await page.getByLabel('DID', { exact: true }).fill(did);
      await page
        .getByLabel('Name (shown to people verifying its credentials)')
        .fill('Stellenbosch Skills Centre');
      await page.getByLabel('Website (https, optional)').fill('https://stellenbosch-skills.example.org');
      await page
        .getByLabel('Why it is trusted (optional)')
        .fill('Accredited by the sector authority; MoU signed 2026.');
      await page.getByLabel('Valid until, inclusive (optional)').fill('2028-12-31');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Add to the trust list' }).click(),
      ]);

      expect(new URL(page.url()).pathname).toBe('/admin/trust');
      expect(await page.getByRole('status').textContent()).toBe('The issuer was added to the trust list.');
      const row = page.getByRole('row').filter({ hasText: did });
      expect(await row.getByRole('cell').first().textContent()).toBe('Stellenbosch Skills Centre');
      expect(await row.textContent()).toContain('until 2028-12-31');
      expect(
        await row.getByRole('link', { name: 'Stellenbosch Skills Centre', exact: true }).getAttribute('href'),
      ).toBe('https://stellenbosch-skills.example.org');
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `trust-${viewport}-admin-issuer-listed`);
      expect((await live.testApp.deps.stores.trust.getIssuer(did))?.validUntil).toBe(
        '2028-12-31T23:59:59.999Z',
      );
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it.each<ViewportName>(['desktop', 'phone'])(
    'an accredited partner registers their issuer DID (%s)',
    async (viewport) => {
      const { organisation, member, application } = await accreditedPartner(
        live.testApp,
        `Overberg Academy ${viewport}`,
      );
      const holder = await createHolder();
      const did = holder.did;
      const { context, page, problems } = await openWatchedPage(browser, viewport);
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, member.user.email, TEST_PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/partner');
      await expectAccessiblePage(page);
      expect(await page.getByRole('region', { name: 'Issuer DID' }).textContent()).toContain(
        'No issuer DID registered.',
      );
      expect(await page.locator('#did-domain').textContent()).toBe(new URL(live.baseUrl).host);
      await expectNoHorizontalScroll(page);

      // The partner signs over the page's challenge with the DID's key, elsewhere, and pastes the result.
      const challenge = (await page.locator('#did-challenge').textContent())!;
      await page.getByLabel('Your issuer DID').fill(did);
      await page
        .getByLabel('The signed presentation (JSON)')
        .fill(await didAuth(live.testApp, holder, challenge));
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Register the DID' }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toBe('The issuer DID was registered.');
      const section = page.getByRole('region', { name: 'Issuer DID' });
      expect(await section.textContent()).toContain(`Registered: ${did}`);
      expect(await section.textContent()).toContain(
        `show as issued by an accredited SayPro partner until ${application.validUntil!.slice(0, 10)}`,
      );
      expect(await page.getByLabel('Your issuer DID').inputValue()).toBe(did);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `trust-${viewport}-partner-did-registered`);
      expect((await live.testApp.deps.stores.trust.getPartnerIssuer(organisation.id))?.did).toBe(did);
      expect(problems).toEqual([]);
      await context.close();
    },
  );
});
