/**
 * The partner's journey in real Chromium, from an empty database, through the pages and the
 * emails only. The first admin is made through the setup link the server prints at start,
 * adds the partner's organisation and invites a partner user for it, who accepts from the
 * email and finds /partner explaining what to expect while there is no accreditation to
 * apply for. The admin then defines an accreditation type (two stages: a document, then an
 * action); the partner applies, uploads the document (a small PDF) and, once staff approve
 * it in the console, confirms the action; staff approve that too. The accreditation
 * credential then appears for the partner, its page says it is valid and who issued it, and
 * /verify says the same. On the way the partner edits its organisation's details (a
 * mistake shown beside its field first) and staff see the change history on the
 * application. Every page at 1280x800 and 390x844: no sideways scroll, labels,
 * one h1, axe-core clean; screenshots in test-artifacts/screenshots/partner-journey-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { go, heading, Journey, mainText, type Person } from '../fixtures/consoleJourney.js';

const available = hasChromium();
if (!available)
  console.log(
    'partner.journey.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const ADMIN = {
  name: 'Nomvula Khumalo',
  email: 'nomvula.admin@example.org',
  password: 'granite harbour lantern 42',
};
const PARTNER = {
  label: 'partner',
  name: 'Sibusiso Ndlovu',
  email: 'sibusiso@ubuntu-skills.example.org',
  password: 'copper valley beacon 88',
  role: 'partner',
  organisation: 'Ubuntu Skills Academy',
};
const TYPE = 'Skills development provider';
const STAGES = [
  'Stage: Document submission',
  'document | Tax clearance | 30 | Issued within the last 12 months',
  'Stage: Compliance review',
  'action | Site visit | 60 | Host a visit of our assessor',
].join('\n');

/** The card of a checklist item on an application page. */
function itemCard(page: Page, name: string) {
  return page.locator('li.card', { has: page.getByRole('heading', { name: new RegExp(`^${name} \\(`) }) });
}

