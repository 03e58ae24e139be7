/**
 * The console's users pages: the list (one link per row to the person's page) and its
 * filter, invitations (the email carries the acceptance link; staff cannot invite above
 * their reach), the person's page (who may read it, unknown and malformed ids, what each
 * viewer may change there), and role changes and disabling through the domain (audited
 * with who, what and which object; each answers with a 303 back to the person's page), a
 * disabled person's session ending at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../../fixtures/sessions.js';
import { auditAbout, expectLabelled, expectRedirect, get, noSession, post } from './consoleFixtures.js';

let t: TestApp;
let admin: SignedIn;
let staff: SignedIn;
const orgId = 'org-users';

beforeAll(async () => {
  t = await createTestApp();
  await t.deps.stores.directory.createOrganisation({
    id: orgId,
    name: 'Umoja Skills',
    createdAt: t.deps.now().toISOString(),
  });
  admin = await signIn(t, 'admin');
  staff = await signIn(t, 'staff');
});
afterAll(async () => {
  await t.close();
});

/** The text of each "Manage"/"View" link to a person's page, by the person's id. */
function personLinks(html: string): Map<string, string> {
  const links = [...html.matchAll(/<a href="\/admin\/users\/([\w-]+)">(.*?)<\/a>/g)];
  return new Map(links.map(([, id, inner]) => [id!, inner!.replace(/<[^>]+>/g, '')]));
}

