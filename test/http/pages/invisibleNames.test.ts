/**
 * Names made only of control or invisible characters are refused wherever a name is taken
 * (organisations, teams, /me/name, sign-up, invitations, first-run setup, the admin CLI's
 * domain call, name corrections, accounts an integration creates), nothing is stored, and
 * invisible characters around a real name are taken out. Names in every script are stored
 * exactly as typed. The shared check itself: test/accounts/displayNames.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../../fixtures/programs.js';
import { anonymous, expectRedirect, postForm } from './pageRequests.js';
import { post } from './consoleFixtures.js';
import { createAdmin, createSetupLinkIfNeeded, inviteUser } from '../../../src/accounts/invitations.js';
import { actorOf } from '../../../src/http/pages/pageKit.js';
import { AppError } from '../../../src/errors.js';
import { reissueCertificate } from '../../../src/programs/staffIssuance.js';

let t: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  t = await createTestApp({ env: { SIGNUP_MODE: 'self' } });
  admin = await signIn(t, 'admin');
});
afterAll(async () => {
  await t.close();
});

/** Names that hold nothing a person can read. */
const INVISIBLE_NAMES = [
  '\u0000',
  '\u0001\u0002',
  '\u202e'.repeat(50),
  '\u200b\u200d\ufeff',
  '\u2066\u2069',
  '\u0085\u009f',
  ' \u0000 \t ',
];
/** Names in other scripts, which must be stored exactly as typed. */
const WORLD_NAMES = ['Zoë', 'Nguyễn Văn An', 'محمد', 'שרה', '李小龙', 'देवनागरी', 'สมชาย'];
const PASSWORD = 'tangerine harbour 42';

describe.each([
  ['organisations', 'organisation'],
  ['teams', 'team'],
] as const)('POST /admin/%s', (kind, one) => {
  const names = async () =>
    (kind === 'organisations'
      ? await t.deps.stores.directory.listOrganisations()
      : await t.deps.stores.directory.listTeams()
    ).map((e) => e.name);

  it('refuses a name of control or invisible characters with a 400 naming the field; nothing is stored', async () => {
    const before = await names();
    for (const name of INVISIBLE_NAMES) {
      const res = await post(t, `/admin/${kind}`, admin, { name });
      expect(res.status, JSON.stringify(name)).toBe(400);
      const html = await res.text();
      expect(html).toMatch(
        new RegExp(`(The ${one} name needs at least one letter or digit|Enter the ${one} name)`),
      );
    }
    expect(await names()).toEqual(before);
  });

  it('stores names in every script exactly, and takes the invisible characters out of one', async () => {
    for (const name of WORLD_NAMES) {
      expectRedirect(
        await post(t, `/admin/${kind}`, admin, { name: `${name} ${one}` }),
        `/admin/${kind}?done=${one}_created`,
      );
      expect(await names()).toContain(`${name} ${one}`);
    }
    expectRedirect(
      await post(t, `/admin/${kind}`, admin, { name: `\u202eEvil\u0000 ${one}\u200b` }),
      `/admin/${kind}?done=${one}_created`,
    );
    expect(await names()).toContain(`Evil ${one}`);
  });
});

describe('POST /me/name', () => {
  let who: SignedIn;
  beforeAll(async () => {
    who = await signIn(t, 'participant', await makeParticipant(t, { name: 'Amahle Dlamini' }));
  });

  it('refuses a name of control or invisible characters next to the field; the name is unchanged', async () => {
    for (const name of INVISIBLE_NAMES) {
      const res = await postForm(t, '/me/name', { name }, who);
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(await res.text()).toMatch(/Your name needs at least one letter or digit|Enter your name/);
    }
    expect((await t.deps.stores.users.get(who.user.id))?.name).toBe('Amahle Dlamini');
  });

  it('saves names in every script exactly as typed', async () => {
    for (const name of WORLD_NAMES) {
      expectRedirect(await postForm(t, '/me/name', { name }, who), '/me/profile?saved=name#name');
      expect((await t.deps.stores.users.get(who.user.id))?.name).toBe(name);
    }
  });

  it('saves the readable part of a name wrapped in overrides', async () => {
    expectRedirect(
      await postForm(t, '/me/name', { name: '\u202eAmahle\u202c  Dlamini\u0000' }, who),
      '/me/profile?saved=name#name',
    );
    expect((await t.deps.stores.users.get(who.user.id))?.name).toBe('Amahle Dlamini');
  });
});

