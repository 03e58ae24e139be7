/**
 * Two SayPro servers in one test (issue 20, "How it is shown"): a participant on server A
 * (127.0.0.1) connects their backpack on server B (127.0.0.2: another host name, so the
 * browser keeps the two sites' cookies apart) from /me/backpack-links. Chromium goes to B,
 * logs in there and clicks B's consent screen, and comes back to A's callback. They send a
 * certificate A issued them to B (B verifies it: A's issuer is on B's trust list, so it is
 * "valid" there), A's access token runs out and is refreshed (the refresh token rotates),
 * they import from B (it comes back to A, verified as A's own), then withdraw A's access on
 * B: the next send fails with the reason in words and the connection asks to be connected
 * again. At 1280x800 and 390x844; every page accessible, no sideways scroll, screenshots.
 */
import { request as httpRequest } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTokens } from '../../src/backpackLinks/linkDeps.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { fetchWithDeadline } from '../../src/jsonld/safeFetch.js';
import { listConnectedApps, revokeConnectedApp } from '../../src/ob3api/connectedApps.js';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { type LiveServer, startLiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import {
  expectAccessiblePage,
  expectNoHorizontalScroll,
  openWatchedPage,
  submitLogin,
  type ViewportName,
} from '../fixtures/watchedPage.js';

const available = hasChromium();
if (!available) console.log('backpackLinks.browser.test: skipped, /usr/bin/chromium is missing');

describe.skipIf(!available)('connecting a backpack on another SayPro server, in Chromium', () => {
  let a: LiveServer;
  let b: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    let aBase = '';
    // B verifies A's certificates, whose status lists are on A: B reaches A over loopback http.
    b = await startLiveServer({
      host: '127.0.0.2',
      env: { ISSUER_NAME: 'Backpack B' },
      fetchJson: async (url) => {
        if (!aBase || !url.startsWith(`${aBase}/`)) throw new Error(`no route to ${url}`);
        return (
          await fetchWithDeadline(new URL(url), { timeoutMs: 5000, maxBytes: 1 << 20, request: httpRequest })
        ).json;
      },
    });
    [a, browser] = await Promise.all([
      startLiveServer({ env: { ISSUER_NAME: 'Academy A', BACKPACK_TEST_HOSTS: new URL(b.baseUrl).host } }),
      launchBrowser(),
    ]);
    aBase = a.baseUrl;
    const at = new Date().toISOString();
    const admin = await createUser(b.testApp, 'admin');
    await b.testApp.deps.stores.trust.addIssuer({
      did: a.testApp.deps.identity.did,
      name: 'Academy A',
      createdAt: at,
      updatedAt: at,
      createdBy: admin.id,
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await a?.close();
    await b?.close();
  });

  it.each<ViewportName>(['desktop', 'phone'])(
    'connects, sends, refreshes, imports, and is told when access was withdrawn (%s)',
    async (viewport) => {
      const onA = await createUser(a.testApp, 'participant', { name: `Lindiwe Dlamini-Okonkwo ${viewport}` });
      const onB = await createUser(b.testApp, 'participant');
      const { record: certificate } = await issueCredential(a.testApp.deps.issue, openBadgeRequest(), {
        isPublic: false,
        holderUserId: onA.id,
      });
      const { context, page, problems } = await openWatchedPage(browser, viewport);
      await page.goto(`${a.baseUrl}/me/backpack-links`);
      await submitLogin(page, onA.email, TEST_PASSWORD);
      expect(await page.locator('h1').textContent()).toBe('Other backpacks');
      expect(await page.locator('p.empty').textContent()).toBe('You have not connected a backpack.');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `backpack-links-empty-${viewport}`);

      // Connect: to B, log in there, allow on B's consent screen, back to A.
      await page.getByLabel("The backpack's address").fill(b.baseUrl);
      await Promise.all([
        page.waitForURL((url) => url.host === new URL(b.baseUrl).host && url.pathname === '/login'),
        page.getByRole('button', { name: 'Connect', exact: true }).click(),
      ]);
      await submitLogin(page, onB.email, TEST_PASSWORD);
      expect(await page.locator('h1').textContent()).toBe('Allow Academy A to use your account?');
      await saveScreenshot(page, `backpack-links-consent-on-b-${viewport}`);
      await Promise.all([
        page.waitForURL((url) => url.href.startsWith(`${a.baseUrl}/me/backpack-links?saved=connected`)),
        page.getByRole('button', { name: 'Allow', exact: true }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toContain('Your backpack is connected.');
      expect(await page.getByRole('heading', { name: 'Backpack B Connected' }).count()).toBe(1);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `backpack-links-connected-${viewport}`);

      // Send A's certificate to B: B verifies it, and A's issuer is trusted there.
      await page.getByLabel('A certificate to send to Backpack B').selectOption(certificate.id);
      await Promise.all([
        page.waitForURL((url) => url.searchParams.has('push')),
        page.getByRole('button', { name: 'Send to Backpack B', exact: true }).click(),
      ]);
      const onBList = await b.testApp.deps.stores.backpack.list(onB.id, { limit: 10, offset: 0 });
      expect(onBList.total).toBe(1);
      expect(onBList.records[0]!.credentialId).toBe(certificate.credential!.id);
      expect(onBList.records[0]!.source).toBe('ob3-api');
      expect(onBList.records[0]!.standing).toMatchObject({ verified: true, kind: 'valid' });
      expect(await page.getByRole('status').textContent()).toBe(
        'Web Development 101 was sent to Backpack B.',
      );
      expect(await page.locator('table tbody tr').first().textContent()).toContain('Sent');

      // Two hours on, A's access token has expired: the import refreshes it first (rotated).
      const links = a.testApp.deps.backpackLinks;
      const [before] = await links.stores.backpackLinks.listConnections(onA.id);
      a.testApp.clock.now = new Date(a.testApp.clock.now.getTime() + 2 * 3_600_000);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Import from Backpack B', exact: true }).click(),
      ]);
      expect(await page.getByRole('status').first().textContent()).toContain(
        'Imported from Backpack B: 1 credential added, 0 replaced, 0 refused.',
      );
      // Back to the real time: B would see A's certificates as not yet valid.
      a.testApp.clock.now = new Date();
      const [after] = await links.stores.backpackLinks.listConnections(onA.id);
      expect(openTokens(links, after!)!.refresh).not.toBe(openTokens(links, before!)!.refresh);
      expect(openTokens(links, after!)!.access).not.toBe(openTokens(links, before!)!.access);
      // Back on A, it verifies as A's own.
      const onAList = await a.testApp.deps.stores.backpack.list(onA.id, { limit: 10, offset: 0 });
      expect(onAList.records.map((r) => [r.credentialId, r.source, r.standing.kind])).toEqual([
        [certificate.credential!.id, 'import', 'valid'],
      ]);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `backpack-links-imported-${viewport}`);

      // The person withdraws A's access on B: the next send says so, and asks to connect again.
      const [grant] = await listConnectedApps(b.testApp.deps.ob3, onB.id);
      await revokeConnectedApp(
        b.testApp.deps.ob3,
        { id: onB.id, label: onB.email, role: 'participant' },
        grant!.grantId,
      );
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Send to Backpack B', exact: true }).click(),
      ]);
      expect(await page.getByRole('alert').textContent()).toBe(
        'Web Development 101 was not sent to Backpack B: Backpack B no longer accepts our access: connect it again.',
      );
      const failedRow = await page.locator('table tbody tr').first().textContent();
      expect(failedRow).toContain('Not sent');
      expect(failedRow).toContain('Backpack B no longer accepts our access: connect it again');
      expect(await page.getByRole('heading', { name: 'Backpack B Needs connecting again' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Connect Backpack B again' }).count()).toBe(1);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `backpack-links-reconnect-${viewport}`);

      await Promise.all([
        page.waitForURL((url) => url.search === '?saved=disconnected'),
        page.getByRole('button', { name: 'Disconnect Backpack B', exact: true }).click(),
      ]);
      expect(await page.locator('p.empty').textContent()).toBe('You have not connected a backpack.');
      expect(problems).toEqual([]);
      await context.close();
    },
    90_000,
  );
});
