/**
 * Additional review and an audit irregularity in real Chromium at 1280x800 and 390x844:
 * a staff member sends a partner's submitted document to a second reviewer with a reason,
 * then records an audit irregularity from the application page; a member of the partner
 * signs in, sees the document "under additional review" with the expected date, follows
 * the link to the irregularity from their organisation page and responds with a PDF; the
 * staff member opens the console's open irregularities, reads the response and resolves
 * it. And staff correct a partner's details, the history naming them. No sideways scroll,
 * no axe violation, no page problem; screenshots of each step.
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
import { makeAccreditationType, makePartner, PDF } from '../fixtures/accreditation.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { startApplication, submitDocument } from '../../src/accreditation/applications.js';
import type { UserRecord } from '../../src/storage/ports.js';

const available = hasChromium();
if (!available)
  console.log(
    'accreditationAudit.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const NOW = new Date('2026-12-07T12:00:00.000Z');

describe.skipIf(!available)('additional review and an audit irregularity in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let officer: UserRecord;
  let lead: UserRecord;
  let typeId: string;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    live.testApp.clock.now = NOW;
    officer = await createUser(live.testApp, 'staff', { name: 'Thandi Mokoena' });
    lead = await createUser(live.testApp, 'staff', { name: 'Lerato Khumalo' });
    typeId = (await makeAccreditationType(live.testApp)).id;
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  const checkPage = async (page: import('playwright-core').Page, name: string) => {
    await expectAccessiblePage(page);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, name);
  };

  it.each<ViewportName>(['desktop', 'phone'])(
    'staff send an item to additional review and record an irregularity; the partner responds; staff resolve it (%s)',
    async (screen) => {
      const partnerName = `Karoo Skills ${screen}`;
      const { member } = await makePartner(live.testApp, partnerName);
      const deps = live.testApp.deps.accreditation;
      const application = await startApplication(deps, actorOf(member.user), { typeId });
      await submitDocument(deps, actorOf(member.user), application.id, 'tax-clearance', {
        name: 'tax.pdf',
        bytes: PDF(),
      });

      // Staff: additional review, then an irregularity from the application page.
      const staff = await openWatchedPage(browser, screen);
      await staff.page.goto(`${live.baseUrl}/login`);
      await submitLogin(staff.page, officer.email, TEST_PASSWORD);
      await staff.page.goto(`${live.baseUrl}/admin/accreditation/${application.id}`);
      await staff.page.getByLabel('Additional reviewer', { exact: true }).selectOption({ label: lead.name });
      await staff.page
        .getByLabel('Why it needs an additional review', { exact: true })
        .fill('The tax number does not match the registration');
      await Promise.all([
        staff.page.waitForEvent('load'),
        staff.page.getByRole('button', { name: 'Send to additional review' }).click(),
      ]);
      const main = await staff.page.locator('main').textContent();
      expect(main).toContain('Sent to additional review');
      expect(main).toContain(`Additional review by ${lead.name}, asked by ${officer.name}`);
      await checkPage(staff.page, `additional-review-staff-${screen}`);

      await Promise.all([
        staff.page.waitForEvent('load'),
        staff.page.getByRole('link', { name: 'Record an audit irregularity' }).click(),
      ]);
      expect(await staff.page.getByLabel('Partner organisation').inputValue()).toBe(
        application.organisationId,
      );
      await staff.page
        .getByLabel('What was found')
        .fill('Attendance registers do not match the sessions held');
      await staff.page
        .getByLabel('Evidence note')
        .fill('Two registers of 4 December carry the same signatures.');
      await staff.page.getByLabel('Severity').selectOption('high');
      await checkPage(staff.page, `irregularity-record-${screen}`);
      await Promise.all([
        staff.page.waitForEvent('load'),
        staff.page.getByRole('button', { name: 'Record the irregularity' }).click(),
      ]);
      expect(new URL(staff.page.url()).pathname).toMatch(
        /^\/admin\/accreditation\/irregularities\/[0-9a-f-]{36}$/,
      );
      expect(await staff.page.locator('main').textContent()).toContain('The irregularity was recorded');
      expect(staff.problems).toEqual([]);
      await staff.context.close();

      // Partner: the item under additional review; the irregularity, answered with a PDF.
      const partner = await openWatchedPage(browser, screen);
      await partner.page.goto(`${live.baseUrl}/login`);
      await submitLogin(partner.page, member.user.email, TEST_PASSWORD);
      await partner.page.goto(`${live.baseUrl}/partner/applications/${application.id}`);
      const card = await partner.page
        .getByRole('heading', { name: 'Tax clearance (document)' })
        .locator('..')
        .textContent();
      expect(card).toContain('under additional review');
      expect(card).toContain('feedback expected by 2026-12-12');
      await checkPage(partner.page, `additional-review-partner-${screen}`);

      await partner.page.goto(`${live.baseUrl}/partner`);
      await Promise.all([
        partner.page.waitForEvent('load'),
        partner.page.getByRole('link', { name: 'Audit irregularities' }).click(),
      ]);
      await checkPage(partner.page, `irregularity-partner-list-${screen}`);
      await Promise.all([
        partner.page.waitForEvent('load'),
        partner.page
          .getByRole('link', { name: 'Attendance registers do not match the sessions held' })
          .click(),
      ]);
      expect(await partner.page.locator('main').textContent()).toContain(
        'Two registers of 4 December carry the same signatures.',
      );
      await partner.page
        .getByLabel('Your response')
        .fill('The second register was a copy; the originals are attached.');
      await partner.page.getByLabel(/^A document/).setInputFiles({
        name: 'registers.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(PDF('registers')),
      });
      await Promise.all([
        partner.page.waitForEvent('load'),
        partner.page.getByRole('button', { name: 'Send the response' }).click(),
      ]);
      const answered = await partner.page.locator('main').textContent();
      expect(answered).toContain('Your response was sent');
      expect(answered).toContain('responded, waiting for staff');
      await checkPage(partner.page, `irregularity-partner-responded-${screen}`);
      expect(partner.problems).toEqual([]);
      await partner.context.close();

      // Staff: the open list, the response with its file, the resolution.
      const back = await openWatchedPage(browser, screen);
      await back.page.goto(`${live.baseUrl}/login`);
      await submitLogin(back.page, officer.email, TEST_PASSWORD);
      await back.page.goto(`${live.baseUrl}/admin/accreditation`);
      await Promise.all([
        back.page.waitForEvent('load'),
        back.page.getByRole('link', { name: 'Audit irregularities' }).click(),
      ]);
      await checkPage(back.page, `irregularity-console-list-${screen}`);
      const row = back.page.getByRole('row', { name: new RegExp(partnerName) });
      await Promise.all([back.page.waitForEvent('load'), row.getByRole('link').click()]);
      expect(await back.page.getByRole('link', { name: /^registers\.pdf/ }).count()).toBe(1);
      await back.page.getByLabel('Decision', { exact: true }).selectOption('resolved');
      await back.page.getByLabel('Note to the partner').fill('The originals are in order; thank you.');
      await Promise.all([
        back.page.waitForEvent('load'),
        back.page.getByRole('button', { name: 'Record the decision' }).click(),
      ]);
      const resolved = await back.page.locator('main').textContent();
      expect(resolved).toContain('The decision was recorded');
      expect(resolved).toContain('resolved');
      await checkPage(back.page, `irregularity-resolved-${screen}`);
      expect(back.problems).toEqual([]);
      await back.context.close();
    },
  );

  it.each<ViewportName>(['desktop', 'phone'])(
    'staff correct a partner organisation’s details, and the history names them (%s)',
    async (screen) => {
      const { organisation } = await makePartner(live.testApp, `Details Partner ${screen}`);
      const staff = await openWatchedPage(browser, screen);
      await staff.page.goto(`${live.baseUrl}/login`);
      await submitLogin(staff.page, officer.email, TEST_PASSWORD);
      await staff.page.goto(`${live.baseUrl}/admin/accreditation/organisations/${organisation.id}/details`);
      await staff.page.getByLabel('Phone').fill('+27 21 555 0100');
      await Promise.all([
        staff.page.waitForEvent('load'),
        staff.page.getByRole('button', { name: 'Save the details' }).click(),
      ]);
      const main = await staff.page.locator('main').textContent();
      expect(main).toContain('the history below names you as the editor');
      expect(main).toContain(`${officer.name} <${officer.email}> (staff)`);
      expect(main).toContain('Phone: (empty) -> +27 21 555 0100');
      await checkPage(staff.page, `organisation-details-staff-${screen}`);
      expect(staff.problems).toEqual([]);
      await staff.context.close();
    },
  );
});