describe.skipIf(!available)('the partner journey from an empty database, in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let journey: Journey;

  beforeAll(async () => {
    [live, browser] = await Promise.all([
      startLiveServer({ env: { ISSUER_NAME: 'Umthombo Skills Academy' } }),
      launchBrowser(),
    ]);
    journey = new Journey(live, browser, 'partner-journey');
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** Staff open the application from the console's accreditation list. */
  async function staffOpensApplication(staff: Person, shot: string): Promise<void> {
    const { page } = staff;
    await go(page, () =>
      page
        .getByRole('navigation', { name: 'Console sections' })
        .getByRole('link', { name: 'Accreditation' })
        .click(),
    );
    expect(await heading(page)).toBe('Accreditation');
    const row = page.getByRole('row').filter({ hasText: PARTNER.organisation });
    await journey.check(staff, `${shot}-list`);
    await go(page, () => row.getByRole('link', { name: `${TYPE} (cycle 1)` }).click());
    expect(await heading(page)).toBe(`${PARTNER.organisation}: ${TYPE}`);
    await journey.check(staff, `${shot}-application`);
  }

  /** Staff take an item up for review and approve it. */
  async function staffApproves(staff: Person, item: string, shot: string): Promise<void> {
    const { page } = staff;
    await go(page, () => itemCard(page, item).getByRole('button', { name: 'Take up for review' }).click());
    expect(await page.getByRole('status').textContent()).toBe(
      'You took the item up for review: approve it, or ask the partner for a change with guidance.',
    );
    expect(await itemCard(page, item).innerText()).toContain('under review');
    await journey.check(staff, `${shot}-under-review`);
    await go(page, () => itemCard(page, item).getByRole('button', { name: 'Approve' }).click());
    expect(await itemCard(page, item).innerText()).toContain('approved');
    await journey.check(staff, `${shot}-approved`);
  }

  it('organisation, invitation, no type yet, application, document, review, approval, the credential verifies', async () => {
    const admin = await journey.setUpFirstAdmin(ADMIN);
    const { page } = admin;
    const nav = () => page.getByRole('navigation', { name: 'Console sections' });

    // The partner's organisation.
    await go(page, () => nav().getByRole('link', { name: 'Organisations' }).click());
    expect(await heading(page)).toBe('Organisations');
    await journey.check(admin, 'organisations-empty');
    await page.getByLabel('Name', { exact: true }).fill(PARTNER.organisation);
    await go(page, () => page.getByRole('button', { name: 'Create organisation' }).click());
    expect(await page.getByRole('row').filter({ hasText: PARTNER.organisation }).count()).toBe(1);
    await journey.check(admin, 'organisation-created');

    // A partner user for it, who accepts from the email.
    const partner = await journey.invite(admin, PARTNER);
    const p = partner.page;
    expect(new URL(p.url()).pathname).toBe('/partner');
    expect(await heading(p)).toBe(PARTNER.organisation);
    // No accreditation type yet: the page says what to expect rather than nothing.
    const accreditation = p.getByRole('region', { name: 'Accreditation' });
    expect(await accreditation.innerText()).toMatch(/No accreditation is open for applications yet/);
    await journey.check(partner, 'partner-no-types');

    // The admin defines the accreditation: two stages, a document then an action.
    await go(page, () =>
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Console' }).click(),
    );
    await go(page, () => nav().getByRole('link', { name: 'Accreditation' }).click());
    expect(await heading(page)).toBe('Accreditation');
    expect(await mainText(page)).toContain(
      'No applications yet. Partners apply from their portal once an accreditation is open: define one under Accreditation types.',
    );
    await journey.check(admin, 'accreditation-empty');
    await go(page, () =>
      page.getByRole('main').getByRole('link', { name: 'Accreditation types' }).first().click(),
    );
    expect(await heading(page)).toBe('Accreditation types');
    expect(await mainText(page)).toContain(
      'No accreditation types yet: partners can apply once you save one that is open for applications.',
    );
    await journey.check(admin, 'types-empty');
    await page.getByLabel('Name', { exact: true }).fill(TYPE);
    await page
      .getByLabel('Description')
      .fill('For training providers who deliver accredited skills programmes.');
    await page.getByLabel(/^Stages and checklist/).fill(STAGES);
    await go(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await heading(page)).toBe(`Accreditation type: ${TYPE}`);
    expect(await page.getByRole('status').textContent()).toMatch(/^The accreditation type was saved\./);
    await journey.check(admin, 'type-saved');

    // The partner applies.
    await go(p, () =>
      p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My organisation' }).click(),
    );
    await p.getByLabel('Apply for').selectOption({ label: TYPE });
    await journey.check(partner, 'partner-can-apply');
    await go(p, () => p.getByRole('button', { name: 'Start an application' }).click());
    expect(await heading(p)).toBe(`${TYPE} accreditation`);
    expect(await mainText(p)).toContain('Tax clearance (Document submission)');
    await journey.check(partner, 'application-started');

    // The document: a small PDF.
    const tax = itemCard(p, 'Tax clearance');
    await tax.getByLabel('Tax clearance: the file (PDF, PNG, JPEG or Office; up to 10 MB)').setInputFiles({
      name: 'tax-clearance.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(
        '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
      ),
    });
    await tax.getByLabel('Note (optional)').fill('Valid until March 2027');
    await go(p, () => tax.getByRole('button', { name: 'Upload', exact: true }).click());
    expect(await p.getByRole('status').textContent()).toMatch(
      /^The document was uploaded\. It waits for review by our staff/,
    );
    expect(await itemCard(p, 'Tax clearance').innerText()).toContain('submitted, waiting for review');
    expect(
      await itemCard(p, 'Tax clearance')
        .getByRole('link', { name: /^v1: tax-clearance\.pdf/ })
        .count(),
    ).toBe(1);
    // The next stage's item is outstanding, but not the partner's to do yet: the page says when it opens.
    expect(await mainText(p)).toContain(
      'Site visit (Compliance review) · missing · opens when stage 1 is complete · due',
    );
    await journey.check(partner, 'document-uploaded');
    const applicationUrl = p.url().replace(/\?.*$/, '');

    // The partner keeps its organisation's details up to date (issue 21): a mistake is shown
    // beside its field, then the save is kept in the history staff see.
    await go(p, () =>
      p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My organisation' }).click(),
    );
    await go(p, () => p.getByRole('link', { name: /^Organisation details/ }).click());
    expect(await heading(p)).toBe('Organisation details');
    expect(await p.getByLabel('Organisation name').inputValue()).toBe(PARTNER.organisation);
    await p.getByLabel('Address').fill('14 Florida Road\nDurban 4001');
    await p.getByLabel('Contact person').fill(PARTNER.name);
    await p.getByLabel('Contact email').fill('office@ubuntu-skills');
    await p.getByLabel('Phone').fill('+27 31 555 0142');
    await p.getByLabel('Website').fill('https://ubuntu-skills.example.org');
    // The mistake is answered 400 on purpose (the form again, with the problem).
    partner.allowOnce(400, 'POST', '/partner/organisation');
    await go(p, () => p.getByRole('button', { name: 'Save the details' }).click());
    expect(await p.getByRole('alert').innerText()).toContain(
      'Enter an email address such as office@example.org',
    );
    await journey.check(partner, 'organisation-details-problem');
    await p.getByLabel('Contact email').fill('office@ubuntu-skills.example.org');
    await go(p, () => p.getByRole('button', { name: 'Save the details' }).click());
    expect(await p.getByRole('status').textContent()).toMatch(/^The details were saved\./);
    expect(await mainText(p)).toContain('Phone: (empty) -> +27 31 555 0142');
    await journey.check(partner, 'organisation-details-saved');

    // Staff review it in the console and approve; the next stage opens.
    await go(page, () =>
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Console' }).click(),
    );
    await staffOpensApplication(admin, 'staff-document');
    // Staff see the organisation's details and who changed them, from what to what.
    const details = page.getByRole('region', { name: 'Organisation details' });
    expect(await details.innerText()).toContain('office@ubuntu-skills.example.org');
    expect(await details.innerText()).toContain('Phone: (empty) -> +27 31 555 0142');
    expect(await details.innerText()).toContain(`${PARTNER.name} <${PARTNER.email}>`);
    await staffApproves(admin, 'Tax clearance', 'staff-document');

    // The partner confirms the action of the next stage.
    await p.goto(applicationUrl);
    const visit = itemCard(p, 'Site visit');
    await visit.getByLabel('What was done').fill('Assessor visited our Durban campus on 3 December');
    await go(p, () => visit.getByRole('button', { name: 'Confirm' }).click());
    expect(await p.getByRole('status').textContent()).toMatch(
      /^Confirmed\. It waits for review by our staff/,
    );
    expect(await itemCard(p, 'Site visit').innerText()).toContain('submitted, waiting for review');
    await journey.check(partner, 'action-confirmed');

    // Staff approve it: the last approval grants the accreditation.
    await staffOpensApplication(admin, 'staff-action');
    await staffApproves(admin, 'Site visit', 'staff-action');
    expect(await page.getByRole('status').textContent()).toBe(
      'Every item is approved: the organisation is accredited, and its accreditation credential was issued.',
    );
    expect(await mainText(page)).toContain('Ubuntu Skills Academy · accredited · 100% complete');

    // The partner is told by email; its link leads to the application, which links the credential.
    await journey.deliverMail();
    const approvedMail = journey.mailsTo(PARTNER.email).find((m) => m.subject === `Approved: ${TYPE}`);
    expect(approvedMail, 'the approval email').toBeDefined();
    await p.goto(journey.linkIn(approvedMail!, new URL(applicationUrl).pathname));
    expect(await mainText(p)).toContain('Ubuntu Skills Academy · accredited · 100% complete');
    await journey.check(partner, 'partner-application-accredited');
    await go(p, () => p.getByRole('link', { name: 'The accreditation credential' }).click());
    const credentialPage = await mainText(p);
    expect(credentialPage).toContain('Valid certificate');
    expect(credentialPage).toContain('Issued by Umthombo Skills Academy');
    expect(credentialPage).toContain(PARTNER.organisation);
    await journey.check(partner, 'credential-page');
    await go(p, () => p.getByRole('link', { name: 'Verify independently' }).click());
    expect(new URL(p.url()).pathname).toBe('/verify');
    await expect.poll(() => p.locator('#verdict').textContent()).toBe('Valid certificate');
    expect(await p.locator('#summary').textContent()).toBe('Issued by Umthombo Skills Academy.');
    expect(await p.locator('#facts').innerText()).toContain(PARTNER.organisation);
    await journey.check(partner, 'verify', async (phone) => {
      await phone.goto(p.url());
      await expect.poll(() => phone.locator('#verdict').textContent()).toBe('Valid certificate');
    });

    // And /partner lists it as accredited (back to the credential's page, whose header has the portal's links).
    await go(p, () => p.goBack());
    await go(p, () =>
      p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My organisation' }).click(),
    );
    expect(await p.getByRole('row').filter({ hasText: TYPE }).innerText()).toContain('accredited');
    await journey.check(partner, 'partner-accredited');

    await journey.finish();
  }, 420_000);
});
