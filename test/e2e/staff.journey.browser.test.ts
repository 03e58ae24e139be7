/**
 * The staff member's journey in real Chromium, from an empty database, through the pages
 * and the emails only (every fact is read from a page, a download or an email; nothing is
 * set up or checked through the stores). The first admin is made through the setup link
 * the server prints at start and invites a staff member, who accepts from the email. The
 * staff member creates a course, a certificate template with a signature image, signer
 * name and title, and a batch using it; imports participants by CSV, dry run first; uses
 * "Issue now" for a participant who has not consented (the page says it waits for their
 * consent, the tracker shows it), who then sets a password from the invitation email and
 * consents in their own browser (the tracker shows issued); revokes a certificate with a
 * reason (the tracker and the certificate's page say revoked); re-issues one with a
 * corrected name; and reads the figures on the report page and in its CSV. Every page at
 * 1280x800 and 390x844: no sideways scroll, labels, one h1, axe-core clean; screenshots in
 * test-artifacts/screenshots/staff-journey-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { submitLogin } from '../fixtures/watchedPage.js';
import { go, heading, Journey, mainText, type Person } from '../fixtures/consoleJourney.js';
import { pngBytes } from '../http/pages/consoleTemplateFixtures.js';

const available = hasChromium();
if (!available)
  console.log(
    'staff.journey.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const ADMIN = {
  name: 'Nomvula Khumalo',
  email: 'nomvula.admin@example.org',
  password: 'granite harbour lantern 42',
};
const STAFF = {
  label: 'staff',
  name: 'Thabo Mokoena',
  email: 'thabo.staff@example.org',
  password: 'amber meadow compass 7',
  role: 'staff',
};
const PARTICIPANT_PASSWORD = 'violet river orchard 19';

/** The CSV the staff member imports: two who passed, one still without a score, one line with no email. */
const CSV = [
  'email,name,modules,score:final',
  'zoe.ngcobo@example.org,Zoë Ngcobo,all,84',
  'lerato.dube@example.org,Lerato Dube,all,',
  'sipho.nkosi@example.org,Sipho Nkosi,all,91',
  ',Nobody,all,50',
].join('\n');

/** The tracker's row of a participant. */
function trackerRow(page: Page, name: string) {
  return page.locator('table.cards-on-phone tbody tr', { has: page.locator('th', { hasText: name }) });
}

/** A row's status, reason and certificate cells, whitespace folded. */
async function rowFacts(
  page: Page,
  name: string,
): Promise<{ status: string; why: string; certificate: string }> {
  const row = trackerRow(page, name);
  const cell = async (label: string) =>
    ((await row.locator(`td[data-label="${label}"]`).textContent()) ?? '').replace(/\s+/g, ' ').trim();
  return { status: await cell('Status'), why: await cell('Why'), certificate: await cell('Certificate') };
}

