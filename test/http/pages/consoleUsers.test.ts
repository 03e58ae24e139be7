/**
 * The console's users page: listing and filtering, invitations (the email carries the
 * acceptance link; staff cannot invite above their reach), role changes and disabling
 * through the domain (audited with who, what and which object), and a disabled person's
 * session ending at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../../fixtures/sessions.js';
import { auditAbout, expectLabelled, expectRedirect, get, post } from './consoleFixtures.js';

let t: TestApp;
let admin: SignedIn;
let staff: SignedIn;
const orgId = 'org-users';

beforeAll(async () => {
  t = await createTestApp();
  await t.deps.stores.directory.createOrganisation({ id: orgId, name: 'Umoja Skills', createdAt: t.deps.now().toISOString() });
  admin = await signIn(t, 'admin');
  staff = await signIn(t, 'staff');
});
afterAll(async () => {
  await t.close();
});

describe('the list', () => {
  it('shows name, email, role, status, verified and created, with every control labelled', async () => {
    const person = await createUser(t, 'reviewer', { name: 'Thandi Reviewer' });
    const res = await get(t, '/admin/users', admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const text of ['Thandi Reviewer', person.email, 'reviewer', 'active', 'Verified', 'Created', 'class="table-wrap"']) expect(html).toContain(text);
    expect(html).toContain(`action="/admin/users/${person.id}/role"`);
    expect(html).toContain(`action="/admin/users/${person.id}/disable"`);
    expectLabelled(html);
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
    const inviteRoles = [.../<select id="invite-role"[^>]*>(.*?)<\/select>/.exec(html)![1]!.matchAll(/value="(\w+)"/g)].map((m) => m[1]);
    expect(inviteRoles).toEqual(['participant', 'reviewer']);
    expect(html).not.toContain('id="invite-org"');
    expectLabelled(html);
  });
});

describe('invitations', () => {
  it('an admin invites a staff member: the email carries the acceptance link, and it is audited', async () => {
    const email = 'new.staff@example.org';
    const res = await post(t, '/admin/users/invite', admin, { email: 'New.Staff@Example.org ', role: 'staff' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Invitation sent to ${email}`);
    const mail = t.mail.lastTo(email);
    expect(mail?.text).toMatch(/\/accept-invitation\?token=[\w-]{20,}/);
    expect(mail?.text).toContain('as staff');
    const [entry] = await auditAbout(t, email);
    expect(entry).toMatchObject({ actorId: admin.user.id, action: 'user.invited', objectType: 'user', objectId: email, details: { role: 'staff' } });
  });

  it('a partner is invited into an organisation, which the form must name', async () => {
    const missing = await post(t, '/admin/users/invite', admin, { email: 'p1@example.org', role: 'partner' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('A partner must belong to an existing organisation');
    const res = await post(t, '/admin/users/invite', admin, { email: 'p1@example.org', role: 'partner', organisationId: orgId });
    expect(res.status).toBe(200);
    expect(t.mail.lastTo('p1@example.org')).toBeDefined();
  });

  it('staff can invite a participant but not an admin', async () => {
    const ok = await post(t, '/admin/users/invite', staff, { email: 'learner@example.org', role: 'participant' });
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
    expect((await post(t, '/admin/users/invite', admin, { email: staff.user.email, role: 'participant' })).status).toBe(409);
    const malformed = await post(t, '/admin/users/invite', admin, { email: 'not-an-email', role: 'participant' });
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
    const res = await post(t, `/admin/users/${person.id}/role`, admin, { role: 'reviewer', organisationId: '' });
    expectRedirect(res, '/admin/users?done=role_changed');
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
    const log = await (await get(t, `/admin/audit?action=user.role_changed&actorId=${admin.user.id}`, admin)).text();
    expect(log).toContain(`user ${person.id}`);
    expect(log).toContain(admin.user.email);
    expect(await (await get(t, '/admin/users?done=role_changed', admin)).text()).toContain('The role was changed.');
  });

  it('a partner needs an organisation', async () => {
    const person = await createUser(t, 'participant');
    const res = await post(t, `/admin/users/${person.id}/role`, admin, { role: 'partner' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('A partner must belong to an existing organisation');
    expectRedirect(await post(t, `/admin/users/${person.id}/role`, admin, { role: 'partner', organisationId: orgId }), '/admin/users?done=role_changed');
    expect(await t.deps.stores.users.get(person.id)).toMatchObject({ role: 'partner', organisationId: orgId });
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

    expectRedirect(await post(t, `/admin/users/${partner.user.id}/disable`, admin), '/admin/users?done=disabled');
    expectRedirect(await get(t, '/partner', partner), '/login?next=%2Fpartner');
    expect(await t.deps.stores.sessions.listForUser(partner.user.id)).toHaveLength(0);
    expect((await t.deps.stores.users.get(partner.user.id))?.status).toBe('disabled');
    expect(await (await get(t, '/admin/users?role=partner', admin)).text()).toContain(`action="/admin/users/${partner.user.id}/enable"`);

    expectRedirect(await post(t, `/admin/users/${partner.user.id}/enable`, admin), '/admin/users?done=enabled');
    expect((await t.deps.stores.users.get(partner.user.id))?.status).toBe('active');
    const actions = (await auditAbout(t, partner.user.id)).map((e) => [e.action, e.actorId]);
    expect(actions).toEqual([
      ['user.enabled', admin.user.id],
      ['user.disabled', admin.user.id],
    ]);
  });

  it('refuses staff and an admin disabling themselves', async () => {
    const person = await createUser(t, 'participant');
    expect((await post(t, `/admin/users/${person.id}/disable`, staff)).status).toBe(403);
    expect((await post(t, `/admin/users/${admin.user.id}/disable`, admin)).status).toBe(403);
    expect((await t.deps.stores.users.get(person.id))?.status).toBe('active');
  });
});
