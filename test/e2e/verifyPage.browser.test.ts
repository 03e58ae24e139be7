/**
 * The public /verify page in real Chromium against the app over HTTP: a certificate
 * uploaded as a file verifies with every check listed; a tampered copy pasted in fails on
 * its signature; a revoked one opened from its QR link (/verify?id=...) says so. Each
 * state is screenshotted to test-artifacts/screenshots/, on a desktop and a phone viewport.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { expectAccessiblePage } from '../fixtures/watchedPage.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createTestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { claimFlood } from '../fixtures/hostileCredentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';

const available = hasChromium();
if (!available)
  console.log(
    'verifyPage.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

/** The lines of a valid certificate's checks, in order (src/verification/verdict.ts words them). */
function validLines(did: string, validFrom: string): RegExp[] {
  const escaped = did.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    /^Signature: valid, the certificate has not been altered since it was signed\.$/,
    new RegExp(`^Issuer: SayPro \\(${escaped}\\)\\.$`),
    /^Revocation: not revoked or suspended \(checked just now against the issuer's status list\)\.$/,
    new RegExp(`^Dates: valid from ${validFrom}, with no expiry date\\.$`),
    /^Format: follows the schema it declares\.$/,
  ];
}

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
  async function openPage(
    viewport: keyof typeof VIEWPORTS,
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const phone = viewport === 'phone';
    const context = await browser.newContext({
      viewport: VIEWPORTS[viewport],
      isMobile: phone,
      hasTouch: phone,
      deviceScaleFactor: phone ? 2 : 1,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // Failed loads are judged below by their URL; the console line for one names none.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      // A failed verification answers 400 by design; the site has no favicon (yet), and
      // Chromium asks for one only now and then.
      const expected =
        (pathname === '/credentials/verify' && response.status() === 400) || pathname === '/favicon.ico';
      if (response.status() >= 400 && !expected)
        problems.push(`${response.status()} ${response.request().method()} ${pathname}`);
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
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll, 'the page must not scroll sideways').toBeLessThanOrEqual(widths.client);
  }

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`${viewport}: an uploaded certificate file is a valid certificate, every check listed`, async () => {
      const { context, page, problems } = await openPage(viewport);
      await page.goto(`${live.baseUrl}/verify`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Verify a certificate');
      await expectAccessiblePage(page);
      await saveScreenshot(page, `verify-${viewport}-empty`);
      await page.setInputFiles('#file', {
        name: 'certificate.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(credential, null, 2)),
      });
      await expect.poll(() => page.locator('#credential').inputValue()).toContain(credentialId);
      await page.getByRole('button', { name: 'Verify' }).click();

      const { ok, bad } = await verdict(page, 'Valid certificate');
      expect(bad).toEqual([]);
      const lines = validLines(
        live.testApp.deps.identity.did,
        new Intl.DateTimeFormat('en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        }).format(Date.parse(String(credential.validFrom))),
      );
      expect(ok).toHaveLength(lines.length);
      for (const [i, line] of ok.entries()) expect(line).toMatch(lines[i]!);
      expect(await page.locator('#summary').textContent()).toBe('Issued by SayPro.');
      // Whose certificate, for what: read from the credential, shown beside the verdict.
      const facts = await page.locator('#facts').innerText();
      expect(facts).toContain('Zoë Ngcobo-Müller');
      expect(facts).toContain('Web Development 101');
      expect(facts).toMatch(/Certificate number\s+SP-\d{4}-\d{6}/);
      expect(await page.locator('#result').getAttribute('class')).toBe('valid');
      await expectAccessiblePage(page);
      await saveScreenshot(page, `verify-${viewport}-valid`);
      await noHorizontalScroll(page);
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`${viewport}: a visitor verifies right on the home page, which also says how a participant gets their certificate`, async () => {
      const { context, page, problems } = await openPage(viewport);
      await page.goto(`${live.baseUrl}/`);
      expect(
        await page.getByRole('heading', { level: 2, name: 'Earned a certificate with us?' }).isVisible(),
      ).toBe(true);
      expect(await page.getByRole('link', { name: 'Log in' }).last().getAttribute('href')).toBe('/login');
      await page.locator('#credential').fill(JSON.stringify(credential));
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      const { bad } = await verdict(page, 'Valid certificate');
      expect(bad).toEqual([]);
      expect(new URL(page.url()).pathname).toBe('/');
      await expectAccessiblePage(page);
      await noHorizontalScroll(page);
      await saveScreenshot(page, `home-${viewport}-verified`);
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
      expect(bad).toEqual([
        'Signature: The signature does not match the credential: it was altered after signing or signed by another key',
      ]);
      // The issuer and the status are only trusted once the signature is: shown as not checked.
      const skipped = await page.locator('#checks li.skipped').allTextContents();
      expect(skipped).toEqual([
        expect.stringMatching(
          /^Issuer: it says 'SayPro' \(did:key:\w+\), but without a valid signature that cannot be confirmed\.$/,
        ),
        'Revocation: not checked: a status entry is only trusted once the signature over it is valid.',
      ]);
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
        if (
          response.status() >= 400 &&
          !(pathname === '/credentials/verify' && response.status() === 422) &&
          pathname !== '/favicon.ico'
        ) {
          problems.push(`${response.status()} ${pathname}`);
        }
      });
      await page.goto(`${live.baseUrl}/verify`);
      await page.setInputFiles('#file', {
        name: 'certificate.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(claimFlood(5_000))),
      });
      await expect.poll(() => page.locator('#credential').inputValue()).toContain('did:example:subject');
      await page.getByRole('button', { name: 'Verify' }).click();
      await verdict(page, 'Could not be checked');
      expect(await page.locator('#summary').textContent()).toMatch(/more than 1000 JSON objects/);
      expect(await page.locator('#result').getAttribute('class')).toBe('caution');
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
    expect(await page.locator('#summary').textContent()).toBe(
      'That is not valid JSON. Paste the whole certificate file.',
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it("checks the recipient's email when the employer gives it: the right one matches, another does not", async () => {
    const { record } = await issueCredential(live.testApp.deps.issue, openBadgeRequest(), {
      recipientEmail: 'zoe@example.org',
    });
    const { context, page, problems } = await openPage('phone');
    await page.goto(`${live.baseUrl}/verify`);
    await page.locator('#credential').fill(JSON.stringify(record.credential, null, 2));
    await page.getByLabel("Check the recipient's email (optional)").fill('Zoe@Example.org');
    await page.getByRole('button', { name: 'Verify' }).click();
    const { ok } = await verdict(page, 'Valid certificate');
    expect(ok).toContain(
      'Recipient: the email address you gave matches the one the certificate was issued to.',
    );
    await saveScreenshot(page, 'verify-phone-recipient-matches');

    await page.getByLabel("Check the recipient's email (optional)").fill('someone.else@example.org');
    await page.getByRole('button', { name: 'Verify' }).click();
    const { bad } = await verdict(page, 'Not confirmed for that email address');
    expect(await page.locator('#summary').textContent()).toBe(
      'The credential was not issued to this email address. The certificate itself passed every other check.',
    );
    expect(bad).toEqual(['Recipient: The credential was not issued to this email address']);
    await saveScreenshot(page, 'verify-phone-recipient-differs');
    await noHorizontalScroll(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a certificate from another site calling itself SayPro is amber, never "Issued by SayPro"', async () => {
    const impostor = await createTestApp({ env: { ISSUER_NAME: 'SayPro' } });
    try {
      const forged = openBadgeRequest({
        id: `urn:uuid:${crypto.randomUUID()}`,
        issuer: { id: impostor.deps.identity.did, type: ['Profile'], name: 'SayPro' },
      });
      forged.validFrom = `${new Date().toISOString().slice(0, 19)}Z`;
      const signed = await impostor.deps.issue.sign(forged, { date: new Date() });
      for (const viewport of ['desktop', 'phone'] as const) {
        const { context, page, problems } = await openPage(viewport);
        await page.goto(`${live.baseUrl}/verify`);
        await page.locator('#credential').fill(JSON.stringify(signed, null, 2));
        await page.getByRole('button', { name: 'Verify' }).click();
        const { bad } = await verdict(page, 'Signature valid, issuer not known');
        expect(await page.locator('#result').getAttribute('class')).toBe('caution');
        expect(await page.locator('#summary').textContent()).toBe(
          `The signature is valid, but the issuer ${impostor.deps.identity.did} is not one this site knows. It calls itself 'SayPro'.`,
        );
        expect(bad).toEqual([
          `Issuer: not one this site knows (${impostor.deps.identity.did}). It calls itself 'SayPro', which proves nothing.`,
        ]);
        expect(await page.locator('#checks li.skipped').allTextContents()).toEqual([
          expect.stringMatching(/^Revocation: not checked: this credential has no status entry/),
        ]);
        const facts = await page.locator('#facts').innerText();
        expect(facts).toContain("Unknown issuer calling itself 'SayPro'");
        expect(await page.locator('#result').innerText()).not.toContain('Issued by SayPro');
        await saveScreenshot(page, `verify-${viewport}-unknown-issuer`);
        await noHorizontalScroll(page);
        expect(problems).toEqual([]);
        await context.close();
      }
    } finally {
      await impostor.close();
    }
  });

  // Runs last: revocation is permanent.
  it('a revoked certificate opened from its QR link (/verify?id=...) is revoked or suspended', async () => {
    await changeCredentialStatus(live.testApp.deps.status, credentialId, 'revoke');
    for (const viewport of ['desktop', 'phone'] as const) {
      const { context, page, problems } = await openPage(viewport);
      await page.goto(`${live.baseUrl}/verify?id=${encodeURIComponent(credentialId)}`);

      const { bad } = await verdict(page, 'Revoked');
      expect(bad).toHaveLength(1);
      expect(bad[0]).toMatch(/^Revocation: The issuer has revoked this credential/);
      // Opened from a QR code, the verdict comes first and the JSON is folded away.
      expect(await page.locator('#json-details').getAttribute('open')).toBeNull();
      expect(await page.locator('#credential').inputValue()).toContain(credentialId);
      expect(await page.locator('#result').getAttribute('class')).toBe('revoked');
      await expectAccessiblePage(page);
      await saveScreenshot(page, `verify-${viewport}-revoked`);
      await noHorizontalScroll(page);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
