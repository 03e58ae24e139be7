/**
 * "Issue now" for a participant who has not consented to their name on the certificate,
 * in real Chromium from an empty database, through the pages and the emails only: the
 * first admin invites a staff member, who creates a course and a batch, enrols a new
 * participant and presses "Issue now". The tracker says the certificate waits for their
 * consent, since when, and that the request email went out; "Send again" is offered only
 * once 10 minutes have passed (the server clock is moved on two days); pressed, the
 * tracker shows the reminder's date, a second press is refused with a clear message, and
 * both emails are in the outbox with the link to the question. Every page at 1280x800
 * and 390x844: no sideways scroll, labels, one h1, axe-core clean; screenshots in
 * test-artifacts/screenshots/tracker-consent-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { expectNoAxeViolations } from '../fixtures/axe.js';
import { go, heading, Journey, mainText } from '../fixtures/consoleJourney.js';

const available = hasChromium();
if (!available)
  console.log(
    'trackerConsent.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
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
const PARTICIPANT = { name: 'Lerato Dube', email: 'lerato.dube@example.org' };
const CONSENT_SUBJECT = 'Your certificate for Web Development 101 is waiting for your consent';
const DAY_MS = 24 * 3_600_000;
const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** The tracker's row of a participant. */
function trackerRow(page: Page, name: string) {
  return page.locator('table.cards-on-phone tbody tr', { has: page.locator('th', { hasText: name }) });
}

