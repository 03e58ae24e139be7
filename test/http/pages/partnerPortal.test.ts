/**
 * The partner portal: a partner sees their own organisation and its members, never
 * another organisation's (404, as for an unknown one), and the accreditation section's
 * empty state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../../fixtures/sessions.js';
import type { UserRecord } from '../../../src/storage/ports.js';
import { get } from './consoleFixtures.js';

let t: TestApp;
let partner: SignedIn;
let colleague: UserRecord;
let outsider: UserRecord;

beforeAll(async () => {
  t = await createTestApp();
  const at = t.deps.now().toISOString();
  await t.deps.stores.directory.createOrganisation({
    id: 'org-mine',
    name: 'Mine Training Co',
    createdAt: at,
  });
  await t.deps.stores.directory.createOrganisation({
    id: 'org-theirs',
    name: 'Theirs Academy',
    createdAt: at,
  });
  partner = await signIn(t, 'partner', await createUser(t, 'partner', { organisationId: 'org-mine' }));
  colleague = await createUser(t, 'partner', { organisationId: 'org-mine', name: 'Colleague Naledi' });
  outsider = await createUser(t, 'partner', { organisationId: 'org-theirs', name: 'Outsider Olu' });
});
afterAll(async () => {
  await t.close();
});

describe('/partner', () => {
  it("shows the partner's organisation, its members and the accreditation empty state", async () => {
    const res = await get(t, '/partner', partner);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Mine Training Co</h1>');
    expect(html).toContain(partner.user.email);
    expect(html).toContain(colleague.email);
    expect(html).not.toContain(outsider.email);
    expect(html).not.toContain('Theirs Academy');
    expect(html).toContain('Accreditation');
    // No type open yet: what to expect, instead of an empty section.
    expect(html).toContain('No accreditation is open for applications yet.');
    expect(html).toContain('When one opens, you start your organisation&#39;s application here.');
    expect(html).toContain('href="/partner"');
  });

  it('shows the own organisation by id, and 404 for another one or an unknown id', async () => {
    expect(await (await get(t, '/partner/organisations/org-mine', partner)).text()).toContain(
      colleague.email,
    );
    const other = await get(t, '/partner/organisations/org-theirs', partner);
    expect(other.status).toBe(404);
    const otherText = await other.text();
    expect(otherText).not.toContain('Theirs Academy');
    expect(otherText).not.toContain(outsider.email);
    const unknown = await get(t, '/partner/organisations/org-nope', partner);
    expect(unknown.status).toBe(404);
    // The same answer as for an id that does not exist, so a partner learns nothing.
    const withoutId = (html: string) => html.replace(/<code>[^<]*<\/code>/g, '');
    expect(withoutId(await unknown.text())).toBe(withoutId(otherText));
  });

  it('tells a partner without an organisation to ask an admin', async () => {
    const loose = await signIn(t, 'partner');
    const html = await (await get(t, '/partner', loose)).text();
    expect(html).toContain('not linked to an organisation');
    expect(html).toContain('No accreditation applications yet');
  });
});
