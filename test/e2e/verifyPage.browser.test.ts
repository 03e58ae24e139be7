/**
 * The public /verify page in real Chromium against the app over HTTP: a certificate
 * uploaded as a file verifies with every check listed; a tampered copy pasted in fails on
 * its signature; a revoked one opened from its QR link (/verify?id=...) says so. Each
 * state is screenshotted to test-artifacts/screenshots/, on a desktop and a phone viewport.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { claimFlood } from '../fixtures/hostileCredentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';

const available = hasChromium();
if (!available) console.log('verifyPage.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)');

/** The wording verify.js uses for each check when it passes. */
const CHECK_LABELS: Record<string, string> = {
  structure: 'Format: a well-formed verifiable credential',
  context: 'Vocabulary: only known vocabularies are used',
  issuer: "Issuer: the issuer's identity (DID) was found",
  proof: 'Signature: valid, the certificate has not been altered',
  validity: 'Dates: within its validity period',
  status: 'Revocation: not revoked or suspended',
  schema: 'Open Badges format: follows the Open Badges 3.0 schema',
};

const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

describe.skipIf(!available)('/verify in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let credential: Record<string, unknown>;
  let credentialId: string;

  beforeAll(async () => {
    live = await startLiveServer();
    const { record } = await issueCredential(live.testApp.deps.issue, openBadgeRequest(), { isPublic: true });
    credential = record.credential as Record<string, unknown>;
    credentialId = record.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** A fresh page that fails the test on any script error or console error (a CSP refusal, say). */
  async function openPage(viewport: keyof typeof VIEWPORTS): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const phone = viewport === 'phone';
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport], isMobile: phone, hasTouch: phone, deviceScaleFactor: phone ? 2 : 1 });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // Failed loads are judged below by their URL; the console line for one names none.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      // A failed verification answers 400 by design; the site has no favicon (yet), and
      // Chromium asks for one only now and then.
      const expected = (pathname === '/credentials/verify' && response.status() === 400) || pathname === '/favicon.ico';
      if (response.status() >= 400 && !expected) problems.push(`${response.status()} ${response.request().method()} ${pathname}`);
    });
    return { context, page, problems };
  }

  async function verdict(page: Page, expected: string): Promise<{ ok: string[]; bad: string[] }> {
    await expect.poll(() => page.locator('#verdict').textContent(), { timeout: 10_000 }).toBe(expected);
    return {
      ok: await page.locator('#checks li.ok').allTextContents(),
      bad: await page.locator('#checks li.bad').allTextContents(),
    };
  }

  async function noHorizontalScroll(page: Page): Promise<void> {
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll, 'the page must not scroll sideways').toBeLessThanOrEqual(widths.client);
  }

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`${viewport}: an uploaded certificate file is a valid certificate, every check listed`, async () => {
      const { context, page, problems } = await openPage(viewport);
      await page.goto(`${live.baseUrl}/verify`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Verify a certificate');
      await saveScreenshot(page, `verify-${viewport}-empty`);
      await page.setInputFiles('#file', { name: 'certificate.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(credential, null, 2)) });
      await expect.poll(() => page.locator('#credential').inputValue()).toContain(credentialId);
      await page.getByRole('button', { name: 'Verify' }).click();

      const { ok, bad } = await verdict(page, 'Valid certificate');
      expect(bad).toEqual([]);
      expect(ok).toEqual(Object.values(CHECK_LABELS));
      expect(await page.locator('#summary').textContent()).toBe('Every check passed.');
      expect(await page.locator('#result').getAttribute('class')).toBe('valid');
      await saveScreenshot(page, `verify-${viewport}-valid`);
      await noHorizontalScroll(page);
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`${viewport}: a pasted, tampered copy is not valid, for its signature`, async () => {
      const { context, page, problems } = await openPage(viewport);
      await page.goto(`${live.baseUrl}/verify`);
      const tampered = structuredClone(credential) as { credentialSubject: Record<string, unknown> };
      tampered.credentialSubject.name = 'Someone Else';
      await page.locator('#credential').fill(JSON.stringify(tampered, null, 2));
      await page.getByRole('button', { name: 'Verify' }).click();

      const { bad } = await verdict(page, 'Not valid');
      expect(bad).toEqual(['Signature: not valid. The signature does not match the credential: it was altered after signing or signed by another key']);
      // The status is only trusted once the signature is: it is shown as not checked.
      expect(await page.locator('#checks li.skipped').allTextContents()).toEqual(['Revocation: not checked']);
      expect(await page.locator('#summary').textContent()).toMatch(/signature does not match/);
      expect(await page.locator('#result').getAttribute('class')).toBe('invalid');
      await saveScreenshot(page, `verify-${viewport}-tampered`);
      await noHorizontalScroll(page);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`${viewport}: a file too costly to check says it could not be checked, and why, never valid`, async () => {
      const { context, page, problems } = await openPage(viewport);
      page.removeAllListeners('response');
      page.on('response', (response) => {
        const { pathname } = new URL(response.url());
        if (response.status() >= 400 && !(pathname === '/credentials/verify' && response.status() === 422) && pathname !== '/favicon.ico') {
          problems.push(`${response.status()} ${pathname}`);
        }
      });
      await page.goto(`${live.baseUrl}/verify`);
      await page.setInputFiles('#file', { name: 'certificate.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(claimFlood(5_000))) });
      await expect.poll(() => page.locator('#credential').inputValue()).toContain('did:example:subject');
      await page.getByRole('button', { name: 'Verify' }).click();
      await verdict(page, 'Could not be checked');
      expect(await page.locator('#summary').textContent()).toMatch(/more than 1000 JSON objects/);
      expect(await page.locator('#result').getAttribute('class')).toBe('invalid');
      await saveScreenshot(page, `verify-${viewport}-too-complex`);
      await noHorizontalScroll(page);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('pasted text that is not JSON gets a sentence, not a stack trace', async () => {
    const { context, page, problems } = await openPage('desktop');
    await page.goto(`${live.baseUrl}/verify`);
    await page.locator('#credential').fill('{"@context": [');
    await page.getByRole('button', { name: 'Verify' }).click();
    await verdict(page, 'Not valid');
    expect(await page.locator('#summary').textContent()).toBe('That is not valid JSON. Paste the whole certificate file.');
    expect(problems).toEqual([]);
    await context.close();
  });

  // Runs last: revocation is permanent.
  it('a revoked certificate opened from its QR link (/verify?id=...) is revoked or suspended', async () => {
    await changeCredentialStatus(live.testApp.deps.status, credentialId, 'revoke');
    for (const viewport of ['desktop', 'phone'] as const) {
      const { context, page, problems } = await openPage(viewport);
      await page.goto(`${live.baseUrl}/verify?id=${encodeURIComponent(credentialId)}`);

      const { bad } = await verdict(page, 'Revoked or suspended');
      expect(bad).toHaveLength(1);
      expect(bad[0]).toMatch(/^Revocation: not valid\. The issuer has revoked this credential/);
      // Opened from a QR code, the verdict comes first and the JSON is folded away.
      expect(await page.locator('#json-details').getAttribute('open')).toBeNull();
      expect(await page.locator('#credential').inputValue()).toContain(credentialId);
      expect(await page.locator('#result').getAttribute('class')).toBe('revoked');
      await saveScreenshot(page, `verify-${viewport}-revoked`);
      await noHorizontalScroll(page);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