/** A cell of that row, whitespace folded. */
async function cell(page: Page, name: string, label: string): Promise<string> {
  return ((await trackerRow(page, name).locator(`td[data-label="${label}"]`).textContent()) ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

describe.skipIf(!available)('"Issue now" waiting for consent, and "Send again", in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let journey: Journey;

  beforeAll(async () => {
    [live, browser] = await Promise.all([
      startLiveServer({ env: { ISSUER_NAME: 'Umthombo Skills Academy' } }),
      launchBrowser(),
    ]);
    journey = new Journey(live, browser, 'tracker-consent');
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it('says what it waits for and since when, sends the request again, and shows the reminder date', async () => {
    const clock = live.testApp.clock;
    const admin = await journey.setUpFirstAdmin(ADMIN);
    const staffPerson = await journey.invite(admin, STAFF);
    const { page } = staffPerson;
    const nav = () => page.getByRole('navigation', { name: 'Console sections' });

    // A course and a batch.
    await go(page, () => nav().getByRole('link', { name: 'Programmes' }).click());
    expect(await heading(page)).toBe('Courses and batches');
    await page.getByLabel('Title', { exact: true }).fill('Web Development 101');
    await page.getByLabel('Description').fill('HTML and CSS for beginners.');
    await page.getByLabel('Modules').fill('m1: HTML basics\nm2: CSS layout');
    await page.getByLabel('Assessments').fill('final: Final assessment: 100');
    await go(page, () => page.getByRole('button', { name: 'Create course' }).click());
    expect(await page.getByRole('status').textContent()).toBe('The course was created.');
    await page.getByLabel('Batch name').fill('December 2026');
    await page
      .getByLabel('Criteria in words (shown on the badge)')
      .fill('Both modules and at least 70% in the final assessment');
    await page.getByLabel('Minimum score in Final assessment (out of 100; empty: not required)').fill('70');
    await go(page, () => page.getByRole('button', { name: 'Create batch' }).click());
    expect(await heading(page)).toBe('Web Development 101: December 2026');
    const batchPage = page.url().replace(/\?.*$/, '');

    // A new participant, enrolled by email: an account without any consent yet.
    await page.getByLabel('Email', { exact: true }).fill(PARTICIPANT.email);
    await page.getByLabel('Name (for a new account)').fill(PARTICIPANT.name);
    await go(page, () => page.getByRole('button', { name: 'Enrol' }).click());
    expect(await page.getByRole('status').textContent()).toMatch(/^The participant was enrolled/);
    expect(await cell(page, PARTICIPANT.name, 'Status')).toBe('In progress');

    // "Issue now": it cannot issue without their consent, and says so, truthfully.
    const askedOn = DATE.format(clock.now);
    const row = trackerRow(page, PARTICIPANT.name);
    await row.getByLabel('Reason to issue now').fill('Passed the final on paper; the LMS has no score');
    await go(page, () => row.getByRole('button', { name: 'Issue now' }).click());
    expect(await page.getByRole('status').textContent()).toMatch(
      /^Not issued yet: the participant has not agreed to their name on a certificate\. The certificate is issued the moment they agree/,
    );
    expect(await cell(page, PARTICIPANT.name, 'Status')).toBe('Waiting');
    expect(await cell(page, PARTICIPANT.name, 'Why')).toBe(
      `criteria met; waiting for consent to their name on the certificate since ${askedOn}. Request email sent ${askedOn}.`,
    );
    expect(await cell(page, PARTICIPANT.name, 'Certificate')).toBe('—');
    // Just asked: no button, and the row says from when it may be sent again.
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await row.innerText()).toMatch(
      /A request went out less than 10 minutes ago; you can send it again from \d\d:\d\d UTC\./,
    );
    await journey.check(staffPerson, 'issue-now-waiting');

    // Two days later nothing has happened: "Send again".
    clock.now = new Date(clock.now.getTime() + 2 * DAY_MS);
    const remindedOn = DATE.format(clock.now);
    expect(remindedOn).not.toBe(askedOn);
    await page.goto(batchPage);
    await journey.check(staffPerson, 'send-again-offered');
    // A second tab on the same tracker, for a second press later.
    const stale = await staffPerson.context.newPage();
    await stale.goto(batchPage);
    await go(page, () =>
      trackerRow(page, PARTICIPANT.name).getByRole('button', { name: 'Send again' }).click(),
    );
    expect(await page.getByRole('status').textContent()).toBe(
      'The consent request was sent again. The tracker shows the date of this reminder.',
    );
    expect(await cell(page, PARTICIPANT.name, 'Why')).toBe(
      `criteria met; waiting for consent to their name on the certificate since ${askedOn}. Request email sent ${askedOn}; reminder sent ${remindedOn}.`,
    );
    expect(await cell(page, PARTICIPANT.name, 'Status')).toBe('Waiting');
    await journey.check(staffPerson, 'reminder-sent');

    // Pressed again from the other tab, still showing the button: refused, clearly, and nothing sent.
    await go(stale, () =>
      trackerRow(stale, PARTICIPANT.name).getByRole('button', { name: 'Send again' }).click(),
    );
    expect(await stale.getByRole('alert').textContent()).toMatch(
      new RegExp(
        `^A consent request went to ${PARTICIPANT.email.replace(/\./g, '\\.')} at \\d\\d:\\d\\d UTC, less than 10 minutes ago\\. You can send it again from \\d\\d:\\d\\d UTC\\.$`,
      ),
    );
    expect(await heading(stale)).toBe('Web Development 101: December 2026');
    await expectNoAxeViolations(stale);
    await saveScreenshot(stale, 'tracker-consent-refused-desktop');
    await stale.close();

    // Both emails are in the outbox, and the reminder leads to the question in their portal.
    await journey.deliverMail();
    const asked = journey.mailsTo(PARTICIPANT.email).filter((m) => m.subject === CONSENT_SUBJECT);
    expect(
      asked,
      `the request and the reminder, among: ${journey
        .mailsTo(PARTICIPANT.email)
        .map((m) => m.subject)
        .join(' / ')}`,
    ).toHaveLength(2);
    expect(asked[1]!.text).toContain('we need your consent to put your name on it');
    expect(journey.linkIn(asked[1]!, '/me/programmes')).toBe(journey.url('/me/programmes'));
    expect(await mainText(page)).toContain(`reminder sent ${remindedOn}`);

    await journey.finish();
  }, 150_000);
});
