/**
 * Name corrections through the pages: the participant asks from /me (their own current
 * certificate only; the name and a reason required, one open request at a time); staff
 * see the queue and approve, which re-issues with the new name (the old shows replaced on
 * /me, pointing at the new), or refuse with a reason the participant is emailed and sees.
 * Every route: no session, the wrong role, someone else's certificate, malformed and
 * oversized bodies.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../../fixtures/programs.js';
import { expectRedirect, getPage, issueTo, postForm } from './pageRequests.js';
import type { CredentialRecord } from '../../../src/storage/ports.js';

let t: TestApp;
let participant: SignedIn;
let staff: SignedIn;
let credential: CredentialRecord;

beforeEach(async () => {
  t = await createTestApp();
  const { batch } = await makeBatch(t);
  const user = await makeParticipant(t, { name: 'Zoe Ngcobo' });
  await recordAll(t, passingEvents(batch.id, user.id));
  const enrolment = (await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!;
  credential = (await t.deps.stores.credentials.get(enrolment.credentialId!))!;
  participant = await signIn(t, 'participant', user);
  staff = await signIn(t, 'staff');
});
afterEach(async () => {
  await t.close();
});

const askPath = (id: string) => `/me/credentials/${encodeURIComponent(id)}/correction`;
const ask = (fields: Record<string, string>, who: SignedIn = participant, id = credential.id) =>
  postForm(t, askPath(id), fields, who);
const GOOD = { name: 'Zoë Ngcobo-Müller', reason: 'The diaeresis and my second surname are missing' };

async function openRequestId(): Promise<string> {
  const [open] = await t.deps.stores.corrections.listOpen(10);
  expect(open).toBeDefined();
  return open!.id;
}

describe('asking', () => {
  it('the participant asks from /me; the queue shows it and their card says it is waiting', async () => {
    const me = await (await getPage(t, '/me', participant)).text();
    expect(me).toContain(`href="${askPath(credential.id)}"`);
    const form = await getPage(t, askPath(credential.id), participant);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Zoe Ngcobo');
    expectRedirect(await ask(GOOD), '/me?saved=correction');
    const after = await (await getPage(t, '/me?saved=correction', participant)).text();
    expect(after).toContain('Your request was sent');
    expect(after).toContain('Staff have not answered yet');
    expect(after).not.toContain(`href="${askPath(credential.id)}"`);
    expect(t.mail.lastTo(participant.user.email)?.subject).toContain('We received your name correction');
    const queue = await (await getPage(t, '/admin/corrections', staff)).text();
    expect(queue).toContain('Zoë Ngcobo-Müller');
    expect(queue).toContain(credential.certificateNumber);
  });

  it('refuses a missing name or reason, the same name, a second open request, and oversized fields, keeping what was typed', async () => {
    for (const [fields, message] of [
      [{ reason: GOOD.reason }, 'Enter your name'],
      [{ name: GOOD.name, reason: '  ' }, 'Say what is wrong'],
      [{ name: 'Zoe Ngcobo', reason: 'x' }, 'already on the certificate'],
      [{ name: 'x'.repeat(201), reason: 'x' }, 'under 200'],
      [{ name: GOOD.name, reason: 'x'.repeat(501) }, 'under 500'],
    ] as const) {
      const res = await ask(fields);
      expect(res.status, message).toBe(400);
      expect(await res.text(), message).toContain(message);
    }
    expectRedirect(await ask(GOOD), '/me?saved=correction');
    const again = await ask(GOOD);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already asked');
  });

  it("answers 404 for someone else's certificate, a missing one, and sends a visitor to log in", async () => {
    const other = await signIn(t, 'participant');
    expect((await getPage(t, askPath(credential.id), other)).status).toBe(404);
    expect((await ask(GOOD, other)).status).toBe(404);
    expect((await ask(GOOD, participant, 'urn:uuid:00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expectRedirect(
      await getPage(t, askPath(credential.id)),
      `/login?next=${encodeURIComponent(askPath(credential.id))}`,
    );
    expect(await t.deps.stores.corrections.listOpen(10)).toEqual([]);
  });

  it('refuses a certificate that is not current (revoked)', async () => {
    const revoked = await issueTo(t, participant.user.id);
    await t.deps.stores.statusLists.setStatus(
      revoked.id,
      { revoked: true, reason: 'issued in error' },
      new Date().toISOString(),
    );
    const res = await ask(GOOD, participant, revoked.id);
    expect(res.status).toBe(409);
  });
});

describe('deciding', () => {
  it('approval re-issues with the new name: /me shows the old as replaced by the new, which carries the name', async () => {
    await ask(GOOD);
    const id = await openRequestId();
    const page = await (await getPage(t, `/admin/corrections/${id}`, staff)).text();
    expect(page).toContain('The diaeresis and my second surname are missing');
    expectRedirect(
      await postForm(t, `/admin/corrections/${id}/approve`, {}, staff),
      `/admin/corrections/${id}?done=approved`,
    );
    const decided = (await t.deps.stores.corrections.get(id))!;
    expect(decided).toMatchObject({
      status: 'approved',
      decidedBy: staff.user.id,
      replacementId: expect.any(String),
    });
    const replacement = (await t.deps.stores.credentials.get(decided.replacementId!))!;
    expect(replacement.supersedes).toBe(credential.id);
    expect((replacement.credential as Record<string, any>).credentialSubject.name).toBe(GOOD.name);
    expect((await t.deps.stores.users.get(participant.user.id))?.name).toBe(GOOD.name);
    const me = await (await getPage(t, '/me', participant)).text();
    expect(me).toContain(
      `href="#certificate-${replacement.certificateNumber}">certificate ${replacement.certificateNumber}</a>`,
    );
    expect(t.mail.lastTo(participant.user.email)?.subject).toMatch(/re-issued|certificate/i);
    // Decided once: a second approval is refused and changes nothing.
    const again = await postForm(t, `/admin/corrections/${id}/approve`, {}, staff);
    expect(again.status).toBe(409);
    expect((await t.deps.stores.credentials.findReplacement(credential.id))?.id).toBe(replacement.id);
  });

  it('refusal needs a reason, which the participant is emailed and sees on /me; the certificate stays valid', async () => {
    await ask(GOOD);
    const id = await openRequestId();
    expect((await postForm(t, `/admin/corrections/${id}/refuse`, { note: ' ' }, staff)).status).toBe(400);
    expect(
      (await postForm(t, `/admin/corrections/${id}/refuse`, { note: 'x'.repeat(501) }, staff)).status,
    ).toBe(400);
    expectRedirect(
      await postForm(
        t,
        `/admin/corrections/${id}/refuse`,
        { note: 'The name must match your ID document.' },
        staff,
      ),
      `/admin/corrections/${id}?done=refused`,
    );
    const mail = t.mail.lastTo(participant.user.email)!;
    expect(mail.text).toContain('The name must match your ID document.');
    const me = await (await getPage(t, '/me', participant)).text();
    expect(me).toContain('was refused');
    expect(me).toContain('The name must match your ID document.');
    expect((await t.deps.stores.credentials.get(credential.id))?.revoked).toBe(false);
  });

  it('the queue and decisions are for staff only: no session, a participant or a reviewer are turned away; unknown ids are 404', async () => {
    await ask(GOOD);
    const id = await openRequestId();
    const reviewer = await signIn(t, 'reviewer');
    for (const path of ['/admin/corrections', `/admin/corrections/${id}`]) {
      expectRedirect(await getPage(t, path), `/login?next=${encodeURIComponent(path)}`);
      expect((await getPage(t, path, participant)).status).toBe(403);
      expect((await getPage(t, path, reviewer)).status).toBe(403);
    }
    expect((await postForm(t, `/admin/corrections/${id}/approve`, {}, participant)).status).toBe(403);
    expect((await postForm(t, `/admin/corrections/${id}/refuse`, { note: 'no' }, reviewer)).status).toBe(403);
    expect((await getPage(t, '/admin/corrections/nope', staff)).status).toBe(404);
    expect((await postForm(t, '/admin/corrections/nope/approve', {}, staff)).status).toBe(404);
    expect((await t.deps.stores.corrections.get(id))?.status).toBe('open');
  });
});
