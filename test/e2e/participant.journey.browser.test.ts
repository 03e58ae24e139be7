/**
 * The participant's journey from an empty database, in Debian's Chromium, through the
 * pages and the emails only (no store call sets anything up or checks anything): the first
 * admin is made from the one-time setup link the server prints; they invite a reviewer by
 * email (who accepts in their own browser), create a course with a module and that reviewer,
 * and a batch whose certificate needs a reviewer's approval; they enrol a participant by
 * CSV import on the batch page. The participant chooses a password from the emailed link,
 * logs in, submits work; the reviewer approves it; the participant agrees to their name and
 * finds the certificate on /me, downloads its PDF and PNG, adds it to a wallet (the QR
 * code on the wallet page decodes to the offer link shown), checks the LinkedIn link's
 * fields and asks for a name correction, which the admin approves: /me then shows the old
 * certificate as replaced by the new one, which carries the corrected name.
 *
 * Every page is checked at 1280x800 and again at 390x844 (the same address in a phone
 * browser with the same cookies): labels, one h1, no sideways scroll, axe-core WCAG 2.1
 * A/AA with no violation, no script, CSP or request error; screenshots of each step at
 * both sizes go to test-artifacts/screenshots/participant-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { hasChromium, launchBrowser } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { submitLogin } from '../fixtures/watchedPage.js';
import { createSetupLinkIfNeeded } from '../../src/accounts/invitations.js';
import {
  PASSWORDS,
  checkPage,
  closePerson,
  consoleSection,
  createBatch,
  createCourse,
  decodeQrInDataUri,
  deliverQueuedEmails,
  emailLink,
  fetchInPage,
  giveConsent,
  go,
  heading,
  importCsv,
  lastEmail,
  navigate,
  noticeText,
  openPerson,
  participantChoosesPassword,
  setUpFirstAdmin,
  type Person,
} from '../fixtures/journey.js';

const available = hasChromium();
if (!available)
  console.log(
    'participant.journey.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const P = 'participant';
const ORGANISATION = 'Umthombo Skills Academy';
const ADMIN = { name: 'Nomsa Dlamini', email: 'nomsa.admin@example.org' };
const REVIEWER = { name: 'Pieter van Wyk', email: 'pieter.reviewer@example.org' };
const PARTICIPANT = {
  name: 'Lindiwe Nkosi',
  email: 'lindiwe.nkosi@example.org',
  corrected: 'Lindiwe Nkosi-Mahlangu',
};
const COURSE = {
  title: 'Career Readiness',
  description: 'Writing a CV and preparing for interviews.',
  modules: 'cv: Writing a CV',
};
const BATCH = 'January 2027';

/** The facts of one certificate card on /me, by its dt/dd pairs. */
async function cardFacts(card: Locator): Promise<Record<string, string>> {
  const terms = await card.locator('dl.facts > dt').allTextContents();
  const values = await card.locator('dl.facts > dd').allInnerTexts();
  return Object.fromEntries(terms.map((t, i) => [t.trim(), (values[i] ?? '').split('\n')[0]!.trim()]));
}

