/**
 * A person sets the name their certificates are issued in from /me/profile: saved and
 * audited, used by the next certificate, never rewriting one already issued; an empty or
 * oversized name, no session and a missing CSRF token are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../../fixtures/programs.js';
import { expectRedirect, getPage, postForm } from './pageRequests.js';

let t: TestApp;
let who: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  who = await signIn(t, 'participant', await makeParticipant(t, { name: 'Zoe Ngcobo' }));
});
afterAll(async () => {
  await t.close();
});

describe('/me/name', () => {
  it('saves the name, which the next certificate carries; an issued one keeps its own', async () => {
    const { batch: first } = await makeBatch(t);
    await recordAll(t, passingEvents(first.id, who.user.id));
    const before = (await t.deps.stores.enrolments.getEnrolment(first.id, who.user.id))!;

    expectRedirect(
      await postForm(t, '/me/name', { name: '  Zoë   Ngcobo-Müller ' }, who),
      '/me/profile?saved=name#name',
    );
    expect((await t.deps.stores.users.get(who.user.id))?.name).toBe('Zoë Ngcobo-Müller');
    expect(await (await getPage(t, '/me/profile?saved=name', who)).text()).toContain('Your name was saved');
    expect((await t.deps.stores.audit.list({ limit: 10 })).map((r) => r.action)).toContain(
      'user.name_changed',
    );

    const { batch: second } = await makeBatch(t);
    await recordAll(t, passingEvents(second.id, who.user.id));
    const after = (await t.deps.stores.enrolments.getEnrolment(second.id, who.user.id))!;
    const nameOf = async (id: string) =>
      ((await t.deps.stores.credentials.get(id))!.credential as Record<string, any>).credentialSubject.name;
    expect(await nameOf(after.credentialId!)).toBe('Zoë Ngcobo-Müller');
    expect(await nameOf(before.credentialId!)).toBe('Zoe Ngcobo');
  });

  it('refuses an empty or oversized name, a visitor and a form without its CSRF token', async () => {
    for (const name of ['', '   ', 'x'.repeat(201)]) {
      const res = await postForm(t, '/me/name', { name }, who);
      expect(res.status).toBe(400);
    }
    expect((await postForm(t, '/me/name', { name: 'Someone' })).status).toBe(401);
    expect((await postForm(t, '/me/name', { name: 'Someone' }, who, { csrf: null })).status).toBe(403);
    expect((await t.deps.stores.users.get(who.user.id))?.name).toBe('Zoë Ngcobo-Müller');
  });
});
