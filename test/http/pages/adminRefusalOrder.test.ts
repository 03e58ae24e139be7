/**
 * The admin-only changes in the console refuse whoever may not make them before reading
 * anything else: staff get 403 for a change to a person whether the id exists or not (the
 * refusal does not reveal which ids are accounts), and for a new organisation or team
 * whatever the form held (they are not told what to fill in). Admins still get 404 for an
 * unknown person and 400 for a missing name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../../fixtures/sessions.js';
import { auditAbout, post } from './consoleFixtures.js';

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

const ACTIONS = ['role', 'teams', 'disable', 'enable'] as const;
/** A form an admin could send for each change (so the refusal is not about the form). */
const FULL_FORM: Record<(typeof ACTIONS)[number], Record<string, string>> = {
  role: { role: 'admin' },
  teams: { teamId: randomUUID() },
  disable: {},
  enable: {},
};

describe.each(ACTIONS)('POST /admin/users/:id/%s', (action) => {
  it('refuses staff with 403 for an unknown id and for a real person alike, with an empty or a full form', async () => {
    const person = await createUser(t, 'staff');
    for (const id of [randomUUID(), person.id, 'not-an-id']) {
      for (const fields of [{}, FULL_FORM[action]]) {
        const res = await post(t, `/admin/users/${id}/${action}`, staff, fields);
        expect(res.status, `${id} ${JSON.stringify(fields)}`).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        const html = await res.text();
        expect(html).toContain('Only an admin can do this');
        expect(html).not.toContain('There is no account');
      }
    }
    expect(await t.deps.stores.users.get(person.id)).toMatchObject({
      role: 'staff',
      status: 'active',
      teamIds: [],
    });
    expect(await auditAbout(t, person.id)).toEqual([]);
  });

  it('the refusal is a problem+json 403 for a client that asks for JSON', async () => {
    const res = await post(
      t,
      `/admin/users/${randomUUID()}/${action}`,
      staff,
      {},
      { headers: { accept: 'application/json' } },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      status: 403,
      code: 'forbidden',
      detail: 'Only an admin can do this',
    });
  });

  it('answers an admin 404 for an unknown id', async () => {
    const res = await post(
      t,
      `/admin/users/${randomUUID()}/${action}`,
      admin,
      action === 'role' ? { role: 'reviewer' } : {},
    );
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No user');
  });
});

describe('role changes read the role only after the admin check', () => {
  it('an admin sending no role or an unknown one is told to choose; the person is unchanged', async () => {
    const person = await createUser(t, 'participant');
    for (const fields of [{}, { role: 'emperor' }] as Record<string, string>[]) {
      const res = await post(t, `/admin/users/${person.id}/role`, admin, fields);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Choose the new role');
    }
    expect((await t.deps.stores.users.get(person.id))?.role).toBe('participant');
  });

  it('an admin removing their own admin role is refused with 403, as a page', async () => {
    const res = await post(t, `/admin/users/${admin.user.id}/role`, admin, { role: 'participant' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('You cannot remove your own admin role');
    expect((await t.deps.stores.users.get(admin.user.id))?.role).toBe('admin');
  });
});

describe.each([
  ['organisations', 'organisation'],
  ['teams', 'team'],
] as const)('POST /admin/%s', (kind, one) => {
  const listed = async () =>
    kind === 'organisations'
      ? t.deps.stores.directory.listOrganisations()
      : t.deps.stores.directory.listTeams();

  it('refuses staff with 403 whatever the form held: nothing, a blank name, a name of control characters, a good name', async () => {
    const before = (await listed()).length;
    for (const fields of [
      {},
      { name: '' },
      { name: '   ' },
      { name: '\u0000' },
      { name: 'Sneaky Staff' },
    ] as Record<string, string>[]) {
      const res = await post(t, `/admin/${kind}`, staff, fields);
      expect(res.status, JSON.stringify(fields)).toBe(403);
      const html = await res.text();
      expect(html).toContain('Only an admin can do this');
      expect(html).not.toContain(`Enter the ${one} name`);
    }
    expect(await listed()).toHaveLength(before);
  });

  it(`an admin sending no name is told to enter the ${one} name (400)`, async () => {
    const before = (await listed()).length;
    for (const fields of [{}, { name: '  ' }] as Record<string, string>[]) {
      const res = await post(t, `/admin/${kind}`, admin, fields);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(`Enter the ${one} name`);
    }
    expect(await listed()).toHaveLength(before);
  });
});