/** The HTML between a section heading's id and the end of its section. */
function section(html: string, headingId: string): string {
  const start = html.indexOf(`aria-labelledby="${headingId}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
}

describe('the list', () => {
  it('shows name, email, role, status, verified and created, and one link per row to the person', async () => {
    const person = await createUser(t, 'reviewer', { name: 'Thandi Reviewer' });
    const res = await get(t, '/admin/users', admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const text of [
      'Thandi Reviewer',
      person.email,
      'reviewer',
      'active',
      'Verified',
      'Created',
      'class="table-wrap"',
    ])
      expect(html).toContain(text);
    expect(personLinks(html).get(person.id)).toBe('Manage Thandi Reviewer');
    // The changes are made on the person's page, not in the list.
    expect(html).not.toContain('/role"');
    expect(html).not.toContain('/disable"');
    expect(html).not.toContain('<select id="role-');
    // Dates in words (the day; the person's page gives the time too).
    expect(html).toMatch(/<td data-label="Created"><time datetime="[^"]+">\d{1,2} \w+ \d{4}<\/time><\/td>/);
    expectLabelled(html);
  });

  it('gives every row a link of its own, naming the email when two people share a name', async () => {
    const first = await createUser(t, 'participant', { name: 'Sipho Dlamini' });
    const second = await createUser(t, 'participant', { name: 'Sipho Dlamini' });
    const links = personLinks(await (await get(t, '/admin/users', admin)).text());
    expect(links.get(first.id)).toBe(`Manage Sipho Dlamini (${first.email})`);
    expect(links.get(second.id)).toBe(`Manage Sipho Dlamini (${second.email})`);
    const texts = [...links.values()];
    expect(new Set(texts).size, 'link texts are unique').toBe(texts.length);
    // The admin's own row leads to their own page too.
    expect(links.get(admin.user.id)).toBe(`Manage ${admin.user.name}`);
  });

  it('filters by role, and answers 400 for a role that does not exist', async () => {
    const partner = await createUser(t, 'partner', { organisationId: orgId, name: 'Pieter Partner' });
    const html = await (await get(t, '/admin/users?role=partner', admin)).text();
    expect(html).toContain(partner.email);
    expect(html).not.toContain(staff.user.email);
    expect(html).toContain('Umoja Skills');
    const bad = await get(t, '/admin/users?role=overlord', admin);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('There is no role');
  });

  it('gives staff the list and the invitation form, without the admin actions', async () => {
    const html = await (await get(t, '/admin/users', staff)).text();
    expect(html).toContain(admin.user.email);
    expect(html).not.toContain('/role"');
    expect(html).not.toContain('/disable"');
    // Staff read the person's page but change nothing there, and the link says so.
    expect(personLinks(html).get(admin.user.id)).toBe(`View ${admin.user.name}`);
    const inviteRoles = [
      .../<select id="invite-role"[^>]*>(.*?)<\/select>/.exec(html)![1]!.matchAll(/value="(\w+)"/g),
    ].map((m) => m[1]);
    expect(inviteRoles).toEqual(['participant', 'reviewer']);
    expect(html).not.toContain('id="invite-org"');
    expectLabelled(html);
  });
});

describe("the person's page", () => {
  it('shows the person as a summary list, with dates in words and the last sign-in', async () => {
    const partner = await signIn(
      t,
      'partner',
      await createUser(t, 'partner', { name: 'Lindiwe Partner', organisationId: orgId }),
    );
    const res = await get(t, `/admin/users/${partner.user.id}`, admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<h1>Lindiwe Partner</h1>');
    const summary = /<dl class="summary">(.*?)<\/dl>/s.exec(html)?.[1] ?? '';
    const rows = Object.fromEntries(
      [...summary.matchAll(/<dt>(.*?)<\/dt><dd>(.*?)<\/dd>/g)].map(([, term, value]) => [
        term!,
        value!.replace(/<[^>]+>/g, ''),
      ]),
    );
    expect(rows).toMatchObject({
      Name: 'Lindiwe Partner',
      Email: partner.user.email,
      Role: 'partner',
      Organisation: 'Umoja Skills',
      Status: 'active',
    });
    for (const term of ['Email verified', 'Created', 'Last sign-in'])
      expect(rows[term], term).toMatch(/^\d{1,2} \w+ \d{4} at \d\d:\d\d UTC$/);
    expect(rows).not.toHaveProperty('Teams');
    expect(html).toContain('href="/admin/users"');
    expectLabelled(html);
  });

  it('leaves out the last sign-in when no session says when it was', async () => {
    const person = await createUser(t, 'participant', { emailVerifiedAt: undefined });
    const html = await (await get(t, `/admin/users/${person.id}`, admin)).text();
    expect(html).not.toContain('Last sign-in');
    expect(html).toContain('<dt>Email verified</dt><dd>Not yet</dd>');
  });

  it('offers an admin each change in a section of its own, the disable button marked as dangerous', async () => {
    const person = await createUser(t, 'participant', { name: 'Ayanda Learner' });
    const html = await (await get(t, `/admin/users/${person.id}`, admin)).text();
    expect(section(html, 'role-heading')).toContain(`action="/admin/users/${person.id}/role"`);
    expect(section(html, 'role-heading')).toContain(
      '<option value="participant" selected="">participant</option>',
    );
    const access = section(html, 'access-heading');
    expect(access).toContain(`action="/admin/users/${person.id}/disable"`);
    expect(access).toContain('<button type="submit" class="danger">Disable Ayanda Learner</button>');
    expect(access).toContain('signs Ayanda Learner out everywhere');
    // Teams are for staff and admins only.
    expect(html).not.toContain('teams-heading');
  });

  it('gives staff the page to read, with no change offered', async () => {
    const person = await createUser(t, 'participant');
    const res = await get(t, `/admin/users/${person.id}`, staff);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(person.email);
    expect(html).not.toContain('<form method="post" action="/admin/users/');
    expect(html).toContain('Only an admin can change the role, teams or access of an account.');
  });

  it("an admin's own page offers their teams, but not their role or disabling", async () => {
    const html = await (await get(t, `/admin/users/${admin.user.id}`, admin)).text();
    expect(html).toContain('another admin can change your role or disable it');
    expect(html).not.toContain('role-heading');
    expect(html).not.toContain('access-heading');
    expect(html).toContain('teams-heading');
    expect(html).toContain('There are no teams yet');
  });

  it('an erased account is shown, and nothing can be changed', async () => {
    const person = await createUser(t, 'participant', { status: 'erased', name: 'Erased user' });
    const html = await (await get(t, `/admin/users/${person.id}`, admin)).text();
    expect(html).toContain('<span class="tag neutral">erased</span>');
    expect(html).toContain('nothing about it can be changed');
    expect(html).not.toContain('<form method="post" action="/admin/users/');
    expect(personLinks(await (await get(t, '/admin/users', admin)).text()).get(person.id)).toMatch(
      /^View Erased user/,
    );
  });

  it('without a session goes to the login page and comes back', async () => {
    const person = await createUser(t, 'participant');
    expectRedirect(
      await get(t, `/admin/users/${person.id}`, noSession()),
      `/login?next=${encodeURIComponent(`/admin/users/${person.id}`)}`,
    );
  });

  it.each(['participant', 'partner', 'reviewer'] as const)('is 403 for a %s', async (role) => {
    const who = await signIn(
      t,
      role,
      role === 'partner' ? await createUser(t, 'partner', { organisationId: orgId }) : undefined,
    );
    const res = await get(t, `/admin/users/${admin.user.id}`, who);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(admin.user.email);
  });

  it('is the 404 page in words for an unknown id, without reading the id back', async () => {
    const res = await get(t, '/admin/users/2f1c9a3e-0000-4000-8000-000000000000', admin);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('We can&#39;t find that page');
    expect(html).toContain('There is no account with this id.');
    expect(html).not.toContain('2f1c9a3e-0000');
  });

  it.each([
    ['far too long', 'x'.repeat(3000)],
    ['a NUL byte', '%00'],
    ['broken percent-encoding', '%E0%A4%A'],
    ['script', encodeURIComponent('<script>alert(1)</script>')],
    ['an encoded slash', '..%2F..%2Fadmin'],
  ])('is 404 for a malformed id (%s)', async (_label, id) => {
    const res = await get(t, `/admin/users/${id}`, admin);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('We can&#39;t find that page');
    expect(html).not.toContain('<script>alert');
  });
});

describe('invitations', () => {
  it('an admin invites a staff member: the email carries the acceptance link, and it is audited', async () => {
    const email = 'new.staff@example.org';
    const res = await post(t, '/admin/users/invite', admin, {
      email: 'New.Staff@Example.org ',
      role: 'staff',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Invitation sent to ${email}`);
    const mail = t.mail.lastTo(email);
    expect(mail?.text).toMatch(/\/accept-invitation\?token=[\w-]{20,}/);
    expect(mail?.text).toContain('as staff');
    const [entry] = await auditAbout(t, email);
    expect(entry).toMatchObject({
      actorId: admin.user.id,
      action: 'user.invited',
      objectType: 'user',
      objectId: email,
      details: { role: 'staff' },
    });
  });

  it('a partner is invited into an organisation, which the form must name', async () => {
    const missing = await post(t, '/admin/users/invite', admin, { email: 'p1@example.org', role: 'partner' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('A partner must belong to an existing organisation');
    const res = await post(t, '/admin/users/invite', admin, {
      email: 'p1@example.org',
      role: 'partner',
      organisationId: orgId,
    });
    expect(res.status).toBe(200);
    expect(t.mail.lastTo('p1@example.org')).toBeDefined();
  });

  it('staff can invite a participant but not an admin', async () => {
    const ok = await post(t, '/admin/users/invite', staff, {
      email: 'learner@example.org',
      role: 'participant',
    });
    expect(ok.status).toBe(200);
    expect(t.mail.lastTo('learner@example.org')?.text).toContain('/accept-invitation?token=');
    const refused = await post(t, '/admin/users/invite', staff, { email: 'boss@example.org', role: 'admin' });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain('class="notice error"');
    expect(html).toContain('You cannot invite someone as admin');
    expect(html).toContain('value="boss@example.org"');
    expect(t.mail.lastTo('boss@example.org')).toBeUndefined();
  });

  it('answers 409 for an email that already has an account, and 400 for a malformed one or an unknown role', async () => {
    expect(
      (await post(t, '/admin/users/invite', admin, { email: staff.user.email, role: 'participant' })).status,
    ).toBe(409);
    const malformed = await post(t, '/admin/users/invite', admin, {
      email: 'not-an-email',
      role: 'participant',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('Enter an email address');
    const role = await post(t, '/admin/users/invite', admin, { email: 'x@example.org', role: 'emperor' });
    expect(role.status).toBe(400);
    expect(await role.text()).toContain('Choose the role');
  });
});

describe('role changes', () => {
  it('an admin changes a role; the audit log shows who, what and on whom', async () => {
    const person = await createUser(t, 'participant');
    const res = await post(t, `/admin/users/${person.id}/role`, admin, {
      role: 'reviewer',
      organisationId: '',
    });
    expectRedirect(res, `/admin/users/${person.id}?done=role_changed`);
    expect((await t.deps.stores.users.get(person.id))?.role).toBe('reviewer');
    const [entry] = await auditAbout(t, person.id);
    expect(entry).toMatchObject({
      actorId: admin.user.id,
      actorLabel: `${admin.user.name} <${admin.user.email}>`,
      action: 'user.role_changed',
      objectType: 'user',
      objectId: person.id,
      details: { from: 'participant', to: 'reviewer' },
    });
    const log = await (
      await get(t, `/admin/audit?action=user.role_changed&actorId=${admin.user.id}`, admin)
    ).text();
    expect(log).toContain(`user ${person.id}`);
    expect(log).toContain(admin.user.email);
    const page = await (await get(t, `/admin/users/${person.id}?done=role_changed`, admin)).text();
    expect(page).toContain('<p class="notice success" role="status">The role was changed.</p>');
    expect(page).toContain('<dt>Role</dt><dd>reviewer</dd>');
  });

  it('a partner needs an organisation', async () => {
    const person = await createUser(t, 'participant');
    const res = await post(t, `/admin/users/${person.id}/role`, admin, { role: 'partner' });
    expect(res.status).toBe(400);
    // The person's page again, with the reason and the role that was chosen.
    const html = await res.text();
    expect(html).toContain('A partner must belong to an existing organisation');
    expect(html).toContain(`<h1>${person.name}</h1>`);
    expect(section(html, 'role-heading')).toContain('<option value="partner" selected="">partner</option>');
    expectRedirect(
      await post(t, `/admin/users/${person.id}/role`, admin, { role: 'partner', organisationId: orgId }),
      `/admin/users/${person.id}?done=role_changed`,
    );
    expect(await t.deps.stores.users.get(person.id)).toMatchObject({
      role: 'partner',
      organisationId: orgId,
    });
  });

  it('refuses staff, and an admin removing their own admin role', async () => {
    const person = await createUser(t, 'participant');
    expect((await post(t, `/admin/users/${person.id}/role`, staff, { role: 'admin' })).status).toBe(403);
    expect((await t.deps.stores.users.get(person.id))?.role).toBe('participant');
    const self = await post(t, `/admin/users/${admin.user.id}/role`, admin, { role: 'participant' });
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('You cannot remove your own admin role');
  });
});

describe('disabling', () => {
  it("ends the person's sessions at once, and enabling lets them log in again", async () => {
    const partner = await signIn(t, 'partner', await createUser(t, 'partner', { organisationId: orgId }));
    expect((await get(t, '/partner', partner)).status).toBe(200);

    expectRedirect(
      await post(t, `/admin/users/${partner.user.id}/disable`, admin),
      `/admin/users/${partner.user.id}?done=disabled`,
    );
    expectRedirect(await get(t, '/partner', partner), '/login?next=%2Fpartner');
    expect(await t.deps.stores.sessions.listForUser(partner.user.id)).toHaveLength(0);
    expect((await t.deps.stores.users.get(partner.user.id))?.status).toBe('disabled');
    const disabledPage = await (await get(t, `/admin/users/${partner.user.id}?done=disabled`, admin)).text();
    expect(disabledPage).toContain('The account was disabled and signed out everywhere.');
    expect(disabledPage).toContain('<span class="tag bad">disabled</span>');
    expect(section(disabledPage, 'access-heading')).toContain(
      `action="/admin/users/${partner.user.id}/enable"`,
    );
    expect(disabledPage).not.toContain('Last sign-in');

    expectRedirect(
      await post(t, `/admin/users/${partner.user.id}/enable`, admin),
      `/admin/users/${partner.user.id}?done=enabled`,
    );
    expect(await (await get(t, `/admin/users/${partner.user.id}?done=enabled`, admin)).text()).toContain(
      'The account was enabled.',
    );
    expect((await t.deps.stores.users.get(partner.user.id))?.status).toBe('active');
    const actions = (await auditAbout(t, partner.user.id)).map((e) => [e.action, e.actorId]);
    expect(actions).toEqual([
      ['user.enabled', admin.user.id],
      ['user.disabled', admin.user.id],
    ]);
  });

  it('refuses staff and an admin disabling themselves', async () => {
    const person = await createUser(t, 'participant');
    const refused = await post(t, `/admin/users/${person.id}/disable`, staff);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Only an admin can do this');
    const self = await post(t, `/admin/users/${admin.user.id}/disable`, admin);
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('You cannot disable your own account');
    expect((await t.deps.stores.users.get(person.id))?.status).toBe('active');
  });
});
