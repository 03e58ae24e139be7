/**
 * A partner organisation's details: its member edits them on /partner/organisation (every
 * problem shown at once beside its field; a stale form is a 409; an unchanged one writes
 * nothing), each change is kept with who, when and old -> new, audited, and staff see the
 * details and the history on the organisation's application; another organisation's
 * details are not found, and staff cannot edit them as if they were the partner. Staff see
 * them on the application and on the organisation's console page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { auditAbout, expectLabelled, get, post } from '../http/pages/consoleFixtures.js';
import { makeAccreditationType, makePartner, STAFF_ACTOR } from '../fixtures/accreditation.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { startApplication } from '../../src/accreditation/applications.js';
import {
  organisationDetailsFor,
  saveOrganisationDetails,
} from '../../src/accreditation/organisationDetails.js';
import type { OrganisationRecord } from '../../src/storage/ports.js';

let t: TestApp;
let staff: SignedIn;
let partner: SignedIn;
let organisation: OrganisationRecord;
let outsider: SignedIn;

const form = (overrides: Record<string, string> = {}) => ({
  baseVersion: '0',
  name: 'Khanya Training',
  address: '12 Long Street\nCape Town 8001',
  contactName: 'Thandi Mokoena',
  contactEmail: 'office@khanya.example.org',
  phone: '+27 21 555 0100',
  website: 'https://khanya.example.org',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T09:00:00.000Z');
  staff = await signIn(t, 'staff');
  ({ organisation, member: partner } = await makePartner(t, 'Khanya'));
  outsider = (await makePartner(t, 'Other Org')).member;
});
afterAll(async () => {
  await t.close();
});

describe('organisation details', () => {
  it('are edited by the partner, with every problem shown at once', async () => {
    const home = await (await get(t, '/partner', partner)).text();
    expect(home).toContain('href="/partner/organisation"');
    const page = await get(t, '/partner/organisation', partner);
    expect(page.status).toBe(200);
    const html = await page.text();
    expectLabelled(html);
    expect(html).toContain('value="Khanya"');
    expect(html).toContain('The details have not been changed');

    const bad = await post(t, '/partner/organisation', partner, {
      ...form(),
      name: ' ',
      contactEmail: 'not-an-email',
      website: 'javascript:alert(1)',
    });
    expect(bad.status).toBe(400);
    const problems = await bad.text();
    expect(problems).toContain('There is a problem');
    expect(problems).toContain('Enter the organisation’s name');
    expect(problems).toContain('Enter an email address such as office@example.org');
    expect(problems).toContain('Enter the website’s address, starting https://');
    expect(problems).toContain('value="+27 21 555 0100"');
    expectLabelled(problems);
    expect((await t.deps.stores.directory.getOrganisation(organisation.id))?.name).toBe('Khanya');

    const saved = await post(t, '/partner/organisation', partner, form());
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/partner/organisation?done=saved');
    expect((await t.deps.stores.directory.getOrganisation(organisation.id))?.name).toBe('Khanya Training');
    const after = await (await get(t, '/partner/organisation?done=saved', partner)).text();
    expect(after).toContain('The details were saved.');
    expect(after).toContain('Name: Khanya -&gt; Khanya Training');
    expect(after).toContain('Phone: (empty) -&gt; +27 21 555 0100');

    const stale = await post(t, '/partner/organisation', partner, form({ phone: '+27 21 555 0199' }));
    expect(stale.status).toBe(409);
    const unchanged = await post(t, '/partner/organisation', partner, form({ baseVersion: '1' }));
    expect(unchanged.headers.get('location')).toBe('/partner/organisation?done=unchanged');

    t.clock.now = new Date('2026-03-05T10:00:00.000Z');
    const second = await post(
      t,
      '/partner/organisation',
      partner,
      form({ baseVersion: '1', phone: '+27 21 555 0199', website: '' }),
    );
    expect(second.status).toBe(303);
    const view = await organisationDetailsFor(t.deps.accreditation, STAFF_ACTOR, organisation.id);
    expect(view.version).toBe(2);
    expect(view.details).toEqual({
      address: '12 Long Street\nCape Town 8001',
      contactName: 'Thandi Mokoena',
      contactEmail: 'office@khanya.example.org',
      phone: '+27 21 555 0199',
    });
    expect(view.changes[0]).toMatchObject({
      at: '2026-03-05T10:00:00.000Z',
      by: partner.user.id,
      changes: [
        { field: 'phone', from: '+27 21 555 0100', to: '+27 21 555 0199' },
        { field: 'website', from: 'https://khanya.example.org' },
      ],
    });
    expect((await auditAbout(t, organisation.id)).map((a) => a.action)).toEqual([
      'organisation.details_changed',
      'organisation.details_changed',
    ]);
  });

  it('are shown to staff with their history on the organisation’s application', async () => {
    const type = await makeAccreditationType(t);
    const app = await startApplication(t.deps.accreditation, actorOf(partner.user), { typeId: type.id });
    const page = await get(t, `/admin/accreditation/${app.id}`, staff);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Organisation details');
    expect(html).toContain('office@khanya.example.org');
    expect(html).toContain('Phone: +27 21 555 0100 -&gt; +27 21 555 0199');
    expect(html).toContain('Website: https://khanya.example.org -&gt; (empty)');
    expect(html).toContain(partner.user.name);
    expect(html.indexOf('+27 21 555 0100 -&gt; +27 21 555 0199')).toBeLessThan(
      html.indexOf('Name: Khanya -&gt; Khanya Training'),
    );
  });

  it('are shown to staff on the organisation’s console page too', async () => {
    const page = await get(t, `/admin/organisations/${organisation.id}`, staff);
    expect(page.status).toBe(200);
    const html = await page.text();
    expectLabelled(html);
    expect(html).toContain('Changes to the details');
    expect(html).toContain('Phone: +27 21 555 0100 -&gt; +27 21 555 0199');
  });

  it('of another organisation are not found, and only partners edit them', async () => {
    await expect(
      organisationDetailsFor(t.deps.accreditation, actorOf(outsider.user), organisation.id),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      saveOrganisationDetails(t.deps.accreditation, STAFF_ACTOR, form({ baseVersion: '2' })),
    ).rejects.toMatchObject({ code: 'forbidden' });
    // The outsider's form edits its own organisation, never Khanya's.
    const own = await post(t, '/partner/organisation', outsider, form({ name: 'Other Org Renamed' }));
    expect(own.status).toBe(303);
    expect((await t.deps.stores.directory.getOrganisation(organisation.id))?.name).toBe('Khanya Training');
    expect((await t.deps.stores.directory.getOrganisation(outsider.user.organisationId!))?.name).toBe(
      'Other Org Renamed',
    );
  });
});
