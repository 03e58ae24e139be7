/**
 * The employer's journey, in Debian's Chromium, from an empty database: a certificate is
 * issued through the pages only (the first admin from the setup link, a course, a batch,
 * the participant enrolled by CSV import, who chooses a password from the email, logs in
 * and agrees to their name; the same steps the participant journey checks page by page),
 * and the participant downloads its PDF from /me. The employer then has only that PDF:
 *
 * - the QR code printed on it, decoded from the pixels of the picture inside the PDF (jsQR,
 *   as src/verification/qrScan.ts uses), opens a page saying who the certificate is for,
 *   what for, who issued it, and that it is valid;
 * - /verify with the PDF uploaded says the same;
 * - /verify's number and surname lookup opens the same page;
 * - after staff revoke the certificate in the console (the batch page), the QR link and the
 *   PDF upload both say it is revoked, and never "valid".
 *
 * Every employer page (and the console page of the revocation) is checked at 1280x800 and
 * at 390x844: labels, one h1, no sideways scroll, axe-core WCAG 2.1 A/AA with no violation,
 * no script, CSP or request error; screenshots go to test-artifacts/screenshots/employer-*.
 * Nothing is read from the stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import {
  checkPage,
  closePerson,
  consoleSection,
  decodeQrInPdf,
  fetchInPage,
  go,
  heading,
  issueThroughThePages,
  noticeText,
  openPerson,
  type Person,
} from '../fixtures/journey.js';

const available = hasChromium();
if (!available)
  console.log(
    'employer.journey.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const E = 'employer';
const ORGANISATION = 'Umthombo Skills Academy';
const WHO = {
  admin: { name: 'Nomsa Dlamini', email: 'nomsa.admin@example.org' },
  participant: { name: 'Sipho Mahlangu', email: 'sipho.mahlangu@example.org' },
  course: {
    title: 'Bookkeeping Essentials',
    description: 'Double-entry bookkeeping for small businesses.',
    modules: 'ledger: The general ledger',
  },
  batch: { name: 'February 2027', criteria: 'The general ledger module completed' },
};

/** The verdict banner of a certificate page, once it is there. */
async function banner(page: Page): Promise<{ headline: string; kind: string; text: string }> {
  const section = page.locator('section.banner');
  return {
    headline: ((await section.locator('.headline').textContent()) ?? '').trim(),
    kind: (await section.getAttribute('class')) ?? '',
    text: (await section.innerText()).replace(/\s+/g, ' '),
  };
}

/** What the certificate page says about who, what and by whom. */
async function certificateFacts(
  page: Page,
): Promise<{ recipient: string; achievement: string; issuer: string; number: string }> {
  const dd = (term: string) =>
    page
      .locator('article.certificate dl.facts dt', { hasText: term })
      .locator('xpath=following-sibling::dd[1]');
  return {
    recipient: ((await page.locator('.recipient').textContent()) ?? '').trim(),
    achievement: await heading(page),
    issuer: ((await dd('Issuer').innerText()).split('\n')[0] ?? '').trim(),
    number: ((await dd('Certificate number').textContent()) ?? '').trim(),
  };
}

/** The /verify page's verdict once the check has run. */
async function verifyVerdict(page: Page): Promise<{ verdict: string; kind: string; facts: string }> {
  await expect.poll(() => page.locator('#verdict').textContent(), { timeout: 20_000 }).not.toBe('');
  return {
    verdict: ((await page.locator('#verdict').textContent()) ?? '').trim(),
    kind: (await page.locator('#result').getAttribute('class')) ?? '',
    facts: (await page.locator('#facts').innerText()).replace(/\s+/g, ' '),
  };
}

/** Uploads the PDF on /verify and presses Verify. */
async function uploadPdf(page: Page, pdf: Uint8Array): Promise<void> {
  await page
    .getByLabel(/^Or choose the certificate file/)
    .setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
}

