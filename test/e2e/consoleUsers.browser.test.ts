/**
 * The console's users pages in real Chromium, from an empty database, through the pages
 * and emails only: the first admin (made through the setup link) adds a team and invites
 * a staff member and a participant, who accept from the emails. The admin opens Users,
 * where each row has one link, "Manage <name>", follows it to the participant's page and
 * changes their role, then to the staff member's page, puts them in the team and disables
 * the account (the staff member's browser is signed out at once). Every page at 1280x800
 * and 390x844: no sideways scroll, labels, one h1, axe-core clean; screenshots in
 * test-artifacts/screenshots/console-users-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { go, heading, Journey, mainText } from '../fixtures/consoleJourney.js';

const available = hasChromium();
if (!available)
  console.log(
    'consoleUsers.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
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
const LEARNER = {
  label: 'participant',
  name: 'Zanele Dube',
  email: 'zanele.dube@example.org',
  password: 'violet river orchard 19',
  role: 'participant',
};

/** The summary list of a person's page as term -> value, whitespace folded. */
async function summary(page: Page): Promise<Record<string, string>> {
  const rows = await page
    .locator('dl.summary > div')
    .evaluateAll((divs) =>
      divs.map((d) => [d.querySelector('dt')?.textContent ?? '', d.querySelector('dd')?.textContent ?? '']),
    );
  return Object.fromEntries(rows.map(([term, value]) => [term!.trim(), value!.replace(/\s+/g, ' ').trim()]));
}

/** The text of the notice a change leads back to. */
async function notice(page: Page): Promise<string> {
  return ((await page.getByRole('status').textContent()) ?? '').trim();
}

describe.skipIf(!available)('the console users pages from an empty database, in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let journey: Journey;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    journey = new Journey(live, browser, 'console-users');
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it('an admin opens a person from the list, changes a role, sets teams and disables an account', async () => {
    const admin = await journey.setUpFirstAdmin(ADMIN);
    const { page } = admin;

    // A team, so that the staff member's page offers one.
    await page.goto(journey.url('/admin/teams'));
    await page.getByLabel('Name').fill('Certificates desk');
    await go(page, () => page.getByRole('button', { name: 'Create team' }).click());
    expect(await notice(page)).toBe('The team was created.');

    const staff = await journey.invite(admin, STAFF);
    expect(new URL(staff.page.url()).pathname).toBe('/admin');
    await journey.invite(admin, LEARNER);

    // The list: a plain table, one link per row, its name unique.
    await go(page, () =>
      page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Users' }).click(),
    );
    expect(await heading(page)).toBe('Users');
    const table = page.getByRole('table');
    expect(await table.getByRole('rowheader').allTextContents()).toEqual(
      expect.arrayContaining([ADMIN.name, STAFF.name, LEARNER.name]),
    );
    // Each link shows "Manage"; the name after it is for screen readers, whose list of links needs it.
    for (const name of [ADMIN.name, STAFF.name, LEARNER.name])
      expect(await table.getByRole('link', { name: `Manage ${name}`, exact: true }).count(), name).toBe(1);
    expect(await table.getByRole('link').count()).toBe(3);
    expect(await table.getByRole('button').count(), 'no buttons in the list').toBe(0);
    expect(await table.getByRole('combobox').count(), 'no selects in the list').toBe(0);
    await journey.check(admin, 'list');

    // The participant's page: who they are, then the changes; the role changes to reviewer.
    await go(page, () => page.getByRole('link', { name: `Manage ${LEARNER.name}` }).click());
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/users\/[\w-]+$/);
    expect(await heading(page)).toBe(LEARNER.name);
    expect(await summary(page)).toMatchObject({
      Name: LEARNER.name,
      Email: LEARNER.email,
      Role: 'participant',
      Organisation: 'None',
      Status: 'active',
    });
    expect((await summary(page))['Last sign-in']).toMatch(/^\d{1,2} \w+ \d{4} at \d\d:\d\d UTC$/);
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      'Role and organisation',
      'Disable the account',
    ]);
    await journey.check(admin, 'participant');
    await page.getByLabel('Role', { exact: true }).selectOption('reviewer');
    await go(page, () => page.getByRole('button', { name: 'Change role' }).click());
    expect(await notice(page)).toBe('The role was changed.');
    expect(await heading(page)).toBe(LEARNER.name);
    expect((await summary(page)).Role).toBe('reviewer');
    await journey.check(admin, 'role-changed');

    // A partner needs an organisation: the page says so and keeps the choice.
    await page.getByLabel('Role', { exact: true }).selectOption('partner');
    admin.allowOnce(400, 'POST', new URL(`${page.url().replace(/\?.*$/, '')}/role`).pathname);
    await go(page, () => page.getByRole('button', { name: 'Change role' }).click());
    expect(await page.getByRole('alert').textContent()).toBe(
      'A partner must belong to an existing organisation',
    );
    expect(await page.getByLabel('Role', { exact: true }).inputValue()).toBe('partner');
    expect((await summary(page)).Role).toBe('reviewer');

    // The staff member's page: teams, then disabling.
    await go(page, () => page.getByRole('link', { name: 'All users' }).click());
    await go(page, () => page.getByRole('link', { name: `Manage ${STAFF.name}` }).click());
    expect(await heading(page)).toBe(STAFF.name);
    expect((await summary(page)).Teams).toBe('None');
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      'Role and organisation',
      'Teams',
      'Disable the account',
    ]);
    await journey.check(admin, 'staff');
    await page
      .getByRole('group', { name: `Teams of ${STAFF.name}` })
      .getByLabel('Certificates desk')
      .check();
    await go(page, () => page.getByRole('button', { name: 'Save teams' }).click());
    expect(await notice(page)).toBe('The team membership was saved.');
    expect((await summary(page)).Teams).toBe('Certificates desk');

    const disable = page.getByRole('button', { name: `Disable ${STAFF.name}` });
    expect(await disable.getAttribute('class')).toBe('danger');
    await go(page, () => disable.click());
    expect(await notice(page)).toBe('The account was disabled and signed out everywhere.');
    expect((await summary(page)).Status).toBe('disabled');
    expect(await page.getByRole('button', { name: `Enable ${STAFF.name}` }).count()).toBe(1);
    await journey.check(admin, 'staff-disabled');

    // The staff member is signed out at once.
    await staff.page.goto(journey.url('/admin'));
    expect(await heading(staff.page)).toBe('Log in');

    // The list shows the change.
    await go(page, () => page.getByRole('link', { name: 'All users' }).click());
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: STAFF.name }) });
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      STAFF.email,
      'staff',
      'disabled',
      'yes',
      expect.stringMatching(/^\d{1,2} \w+ \d{4}$/),
      `Manage ${STAFF.name}`,
    ]);
    expect(await mainText(page)).toContain('3 accounts');
    await journey.check(admin, 'list-after', 'skip');

    // The admin's own page: their teams, not their own role or access.
    await go(page, () => page.getByRole('link', { name: `Manage ${ADMIN.name}` }).click());
    expect(await mainText(page)).toContain(
      'This is your own account: another admin can change your role or disable it.',
    );
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Teams']);
    await journey.check(admin, 'own-page', 'skip');

    await journey.finish();
  }, 300_000);
});
