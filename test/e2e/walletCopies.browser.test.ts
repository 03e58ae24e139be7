/**
 * /me with wallet copies, in real Chromium against the app over HTTP, on desktop and on a
 * 390x844 phone: copies are listed under their original ("In your wallet: <wallet>,
 * <date>") rather than as certificates of their own with "Add to wallet"; once the
 * original is revoked, so are they; the page never scrolls sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import {
  expectAccessiblePage,
  expectNoHorizontalScroll,
  openWatchedPage,
  submitLogin,
  type ViewportName,
} from '../fixtures/watchedPage.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import type { CredentialRecord, ExchangeKind, UserRecord } from '../../src/storage/ports.js';

const available = hasChromium();
if (!available)
  console.log(
    'walletCopies.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

describe.skipIf(!available)('wallet copies on /me, in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let holder: UserRecord;
  let original: CredentialRecord;

  /** A copy of `from` as a hand-off of `kind` records it (the flows themselves are tested in test/exchanges/). */
  async function walletCopy(from: CredentialRecord, kind: ExchangeKind): Promise<CredentialRecord> {
    const { record } = await issueCredential(live.testApp.deps.issue, openBadgeRequest(), {
      isPublic: false,
      holderUserId: holder.id,
    });
    const at = new Date().toISOString();
    const id = `browser-${record.id}`;
    await live.testApp.deps.stores.exchanges.create({
      id,
      kind,
      userId: holder.id,
      credentialId: from.id,
      createdAt: at,
      expiresAt: at,
      usedAt: at,
    });
    await live.testApp.deps.stores.exchanges.setIssued(id, kind, record.id);
    return record;
  }

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    holder = await createUser(live.testApp, 'participant', { name: 'Lerato Nkosi-Abernathy' });
    original = (
      await issueCredential(live.testApp.deps.issue, openBadgeRequest(), {
        isPublic: true,
        holderUserId: holder.id,
      })
    ).record;
    const first = await walletCopy(original, 'vcapi_exchange');
    // A copy of a copy, as stored before hand-offs always used the original.
    await walletCopy(first, 'oid4vci_token');
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** Logs in on a fresh page at `viewport` and checks the one card with its two copies. */
  async function openMe(viewport: ViewportName, badges: string[]) {
    const watched = await openWatchedPage(browser, viewport);
    const { page } = watched;
    await page.goto(`${live.baseUrl}/me`);
    await submitLogin(page, holder.email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await page.locator('li.card').count()).toBe(1);
    expect(await page.locator('li.card .badge').allTextContents()).toEqual(badges);
    await expectAccessiblePage(page);
    await expectNoHorizontalScroll(page);
    return watched;
  }

  describe('while the original is valid', () => {
    for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
      it(`${viewport}: copies sit under their original, without an "Add to wallet" of their own`, async () => {
        const { context, page, problems } = await openMe(viewport, ['Valid', 'Valid', 'Valid']);
        expect(await page.getByRole('link', { name: /Add to wallet/ }).count()).toBe(1);
        expect(await page.locator('ul.wallet-copies > li').allTextContents()).toEqual([
          expect.stringMatching(
            /^In your wallet: Learner Credential Wallet, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · certificate \S+ Valid$/,
          ),
          expect.stringMatching(
            /^In your wallet: OpenID4VCI wallet, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · certificate \S+ Valid$/,
          ),
        ]);
        await saveScreenshot(page, `wallet-copies-${viewport}-me`);
        expect(problems).toEqual([]);
        await context.close();
      });
    }
  });

  describe('once the original is revoked', () => {
    beforeAll(async () => {
      await changeCredentialStatus(live.testApp.deps.status, original.id, 'revoke');
    });
    for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
      it(`${viewport}: the original and both copies show revoked`, async () => {
        const { context, page, problems } = await openMe(viewport, ['Revoked', 'Revoked', 'Revoked']);
        await saveScreenshot(page, `wallet-copies-${viewport}-me-revoked`);
        expect(problems).toEqual([]);
        await context.close();
      });
    }
  });
});