describe.skipIf(!available)('the staff journey from an empty database, in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let journey: Journey;

  beforeAll(async () => {
    [live, browser] = await Promise.all([
      startLiveServer({ env: { ISSUER_NAME: 'Umthombo Skills Academy' } }),
      launchBrowser(),
    ]);
    journey = new Journey(live, browser, 'staff-journey');
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /**
   * A participant enrolled by the import, in a browser of their own: chooses a password from
   * the invitation email, follows the consent email's link (which asks them to log in and
   * leads on to My courses) and agrees to their name on the certificate.
   */
  async function participantConsents(label: string, email: string): Promise<Person> {
    const person = await journey.person(label);
    const { page } = person;
    const mails = journey.mailsTo(email);
    const invitation = mails.find(
      (m) => m.subject === 'Your Umthombo Skills Academy account is ready: choose a password',
    );
    const consent = mails.find(
      (m) => m.subject === 'Your certificate for Web Development 101 is waiting for your consent',
    );
    expect([invitation, consent], `the invitation and the consent request to ${email}`).toEqual([
      expect.anything(),
      expect.anything(),
    ]);
    // First the invitation: choose a password.
    await page.goto(journey.linkIn(invitation!, '/reset-password'));
    expect(await heading(page)).toBe('Choose your password');
    await journey.check(person, `${label}-set-password`);
    await page.getByLabel('New password', { exact: true }).fill(PARTICIPANT_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(PARTICIPANT_PASSWORD);
    await go(page, () => page.getByRole('button', { name: 'Save the new password' }).click());
    expect(await heading(page)).toBe('Password set');
    await journey.check(person, `${label}-password-changed`, 'skip');
    // Then the consent email's link, which asks them to log in first and leads on to the question.
    await page.goto(journey.linkIn(consent!, '/me/programmes'));
    expect(await heading(page)).toBe('Log in');
    await journey.check(person, `${label}-login`);
    await submitLogin(page, email, PARTICIPANT_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/me/programmes');
    expect(await heading(page)).toBe('My courses');
    expect(await mainText(page)).toContain('Your certificate is ready.');
    await journey.check(person, `${label}-consent-question`);
    await go(page, () =>
      page.getByRole('button', { name: 'Yes, issue my certificate with this name' }).click(),
    );
    expect(await mainText(page)).toContain('Your certificate has been issued.');
    await journey.check(person, `${label}-consented`);
    return person;
  }

  /**
   * From the tracker, the certificate's number to the lookup on /verify (the number filled in),
   * the holder's surname, and on to the certificate's verification page.
   */
  async function openCertificate(
    person: Person,
    participant: string,
    surname: string,
    shot: string,
  ): Promise<void> {
    const { page } = person;
    const number = await trackerRow(page, participant)
      .locator('td[data-label="Certificate"] a')
      .textContent();
    await go(page, () => trackerRow(page, participant).locator('td[data-label="Certificate"] a').click());
    expect(new URL(page.url()).pathname).toBe('/verify');
    expect(await page.getByRole('textbox', { name: 'Certificate number' }).inputValue()).toBe(number);
    await journey.check(person, `${shot}-lookup`);
    await page.getByLabel("Holder's surname").fill(surname);
    await Promise.all([page.waitForURL(/\/v\//), page.getByRole('button', { name: 'Look up' }).click()]);
    await page.waitForLoadState('load');
    expect(await mainText(page)).toContain(number!);
    await journey.check(person, `${shot}-page`);
  }

  /** Sends the outbox, opens this site's first link of the participant's email matching `subject`, and returns the page's text. */
  async function followMail(person: Person, email: string, subject: RegExp, shot: string): Promise<string> {
    await journey.deliverMail();
    const mail = journey.mailsTo(email).find((m) => subject.test(m.subject));
    expect(
      mail,
      `an email to ${email} matching ${subject}, among: ${journey
        .mailsTo(email)
        .map((m) => m.subject)
        .join(' / ')}`,
    ).toBeDefined();
    const link = mail!.text.match(/https?:\/\/[^\s)]+/g)?.find((u) => u.startsWith(live.baseUrl));
    expect(link, `a link to this site in "${mail!.subject}"`).toBeDefined();
    await person.page.goto(link!);
    await journey.check(person, shot);
    return mainText(person.page);
  }

  it('course, template, batch, CSV import, issue, consent, revoke, re-issue and the report', async () => {
    const admin = await journey.setUpFirstAdmin(ADMIN);
    const staffPerson = await journey.invite(admin, STAFF);
    const { page } = staffPerson;
    expect(new URL(page.url()).pathname).toBe('/admin');
    await journey.check(staffPerson, 'staff-console');
    const nav = () => page.getByRole('navigation', { name: 'Console sections' });

    // A course.
    await go(page, () => nav().getByRole('link', { name: 'Programmes' }).click());
    expect(await heading(page)).toBe('Courses and batches');
    expect(await mainText(page)).toContain('No courses yet.');
    await journey.check(staffPerson, 'programmes-empty');
    await page.getByLabel('Title', { exact: true }).fill('Web Development 101');
    await page.getByLabel('Id (optional)').fill('web-101');
    await page.getByLabel('Description').fill('HTML and CSS for beginners.');
    await page.getByLabel('Modules').fill('m1: HTML basics\nm2: CSS layout');
    await page.getByLabel('Assessments').fill('final: Final assessment: 100');
    await go(page, () => page.getByRole('button', { name: 'Create course' }).click());
    expect(await heading(page)).toBe('Web Development 101');
    expect(await page.getByRole('status').textContent()).toBe('The course was created.');
    expect(await mainText(page)).toContain('Final assessment (final), out of 100');
    await journey.check(staffPerson, 'course-created');
    const coursePage = page.url();

    // A certificate template with a signer and a signature image.
    await go(page, () => nav().getByRole('link', { name: 'Templates' }).click());
    expect(await heading(page)).toBe('Certificate templates');
    await journey.check(staffPerson, 'templates-empty');
    await go(page, () => page.getByRole('link', { name: 'New template' }).click());
    expect(await heading(page)).toBe('New certificate template');
    await journey.check(staffPerson, 'template-new');
    await page.getByLabel('Template name').fill('Short course, landscape');
    await page.getByLabel('Signature 1: name').fill('Dr Ayanda Zulu');
    await page.getByLabel('Signature 1: title').fill('Head of Training');
    await page.getByLabel('Signature 1: image').setInputFiles({
      name: 'signature.png',
      mimeType: 'image/png',
      buffer: Buffer.from(pngBytes(120, 40)),
    });
    await go(page, () => page.getByRole('button', { name: 'Create template' }).click());
    expect(await heading(page)).toBe('Short course, landscape');
    await journey.check(staffPerson, 'template-created');
    await go(page, () => page.getByRole('link', { name: 'Version 1' }).click());
    expect(await mainText(page)).toContain('Dr Ayanda Zulu (Head of Training), with image');
    await journey.check(staffPerson, 'template-version');

    // A batch using it.
    await page.goto(coursePage);
    await page.getByLabel('Batch name').fill('November 2026');
    await page
      .getByLabel('Certificate template')
      .selectOption({ label: 'Short course, landscape, version 1 (will be locked)' });
    await page
      .getByLabel('Criteria in words (shown on the badge)')
      .fill('Both modules and at least 70% in the final assessment');
    await page.getByLabel('Minimum score in Final assessment (out of 100; empty: not required)').fill('70');
    await go(page, () => page.getByRole('button', { name: 'Create batch' }).click());
    expect(await heading(page)).toBe('Web Development 101: November 2026');
    expect(await page.getByRole('status').textContent()).toBe('The batch was created.');
    expect(await mainText(page)).toContain('Nobody is enrolled yet.');
    await journey.check(staffPerson, 'batch-created');
    const batchPage = page.url().replace(/\?.*$/, '');

    // The CSV: a dry run first, which writes nothing.
    const csvFile = { name: 'november.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) };
    const dryRun = async (p: Page) => {
      await p.getByLabel('CSV file').setInputFiles(csvFile);
      await go(p, () => p.getByRole('button', { name: 'Dry run' }).click());
    };
    await dryRun(page);
    const outcomes = page.locator('table', { has: page.locator('caption', { hasText: /^Dry run/ }) });
    expect(await outcomes.locator('caption').textContent()).toMatch(/^Dry run \(nothing written\)/);
    const dryRows = await outcomes
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('th, td')).map((cell) => cell.textContent?.trim())),
      );
    expect(dryRows).toEqual([
      [
        'Line 2',
        'zoe.ngcobo@example.org',
        'waiting consent',
        expect.stringMatching(/^criteria met; the participant is asked .* to agree to their name/),
      ],
      ['Line 3', 'lerato.dube@example.org', 'not met', expect.stringMatching(/^still missing: .*final/)],
      ['Line 4', 'sipho.nkosi@example.org', 'waiting consent', expect.stringMatching(/^criteria met/)],
      ['Line 5', '—', 'error', expect.stringMatching(/email/i)],
    ]);
    expect(await mainText(page)).toContain('Nobody is enrolled yet.');
    await journey.check(staffPerson, 'import-dry-run', async (phone) => {
      await phone.goto(batchPage);
      await dryRun(phone);
    });

    // The import itself, from the text the dry run kept.
    await go(page, () => page.getByRole('button', { name: 'Import', exact: true }).click());
    expect(await page.locator('caption', { hasText: /^Imported/ }).textContent()).toMatch(/^Imported/);
    expect(await rowFacts(page, 'Zoë Ngcobo')).toMatchObject({
      status: 'Waiting',
      why: expect.stringMatching(/consent/i),
    });
    expect(await rowFacts(page, 'Lerato Dube')).toMatchObject({
      status: 'In progress',
      why: expect.stringMatching(/final/i),
    });
    await journey.check(staffPerson, 'imported', async (phone) => {
      await phone.goto(batchPage);
    });
    // New participants got an account and an email to choose a password.
    await journey.deliverMail();

    // "Issue now" for Lerato, who has no score and has not consented.
    const lerato = trackerRow(page, 'Lerato Dube');
    await lerato.getByLabel('Reason to issue now').fill('Passed the final on paper; the LMS has no score');
    await go(page, () => lerato.getByRole('button', { name: 'Issue now' }).click());
    expect(await page.getByRole('status').textContent()).toMatch(
      /^Not issued yet: the participant has not agreed to their name on a certificate\./,
    );
    expect(await rowFacts(page, 'Lerato Dube')).toMatchObject({
      status: 'Waiting',
      why: expect.stringMatching(/consent/i),
      certificate: '—',
    });
    // No button that could not issue: the row says what happens next.
    expect(await trackerRow(page, 'Lerato Dube').getByRole('button').count()).toBe(0);
    expect(await trackerRow(page, 'Lerato Dube').innerText()).toContain(
      'the certificate is issued the moment they agree',
    );
    await journey.check(staffPerson, 'issue-now-waiting');
    await journey.deliverMail();

    // Lerato and Zoë set their passwords from the invitation and agree in their own browsers.
    const leratoPerson = await participantConsents('lerato', 'lerato.dube@example.org');
    const zoePerson = await participantConsents('zoe', 'zoe.ngcobo@example.org');

    await page.goto(batchPage);
    const leratoIssued = await rowFacts(page, 'Lerato Dube');
    expect(leratoIssued.status).toBe('Issued');
    const zoeIssued = await rowFacts(page, 'Zoë Ngcobo');
    expect(zoeIssued.status).toBe('Issued');
    expect(await rowFacts(page, 'Sipho Nkosi')).toMatchObject({
      status: 'Waiting',
      why: expect.stringMatching(/consent/i),
    });
    await journey.check(staffPerson, 'tracker-issued');

    // Revoke Zoë's certificate, with a reason.
    const zoe = trackerRow(page, 'Zoë Ngcobo');
    await zoe.getByLabel('Reason to revoke').fill('Issued in error: the score belonged to another cohort');
    await go(page, () => zoe.getByRole('button', { name: 'Revoke' }).click());
    expect(await page.getByRole('status').textContent()).toBe('The certificate was revoked.');
    expect(await rowFacts(page, 'Zoë Ngcobo')).toMatchObject({
      status: 'Revoked',
      certificate: zoeIssued.certificate,
    });
    await journey.check(staffPerson, 'revoked');
    // Her certificate is private: its number leads to the lookup on /verify, which asks for the surname.
    await openCertificate(staffPerson, 'Zoë Ngcobo', 'Ngcobo', 'revoked-certificate');
    expect(await mainText(page)).toContain(
      'Revoked The issuer has revoked this certificate: it is no longer valid.',
    );
    expect(await mainText(page)).toContain('Zoë Ngcobo');

    // Zoë is emailed, and the email's link shows her the revocation.
    const revokedPage = await followMail(
      zoePerson,
      'zoe.ngcobo@example.org',
      /revoked/i,
      'zoe-revoked-email-link',
    );
    expect(revokedPage).toMatch(/revoked/i);

    // Re-issue Lerato's with a corrected name.
    await page.goto(batchPage);
    const leratoRow = trackerRow(page, 'Lerato Dube');
    await leratoRow.getByLabel('Corrected name (optional)').fill('Lerato Dube-Mokoena');
    await leratoRow.getByLabel('Reason to re-issue').fill('Double-barrelled surname since her marriage');
    await go(page, () => leratoRow.getByRole('button', { name: 'Re-issue' }).click());
    expect(await page.getByRole('status').textContent()).toBe(
      'A new certificate was issued and the previous one revoked as superseded.',
    );
    const reissued = await rowFacts(page, 'Lerato Dube');
    expect(reissued.status).toBe('Issued');
    expect(reissued.certificate).not.toBe(leratoIssued.certificate);
    await journey.check(staffPerson, 'reissued');
    await openCertificate(staffPerson, 'Lerato Dube', 'Dube-Mokoena', 'reissued-certificate');
    expect(await mainText(page)).toContain('Lerato Dube-Mokoena');
    expect(await mainText(page)).toContain('Valid certificate');

    // Lerato is emailed, and the email's link shows her the new certificate.
    expect(
      await followMail(
        leratoPerson,
        'lerato.dube@example.org',
        /^Your corrected certificate/,
        'lerato-reissued-email-link',
      ),
    ).toContain('Lerato Dube-Mokoena');

    // The report: two certificates issued (one of them re-issued), one revoked.
    await go(page, () =>
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Console' }).click(),
    );
    await go(page, () => nav().getByRole('link', { name: 'Programmes' }).click());
    await go(page, () => page.getByRole('link', { name: 'Programme reports' }).click());
    expect(await heading(page)).toBe('Programme reports');
    const report = await mainText(page);
    expect(report).toContain('Certificates issued: 3 (re-issues 1, revoked 1).');
    expect(report).toContain('Web Development 101 3 1 —');
    // Nothing was submitted for review: no rate of 0% that would read as all work refused.
    expect(report).toContain(
      'First-pass approval rate: none yet, no work was submitted for review in this period.',
    );
    await journey.check(staffPerson, 'report');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = await (await download.createReadStream()).toArray();
    expect(Buffer.concat(csv).toString('utf8')).toContain('Web Development 101');

    await journey.finish();
  }, 300_000);
});
