/**
 * The console's dashboard, organisations and teams: admins create (audited), staff see
 * the lists but cannot create, and the dashboard counts accounts per role and shows the
 * latest audit entries to admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../../fixtures/sessions.js';
import { auditAbout, expectLabelled, expectRedirect, get, post } from './consoleFixtures.js';

let t: TestApp;
let admin: SignedIn;
let staff: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t, 'admin');
  staff = await signIn(t, 'staff');
});
afterAll(async () => {
  await t.close();
});

describe.each(['organisations', 'teams'] as const)('/admin/%s', (kind) => {
  const one = kind === 'organisations' ? 'organisation' : 'team';

  it(`an admin creates an ${one}; it is listed and audited`, async () => {
    const name = `Ubuntu ${one} <b>bold</b>`;
    expectRedirect(await post(t, `/admin/${kind}`, admin, { name }), `/admin/${kind}?done=${one}_created`);
    const res = await get(t, `/admin/${kind}?done=${one}_created`, admin);
    const html = await res.text();
    expect(html).toContain(`The ${one} was created.`);
    expect(html).toContain(`Ubuntu ${one} &lt;b&gt;bold&lt;/b&gt;`);
    expectLabelled(html);
    const list =
      kind === 'organisations'
        ? await t.deps.stores.directory.listOrganisations()
        : await t.deps.stores.directory.listTeams();
    const created = list.find((e) => e.name === name)!;
    const [entry] = await auditAbout(t, created.id);
    expect(entry).toMatchObject({
      actorId: admin.user.id,
      action: `${one}.created`,
      objectType: one,
      details: { name },
    });
  });

  it(`staff see the ${kind} but cannot create one`, async () => {
    const html = await (await get(t, `/admin/${kind}`, staff)).text();
    expect(html).toContain(`Ubuntu ${one}`);
    expect(html).not.toContain(`action="/admin/${kind}"`);
    expect(html).toContain(`Only an admin can add a ${one}`);
    const refused = await post(t, `/admin/${kind}`, staff, { name: 'Sneaky' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Only an admin can do this');
    expect(await (await get(t, `/admin/${kind}`, admin)).text()).not.toContain('Sneaky');
  });
});

describe('one organisation', () => {
  it('shows its members only', async () => {
    const at = t.deps.now().toISOString();
    await t.deps.stores.directory.createOrganisation({ id: 'org-x', name: 'Xhosa Tech', createdAt: at });
    await t.deps.stores.directory.createOrganisation({ id: 'org-y', name: 'Yebo Labs', createdAt: at });
    const inX = await createUser(t, 'partner', { organisationId: 'org-x', name: 'Xola' });
    const inY = await createUser(t, 'partner', { organisationId: 'org-y', name: 'Yusuf' });
    const html = await (await get(t, '/admin/organisations/org-x', staff)).text();
    expect(html).toContain('<h1>Xhosa Tech</h1>');
    expect(html).toContain(inX.email);
    expect(html).not.toContain(inY.email);
  });
});

describe('the dashboard', () => {
  it('counts accounts per role, organisations and teams, and links to the sections', async () => {
    await createUser(t, 'reviewer');
    const html = await (await get(t, '/admin', admin)).text();
    const count = (role: string) =>
      new RegExp(`href="/admin/users\\?role=${role}"><strong>(\\d+)</strong>`).exec(html)?.[1];
    expect(count('admin')).toBe(String(await t.deps.stores.users.count({ role: 'admin' })));
    expect(count('reviewer')).toBe('1');
    expect(count('partner')).toBe('2');
    expect(html).toMatch(/<strong>3<\/strong> organisations/);
    expect(html).toMatch(/<strong>1<\/strong> team(?!s)/);
    for (const href of [
      '/admin/users',
      '/admin/organisations',
      '/admin/teams',
      '/admin/api-keys',
      '/admin/audit',
    ])
      expect(html).toContain(`href="${href}"`);
  });

  it('shows recent audit entries to admins only', async () => {
    const forAdmin = await (await get(t, '/admin', admin)).text();
    expect(forAdmin).toContain('Recent activity');
    expect(forAdmin).toContain('team.created');
    const forStaff = await (await get(t, '/admin', staff)).text();
    expect(forStaff).not.toContain('Recent activity');
    expect(forStaff).not.toContain('team.created');
    expect(forStaff).not.toContain('href="/admin/api-keys"');
    expect(forStaff).not.toContain('href="/admin/audit"');
  });
});
