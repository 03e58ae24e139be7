/**
 * Staff edit a partner organisation's details from the console with the partner's
 * validation (every problem shown; a stale form is a 409), the change names the staff
 * member as staff on both sides, an unknown organisation is not found; and when an editor's
 * account is erased, the stored history says "a former user" instead of their name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { auditAbout, expectLabelled, get, post } from '../http/pages/consoleFixtures.js';
import { makePartner, STAFF_ACTOR } from '../fixtures/accreditation.js';
import {
  organisationDetailsFor,
  saveOrganisationDetailsAsStaff,
} from '../../src/accreditation/organisationDetails.js';
import { eraseAccount } from '../../src/accounts/privacy.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import type { OrganisationRecord } from '../../src/storage/ports.js';

let t: TestApp;
let staff: SignedIn;
let partner: SignedIn;
let organisation: OrganisationRecord;

const form = (overrides: Record<string, string> = {}) => ({
  baseVersion: '0',
  name: 'Lwazi Learning',
  address: '3 Church Street\nStellenbosch',
  contactName: 'Sipho Ndlovu',
  contactEmail: 'admin@lwazi.example.org',
  phone: '+27 21 555 0111',
  website: 'https://lwazi.example.org',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T09:00:00.000Z');
  staff = await signIn(t, 'staff');
  ({ organisation, member: partner } = await makePartner(t, 'Lwazi'));
});
afterAll(async () => {
  await t.close();
});

describe('organisation details edited by staff', () => {
  it('use the partner’s validation, and the history names the staff member', async () => {
    const path = `/admin/accreditation/organisations/${organisation.id}/details`;
    const page = await get(t, path, staff);
    expect(page.status).toBe(200);
    expectLabelled(await page.text());

    const bad = await post(t, path, staff, form({ phone: 'call us', website: 'ftp://x' }));
    expect(bad.status).toBe(400);
    const problems = await bad.text();
    expect(problems).toContain('Enter a phone number of digits');
    expect(problems).toContain('Enter the website’s address, starting https://');

    const saved = await post(t, path, staff, form());
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${path}?done=saved`);
    const view = await organisationDetailsFor(t.deps.accreditation, STAFF_ACTOR, organisation.id);
    expect(view.organisation.name).toBe('Lwazi Learning');
    expect(view.changes[0]).toMatchObject({
      by: staff.user.id,
      byLabel: `${actorOf(staff.user).label} (staff)`,
    });
    const audits = await auditAbout(t, organisation.id);
    expect(audits[0]).toMatchObject({ action: 'organisation.details_changed', actorId: staff.user.id });

    const partnerPage = await (await get(t, '/partner/organisation', partner)).text();
    expect(partnerPage).toContain(`${staff.user.name} &lt;${staff.user.email}&gt; (staff)`);
    expect((await post(t, path, staff, form({ phone: '+27 21 555 0199' }))).status).toBe(409);
  });

  it('answer 404 for an organisation that is not there, and refuse partners', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await get(t, `/admin/accreditation/organisations/${unknown}/details`, staff)).status).toBe(404);
    expect(
      (await post(t, `/admin/accreditation/organisations/${unknown}/details`, staff, form())).status,
    ).toBe(404);
    await expect(
      saveOrganisationDetailsAsStaff(
        t.deps.accreditation,
        { id: partner.user.id, label: 'p', role: 'partner', organisationId: organisation.id },
        organisation.id,
        form({ baseVersion: '1' }),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('forget the name of an editor whose account is erased', async () => {
    const edit = await post(
      t,
      '/partner/organisation',
      partner,
      form({ baseVersion: '1', phone: '+27 21 555 0122' }),
    );
    expect(edit.status).toBe(303);
    const before = await organisationDetailsFor(t.deps.accreditation, STAFF_ACTOR, organisation.id);
    expect(before.changes[0]?.byLabel).toBe(actorOf(partner.user).label);
    expect(before.changes[0]?.byLabel).toContain(partner.user.email);

    await eraseAccount(t.deps.accounts, partner.user, STAFF_ACTOR);
    const after = await organisationDetailsFor(t.deps.accreditation, STAFF_ACTOR, organisation.id);
    expect(after.changes.map((c) => c.byLabel)).toEqual([
      'a former user',
      `${actorOf(staff.user).label} (staff)`,
    ]);
    expect(after.changes[0]?.changes).toEqual(before.changes[0]?.changes);
    const html = await (
      await get(t, `/admin/accreditation/organisations/${organisation.id}/details`, staff)
    ).text();
    expect(html).toContain('a former user');
    expect(html).not.toContain(partner.user.name);
    expect(html).not.toContain(partner.user.email);
  });
});