describe('accounts made from a form', () => {
  it('sign-up refuses an invisible name next to the name field, and creates a name in any script as typed', async () => {
    const refused = await postForm(t, '/signup', {
      name: '\u202e'.repeat(50),
      email: 'invisible@example.org',
      password: PASSWORD,
      acceptedTerms: 'yes',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(
      /id="field-name-error"><span class="visually-hidden">Error: <\/span>Your name needs at least one letter or digit</,
    );
    expect(await t.deps.stores.users.getByEmail('invisible@example.org')).toBeUndefined();

    // The name's problem comes in the same round as the others, not after them.
    const all = await (
      await postForm(t, '/signup', { name: '\u200b\u200d', email: 'not-an-address', password: PASSWORD })
    ).text();
    expect(all).toContain('Your name needs at least one letter or digit');
    expect(all).toContain('Accept the terms of use');
    expect(all).toMatch(/id="field-email-error"/);

    await postForm(t, '/signup', {
      name: '李小龙',
      email: 'bruce@example.org',
      password: PASSWORD,
      acceptedTerms: 'yes',
    });
    expect((await t.deps.stores.users.getByEmail('bruce@example.org'))?.name).toBe('李小龙');
  });

  it('accepting an invitation refuses an invisible name; the invitation still works with a real one', async () => {
    const url = await inviteUser(t.deps.accounts, actorOf(admin.user), {
      email: 'invited@example.org',
      role: 'reviewer',
    });
    const token = new URL(url).searchParams.get('token')!;
    const refused = await postForm(t, '/accept-invitation', { token, name: '\u0000', password: PASSWORD });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Your name needs at least one letter or digit');
    expect(await t.deps.stores.users.getByEmail('invited@example.org')).toBeUndefined();
    expectRedirect(
      await postForm(t, '/accept-invitation', { token, name: 'שרה', password: PASSWORD }),
      '/reviewer',
    );
    expect((await t.deps.stores.users.getByEmail('invited@example.org'))?.name).toBe('שרה');
  });

  it('first-run setup refuses an invisible name', async () => {
    const empty = await createTestApp();
    try {
      const url = await createSetupLinkIfNeeded(empty.deps.accounts);
      const token = new URL(url!).searchParams.get('token')!;
      const refused = await postForm(
        empty,
        '/setup',
        { token, name: '\u0001\u0002', email: 'first@example.org', password: PASSWORD },
        anonymous(),
      );
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('Your name needs at least one letter or digit');
      expect(await empty.deps.stores.users.count({ role: 'admin' })).toBe(0);
    } finally {
      await empty.close();
    }
  });

  it('the admin CLI (createAdmin) refuses an invisible name and keeps a real one as typed', async () => {
    const error = await createAdmin(t.deps.accounts, {
      email: 'cli-admin@example.org',
      name: '\u202e\u200b',
      password: PASSWORD,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).detail).toBe('Your name needs at least one letter or digit');
    expect(await t.deps.stores.users.getByEmail('cli-admin@example.org')).toBeUndefined();
    expect(
      (
        await createAdmin(t.deps.accounts, {
          email: 'cli-admin@example.org',
          name: 'Nguyễn Văn An',
          password: PASSWORD,
        })
      ).name,
    ).toBe('Nguyễn Văn An');
  });
});

describe('accounts an integration creates', () => {
  it('an enrolment naming a new participant with an invisible name is refused (400); a real one is kept as sent', async () => {
    const { batch } = await makeBatch(t);
    const key = await t.keyWithScopes(['programs:events']);
    const enrol = (participant: Record<string, string>) =>
      t.app.request(`/programs/batches/${batch.id}/enrolments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ participant }),
      });
    const refused = await enrol({ email: 'lms-invisible@example.org', name: '\u0000\u202e' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: 'invalid_request',
      detail: "The person's name needs at least one letter or digit",
    });
    expect(await t.deps.stores.users.getByEmail('lms-invisible@example.org')).toBeUndefined();
    expect((await enrol({ email: 'lms-real@example.org', name: 'देवनागरी' })).status).toBe(201);
    expect((await t.deps.stores.users.getByEmail('lms-real@example.org'))?.name).toBe('देवनागरी');
  });
});

describe('name corrections', () => {
  it('refuses an invisible corrected name; a correction in another script is taken as typed', async () => {
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t, { name: 'Zoe Ngcobo' });
    await recordAll(t, passingEvents(batch.id, user.id));
    const enrolment = (await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!;
    const participant = await signIn(t, 'participant', user);
    const path = `/me/credentials/${encodeURIComponent(enrolment.credentialId!)}/correction`;
    for (const name of INVISIBLE_NAMES) {
      const res = await postForm(t, path, { name, reason: 'My name is misspelt' }, participant);
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(await res.text()).toMatch(/The name needs at least one letter or digit|Enter your name/);
    }
    expect(await t.deps.stores.corrections.listOpen(10)).toEqual([]);
    expectRedirect(
      await postForm(
        t,
        path,
        { name: '\u202eZoë Ngcobo\u202c', reason: 'The diaeresis is missing' },
        participant,
      ),
      '/me?saved=correction',
    );
    const [request] = await t.deps.stores.corrections.listOpen(10);
    expect(request?.requestedName).toBe('Zoë Ngcobo');
  });
});

describe('a re-issue with a corrected name', () => {
  it('refuses an invisible corrected name and re-issues nothing; a name in another script is taken as typed', async () => {
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t, { name: 'Sipho Nkosy' });
    await recordAll(t, passingEvents(batch.id, user.id));
    const before = (await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!;
    const staff = await signIn(t, 'staff');
    const actor = { id: staff.user.id, label: staff.user.name, role: 'staff' as const };
    for (const name of INVISIBLE_NAMES) {
      await expect(
        reissueCertificate(t.deps.programs, actor, batch.id, user.id, { reason: 'Name misspelt', name }),
        JSON.stringify(name),
      ).rejects.toMatchObject({ status: 400 });
    }
    expect((await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!.credentialId).toBe(
      before.credentialId,
    );
    await reissueCertificate(t.deps.programs, actor, batch.id, user.id, {
      reason: 'Name misspelt',
      name: '\u202eSipho Nkosi\u202c',
    });
    expect((await t.deps.stores.users.get(user.id))!.name).toBe('Sipho Nkosi');
    expect((await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!.credentialId).not.toBe(
      before.credentialId,
    );
  });
});