describe.skipIf(!available)("the employer's journey from an empty database, in Chromium", () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([
      startLiveServer({ env: { ISSUER_NAME: ORGANISATION } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it("an employer reads a certificate from its PDF's QR code, its upload and its number; then sees it revoked", async () => {
    // The setup pages are checked page by page in participant.journey.browser.test.ts.
    const { admin, participant } = await issueThroughThePages(live, browser, WHO, E, { checks: false });
    const p = participant.desktop.page;
    const card = p.locator('li.certificate-card').first();
    const number = (
      (await card
        .locator('dl.facts dt', { hasText: 'Certificate number' })
        .locator('xpath=following-sibling::dd[1]')
        .textContent()) ?? ''
    ).trim();
    expect(number).toMatch(/^SP-\d{4}-\d{6}$/);
    const pdfHref = await card.getByRole('link', { name: 'PDF', exact: true }).getAttribute('href');
    const pdf = await fetchInPage(p, pdfHref!);
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    const shownLink = await card.getByRole('link', { name: 'Verification link' }).getAttribute('href');

    // The employer has only the PDF: its QR code, read from the picture's pixels.
    const qrLink = await decodeQrInPdf(pdf.bytes);
    expect(qrLink, 'the QR code on the PDF').toBe(shownLink);
    expect(new URL(qrLink!).origin).toBe(live.baseUrl);

    const employer = await openPerson(browser, 'employer');
    const e = employer.desktop.page;
    await e.goto(qrLink!);
    expect(await banner(e)).toMatchObject({ headline: 'Valid certificate', kind: 'banner valid' });
    expect((await banner(e)).text).toContain(ORGANISATION);
    expect(await certificateFacts(e)).toEqual({
      recipient: WHO.participant.name,
      achievement: WHO.course.title,
      issuer: ORGANISATION,
      number,
    });
    await expect
      .poll(
        () =>
          e
            .locator('.certificate-image img')
            .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(1000);
    await checkPage(employer, E, 'qr-link-valid');

    // /verify with the PDF uploaded.
    await e.goto(`${live.baseUrl}/verify`);
    expect(await heading(e)).toBe('Verify a certificate');
    await checkPage(employer, E, 'verify');
    await uploadPdf(e, pdf.bytes);
    const uploaded = await verifyVerdict(e);
    expect(uploaded.verdict).toBe('Valid certificate');
    expect(uploaded.kind).toBe('valid');
    for (const fact of [WHO.participant.name, WHO.course.title, ORGANISATION, number])
      expect(uploaded.facts).toContain(fact);
    await checkPage(employer, E, 'verify-pdf-valid', {
      ready: async (phone) => {
        await uploadPdf(phone, pdf.bytes);
        await verifyVerdict(phone);
      },
    });

    // The number and surname, as printed.
    await e.goto(`${live.baseUrl}/verify`);
    await e.getByLabel('Certificate number', { exact: true }).fill(number);
    await e.getByLabel("Holder's surname", { exact: true }).fill('Mahlangu');
    await Promise.all([
      e.waitForURL((url) => url.pathname.startsWith('/v/'), { timeout: 15_000 }),
      e.getByRole('button', { name: 'Look up', exact: true }).click(),
    ]);
    expect(e.url()).toBe(qrLink);
    expect((await banner(e)).headline).toBe('Valid certificate');
    expect((await certificateFacts(e)).recipient).toBe(WHO.participant.name);

    // Staff revoke it in the console, on the batch page.
    const a = admin.desktop.page;
    await consoleSection(a, 'Programmes');
    await go(a, () => a.getByRole('link', { name: WHO.batch.name }).click());
    const row = a.getByRole('row').filter({ hasText: WHO.participant.name });
    expect(await row.textContent()).toContain('Issued');
    await row.getByLabel('Reason to revoke').fill('Issued in error: the ledger assessment was not marked');
    await go(a, () => row.getByRole('button', { name: 'Revoke' }).click());
    expect(await noticeText(a)).toBe('The certificate was revoked.');
    admin.checks = true;
    await checkPage(admin, E, 'console-revoked');

    // The QR link now says revoked, never valid.
    await e.goto(qrLink!);
    const revoked = await banner(e);
    expect(revoked.headline).toBe('Revoked');
    expect(revoked.kind).toBe('banner revoked');
    expect(revoked.text).not.toMatch(/\bvalid certificate\b/i);
    expect((await certificateFacts(e)).recipient).toBe(WHO.participant.name);
    await checkPage(employer, E, 'qr-link-revoked');

    // So does the PDF upload: the file still carries the credential, its status says revoked.
    employer.desktop.allowOnce(400, 'POST', '/credentials/verify');
    await e.goto(`${live.baseUrl}/verify`);
    await uploadPdf(e, pdf.bytes);
    const afterRevoke = await verifyVerdict(e);
    expect(afterRevoke.verdict).toBe('Revoked');
    expect(afterRevoke.kind).toBe('revoked');
    expect(await e.locator('#checks li.bad').allTextContents()).toEqual([
      expect.stringMatching(/^Revocation: The issuer has revoked this credential/),
    ]);
    employer.phone?.allowOnce(400, 'POST', '/credentials/verify');
    await checkPage(employer, E, 'verify-pdf-revoked', {
      ready: async (phone) => {
        await uploadPdf(phone, pdf.bytes);
        await verifyVerdict(phone);
      },
    });

    for (const person of [admin, participant, employer] as Person[]) await closePerson(person);
  }, 180_000);
});