describe.skipIf(!available)("the participant's journey from an empty database, in Chromium", () => {
  let live: LiveServer;
  let browser: Browser;
  const people: Person[] = [];

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

  it('setup, course, batch, CSV enrolment, password, work, review, consent, certificate, files, wallet, LinkedIn, name correction', async () => {
    // The server prints this link at start on an empty database (src/index.ts does the same call).
    const setupUrl = await createSetupLinkIfNeeded(live.testApp.deps.accounts);
    expect(setupUrl).toMatch(/\/setup\?token=/);

    const admin = await openPerson(browser, 'admin');
    people.push(admin);
    await setUpFirstAdmin(admin, setupUrl!, ADMIN, P);

    // The admin invites a reviewer by email.
    const a = admin.desktop.page;
    await consoleSection(a, 'Users');
    await a.getByLabel('Email address').fill(REVIEWER.email);
    await a.getByLabel('Role', { exact: true }).selectOption('reviewer');
    await go(a, () => a.getByRole('button', { name: 'Send invitation' }).click());
    expect(await a.getByRole('status').textContent()).toContain(`Invitation sent to ${REVIEWER.email}`);
    await checkPage(admin, P, 'admin-invited-reviewer', { phoneUrl: `${live.baseUrl}/admin/users` });

    // The reviewer accepts in a browser of their own.
    const reviewer = await openPerson(browser, 'reviewer');
    people.push(reviewer);
    const r = reviewer.desktop.page;
    await r.goto(emailLink(live, REVIEWER.email, '/accept-invitation'));
    expect(await heading(r)).toBe('Accept your invitation');
    expect(await r.getByRole('main').textContent()).toContain(
      `You are invited as reviewer with the email address ${REVIEWER.email}`,
    );
    await checkPage(reviewer, P, 'reviewer-accept-invitation');
    await r.getByLabel('Full name').fill(REVIEWER.name);
    await r.getByLabel('Password', { exact: true }).fill(PASSWORDS.reviewer);
    await go(r, () => r.getByRole('button', { name: 'Create my account' }).click());
    expect(new URL(r.url()).pathname).toBe('/reviewer');
    expect(await r.getByRole('main').textContent()).toContain('Nothing is waiting for your review.');
    await checkPage(reviewer, P, 'reviewer-empty-queue');

    // The course, with its module and the reviewer assigned, and a batch needing approval.
    await createCourse(admin, { ...COURSE, reviewerLabel: `${REVIEWER.name} (reviewer)` }, P);
    expect(await a.getByRole('main').textContent()).toContain('Writing a CV (cv)');
    await createBatch(
      admin,
      { name: BATCH, criteria: 'A CV approved by a reviewer', contentApproval: true },
      COURSE.title,
      P,
    );
    expect(await a.getByRole('main').textContent()).toContain('work approved by a reviewer');

    // The participant is enrolled by a CSV import, module done, work still to approve.
    const csv = `email,name,modules\n${PARTICIPANT.email},${PARTICIPANT.name},all\n`;
    const { dryRun, imported } = await importCsv(admin, csv, P);
    expect(dryRun).toHaveLength(1);
    expect(dryRun[0]!.slice(0, 2)).toEqual(['2', PARTICIPANT.email]);
    expect(imported).toHaveLength(1);
    expect(imported[0]!.slice(0, 2)).toEqual(['2', PARTICIPANT.email]);
    const tracker = a
      .getByRole('table')
      .filter({ has: a.getByRole('columnheader', { name: 'Participant' }) });
    expect(await tracker.getByRole('row').filter({ hasText: PARTICIPANT.name }).textContent()).toContain(
      'In progress',
    );

    // The participant: the email says to choose a password; they do, and log in.
    const participant = await openPerson(browser, 'participant');
    people.push(participant);
    const p = participant.desktop.page;
    await participantChoosesPassword(live, participant, PARTICIPANT.email, P);
    expect(await heading(p)).toBe('My certificates');
    await checkPage(participant, P, 'participant-no-certificates-yet');

    // Submits work from My courses.
    await navigate(p, 'My courses');
    expect(await heading(p)).toBe('My courses');
    const course = p
      .getByRole('main')
      .getByRole('listitem')
      .filter({ has: p.getByRole('heading', { name: `${COURSE.title}: ${BATCH}` }) });
    expect(await course.textContent()).toContain('Still to do:');
    await checkPage(participant, P, 'participant-courses');
    await course
      .getByLabel('Your text (when you submit text)')
      .fill('My CV: https://example.org/lindiwe-cv.pdf and a cover letter for a junior developer post.');
    await go(p, () => course.getByRole('button', { name: 'Submit for review' }).click());
    expect(await noticeText(p)).toBe(
      'Your work was submitted; you will hear from the reviewer here and by email.',
    );
    expect(await p.getByRole('main').textContent()).toContain('Waiting for review');
    await checkPage(participant, P, 'participant-submitted');

    // The reviewer approves it in their own browser.
    await r.reload();
    const item = r
      .getByRole('listitem')
      .filter({ hasText: `${PARTICIPANT.name} · ${COURSE.title}: ${BATCH}` });
    expect(await item.textContent()).toContain('My CV: https://example.org/lindiwe-cv.pdf');
    await checkPage(reviewer, P, 'reviewer-queue');
    await item.getByLabel(/^Feedback for the participant/).fill('A clear CV. Well done.');
    await go(r, () => item.getByRole('button', { name: 'Approve' }).click());
    expect(await noticeText(r)).toBe('Your decision was recorded and the participant told.');
    await checkPage(reviewer, P, 'reviewer-decided', { phoneUrl: `${live.baseUrl}/reviewer` });

    // The emails say so, and lead to the page where the consent is asked.
    await deliverQueuedEmails(live);
    const consentMail = lastEmail(live, PARTICIPANT.email);
    expect(consentMail.subject).toBe(`Your certificate for ${COURSE.title} is waiting for your consent`);
    await p.goto(emailLink(live, PARTICIPANT.email));
    expect(new URL(p.url()).pathname).toBe('/me/programmes');
    expect(await p.getByRole('main').textContent()).toContain('Your certificate is ready.');
    expect(await p.getByRole('main').textContent()).toContain('Text (sent ');
    expect(await p.getByRole('main').textContent()).toContain('): Approved');
    expect(await p.getByRole('main').textContent()).toContain('Reviewer: A clear CV. Well done.');
    await giveConsent(participant, P);
    expect(await p.getByRole('main').textContent()).toContain('Your certificate has been issued.');
    // The survey the certificate email mentions is under the course.
    expect(await p.getByRole('group', { name: /^How was the course\?/ }).count()).toBe(1);

    // The certificate on /me.
    await go(p, () => p.getByRole('main').getByRole('link', { name: 'See it in My certificates' }).click());
    expect(await heading(p)).toBe('My certificates');
    const cards = p.locator('li.certificate-card');
    expect(await cards.count()).toBe(1);
    const card = cards.first();
    const facts = await cardFacts(card);
    const number = facts['Certificate number']!;
    expect(number).toMatch(/^SP-\d{4}-\d{6}$/);
    expect(facts['Name on the certificate']).toBe(PARTICIPANT.name);
    expect(await card.getByRole('heading', { level: 2 }).textContent()).toContain(COURSE.title);
    expect(await card.locator('.badge').textContent()).toBe('Valid');
    await expect
      .poll(() => card.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
        timeout: 30_000,
      })
      .toBeGreaterThan(1000);
    await checkPage(participant, P, 'participant-certificate', {
      ready: (phone) =>
        phone
          .locator('li.certificate-card img')
          .first()
          .evaluate((img: HTMLImageElement) =>
            img.complete
              ? undefined
              : new Promise((done) => img.addEventListener('load', () => done(undefined))),
          ),
    });

    // The issued email names the number, leads to the certificate and says where the survey is.
    await deliverQueuedEmails(live);
    const issuedMail = lastEmail(live, PARTICIPANT.email);
    expect(issuedMail.subject).toBe(`Your certificate: ${COURSE.title}`);
    expect(issuedMail.text).toContain(`(number ${number})`);
    expect(issuedMail.text).toContain('"My courses"');
    expect(emailLink(live, PARTICIPANT.email)).toBe(`${live.baseUrl}/me#certificate-${number}`);

    // PDF and PNG downloads.
    for (const [name, type, min] of [
      ['PDF', 'application/pdf', 50_000],
      ['PNG', 'image/png', 50_000],
    ] as const) {
      const href = await card.getByRole('link', { name, exact: true }).getAttribute('href');
      const file = await fetchInPage(p, href!);
      expect([file.status, file.type.split(';')[0]], `${name} download`).toEqual([200, type]);
      expect(file.bytes.length, `${name} size`).toBeGreaterThan(min);
      expect(Buffer.from(file.bytes.subarray(0, 4)).toString('latin1')).toBe(
        name === 'PDF' ? '%PDF' : '\x89PNG',
      );
    }
    const verificationUrl = await card.getByRole('link', { name: 'Verification link' }).getAttribute('href');
    expect(verificationUrl).toMatch(new RegExp(`^${live.baseUrl}/v/[A-Za-z0-9_-]+$`));

    // LinkedIn: the fields are filled in.
    const linkedIn = new URL(
      (await card.getByRole('link', { name: /^Add to LinkedIn profile/ }).getAttribute('href'))!,
    );
    expect(linkedIn.origin + linkedIn.pathname).toBe('https://www.linkedin.com/profile/add');
    const now = new Date();
    expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: COURSE.title,
      organizationName: ORGANISATION,
      issueYear: String(now.getUTCFullYear()),
      issueMonth: String(now.getUTCMonth() + 1),
      certUrl: verificationUrl,
      certId: number,
    });

    // Add to wallet: each QR code decodes to the link shown beside it.
    await go(p, () => card.getByRole('link', { name: /^Add to wallet/ }).click());
    expect(await heading(p)).toBe('Add to wallet');
    for (const option of ['Learner Credential Wallet', 'Other wallets (OpenID4VCI)']) {
      const box = p.getByRole('listitem').filter({ has: p.getByRole('heading', { name: option }) });
      const qr = await box.getByRole('img').getAttribute('src');
      const decoded = decodeQrInDataUri(qr!);
      const href = await box.getByRole('link').getAttribute('href');
      expect(decoded, `the ${option} QR code`).toBe(href);
      expect(href).toMatch(
        option.startsWith('Learner') ? /^dccrequest:\/\// : /^openid-credential-offer:\/\//,
      );
    }
    await checkPage(participant, P, 'participant-wallet');
    await go(p, () => p.getByRole('link', { name: 'Back to my certificates' }).click());

    // Asks for a name correction.
    await go(p, () =>
      p
        .locator('li.certificate-card')
        .first()
        .getByRole('link', { name: /^Correct the name/ })
        .click(),
    );
    expect(await heading(p)).toBe('Correct the name on a certificate');
    await checkPage(participant, P, 'participant-correction-form');
    await p.getByLabel('The name as it should appear').fill(PARTICIPANT.corrected);
    await p
      .getByLabel('What is wrong with the name now')
      .fill('My surname is double-barrelled since my marriage.');
    await go(p, () => p.getByRole('button', { name: 'Send the request' }).click());
    expect(new URL(p.url()).pathname).toBe('/me');
    expect(await noticeText(p)).toBe(
      'Your request was sent. Staff will look at it and you will hear from us by email.',
    );
    expect(await p.locator('li.certificate-card').first().textContent()).toContain(
      `for the name to read "${PARTICIPANT.corrected}". Staff have not answered yet.`,
    );
    await checkPage(participant, P, 'participant-correction-sent');

    // Staff approve it in the console.
    await consoleSection(a, 'Name corrections');
    const request = a.getByRole('row').filter({ hasText: number });
    expect(await request.getByRole('cell').allTextContents()).toEqual([
      expect.any(String),
      PARTICIPANT.name,
      number,
      PARTICIPANT.name,
      PARTICIPANT.corrected,
    ]);
    await checkPage(admin, P, 'admin-corrections');
    await go(a, () => request.getByRole('link').click());
    expect(await heading(a)).toBe(`Name correction: certificate ${number}`);
    await checkPage(admin, P, 'admin-correction');
    await go(a, () =>
      a.getByRole('button', { name: `Approve and re-issue with "${PARTICIPANT.corrected}"` }).click(),
    );
    expect(await noticeText(a)).toBe(
      'Approved: the certificate was re-issued with the corrected name, and the participant was emailed.',
    );
    await checkPage(admin, P, 'admin-correction-approved');

    // /me: the old certificate is replaced by the new one, which carries the corrected name.
    await deliverQueuedEmails(live);
    const reissued = lastEmail(live, PARTICIPANT.email);
    expect(reissued.subject).toBe(`Your corrected certificate: ${COURSE.title}`);
    await p.goto(emailLink(live, PARTICIPANT.email));
    expect(new URL(p.url()).pathname).toBe('/me');
    const after = p.locator('li.certificate-card');
    expect(await after.count()).toBe(2);
    const old = after.filter({ has: p.getByText(number, { exact: true }) });
    const fresh = after.filter({ hasNot: p.getByText(number, { exact: true }) });
    const newNumber = (await cardFacts(fresh))['Certificate number']!;
    expect(newNumber).not.toBe(number);
    expect(reissued.text).toContain(newNumber);
    expect(await old.locator('.badge').first().textContent()).toBe('Replaced');
    const replacedBy = old.getByRole('link', { name: `certificate ${newNumber}` });
    expect(await replacedBy.getAttribute('href')).toBe(`#certificate-${newNumber}`);
    expect(await fresh.locator('.badge').first().textContent()).toBe('Valid');
    expect((await cardFacts(fresh))['Name on the certificate']).toBe(PARTICIPANT.corrected);
    expect((await cardFacts(old))['Name on the certificate']).toBe(PARTICIPANT.name);
    await checkPage(participant, P, 'participant-replaced');

    // The participant logs out and back in (the menu says how).
    await submitLoginAgain(participant);

    for (const person of people) await closePerson(person);
  }, 360_000);
});

/** Logs out from the header, and back in through the form. */
async function submitLoginAgain(person: Person): Promise<void> {
  const { page } = person.desktop;
  await go(page, () => page.getByRole('button', { name: 'Log out' }).click());
  await page.goto(new URL('/login', page.url()).href);
  await submitLogin(page, PARTICIPANT.email, PASSWORDS.participant);
  expect(new URL(page.url()).pathname).toBe('/me');
}
