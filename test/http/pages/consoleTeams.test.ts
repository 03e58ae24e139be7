/**
 * Staff belong to teams (messaging routes by team): an admin sets a staff member's teams
 * with checkboxes on the person's page, and comes back to it; the change is audited;
 * unknown teams, non-staff people and non-admins are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../../fixtures/sessions.js';
import { auditAbout, expectRedirect } from './consoleFixtures.js';

let t: TestApp;
let admin: SignedIn;
let staffBrowser: SignedIn;

function postTeams(who: SignedIn, userId: string, teamIds: string[]): Promise<Response> {
  const body = new URLSearchParams([
    ['_csrf', who.csrf],
    ...teamIds.map((id) => ['teamId', id] as [string, string]),
  ]);
  return Promise.resolve(
    t.app.request(`/admin/users/${userId}/teams`, {
      method: 'POST',
      headers: who.formHeaders,
      body: body.toString(),
    }),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  for (const [id, name] of [
    ['team-certs', 'Certificates desk'],
    ['team-pay', 'Payments'],
  ] as const) {
    await t.deps.stores.directory.createTeam({ id, name, createdAt: t.deps.now().toISOString() });
  }
  admin = await signIn(t, 'admin');
  staffBrowser = await signIn(t, 'staff');
});
afterAll(async () => t.close());

describe('team membership', () => {
  it('an admin puts a staff member in two teams, then one; each change is audited', async () => {
    const staff = await createUser(t, 'staff', { name: 'Naledi Staff' });
    const page = await (
      await t.app.request(`/admin/users/${staff.id}`, { headers: { cookie: admin.cookie } })
    ).text();
    expect(page).toContain(`action="/admin/users/${staff.id}/teams"`);
    expect(page).toContain('Teams of Naledi Staff');
    expect(page).toContain('<dt>Teams</dt><dd>None</dd>');

    expectRedirect(
      await postTeams(admin, staff.id, ['team-certs', 'team-pay']),
      `/admin/users/${staff.id}?done=teams_changed`,
    );
    expect((await t.deps.stores.users.get(staff.id))?.teamIds.sort()).toEqual(['team-certs', 'team-pay']);
    expectRedirect(
      await postTeams(admin, staff.id, ['team-pay']),
      `/admin/users/${staff.id}?done=teams_changed`,
    );
    expect((await t.deps.stores.users.get(staff.id))?.teamIds).toEqual(['team-pay']);
    const after = await (
      await t.app.request(`/admin/users/${staff.id}?done=teams_changed`, {
        headers: { cookie: admin.cookie },
      })
    ).text();
    expect(after).toContain('The team membership was saved.');
    expect(after).toContain('<dt>Teams</dt><dd>Payments</dd>');
    expect(after).toMatch(/<input type="checkbox" name="teamId" value="team-pay" checked=""\/>/);
    expect(after).toMatch(/<input type="checkbox" name="teamId" value="team-certs"\/>/);

    const entries = (await auditAbout(t, staff.id)).filter((e) => e.action === 'user.teams_changed');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actorId: admin.user.id, details: { to: ['team-pay'] } });
  });

  it('refuses an unknown team, a participant, and a staff member acting', async () => {
    const staff = await createUser(t, 'staff');
    const participant = await createUser(t, 'participant');
    const unknown = await postTeams(admin, staff.id, ['team-nope']);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('There is no team team-nope');
    expect((await postTeams(admin, participant.id, ['team-certs'])).status).toBe(400);
    expect((await postTeams(staffBrowser, staff.id, ['team-certs'])).status).toBe(403);
    expect((await postTeams(admin, 'no-such-user', [])).status).toBe(404);
    // A participant's page offers no teams at all.
    const page = await (
      await t.app.request(`/admin/users/${participant.id}`, { headers: { cookie: admin.cookie } })
    ).text();
    expect(page).not.toContain('teams-heading');
    expect((await t.deps.stores.users.get(staff.id))?.teamIds).toEqual([]);
  });

  it('needs the CSRF token', async () => {
    const staff = await createUser(t, 'staff');
    const res = await t.app.request(`/admin/users/${staff.id}/teams`, {
      method: 'POST',
      headers: admin.formHeaders,
      body: 'teamId=team-certs',
    });
    expect(res.status).toBe(403);
  });
});
