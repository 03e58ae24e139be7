/**
 * Audit irregularities through the pages, on a controlled clock: staff record one on an
 * application (the partner's members are emailed what and the evidence); another partner
 * organisation gets 404 for it and its files; the partner responds with text and a PDF
 * (the staff who recorded it are emailed; both sides download the file); a corrective
 * action needs a date; an escalation suspends the organisation's accreditation (a mark on
 * the application, which takes the partner's trusted-issuer standing away; its Open Badge
 * has no suspension entry to set) and a resolution reinstates it; the
 * console lists the open ones only; every step is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { auditAbout, expectLabelled, get, post } from '../http/pages/consoleFixtures.js';
import { makeAccreditationType, makePartner, PDF } from '../fixtures/accreditation.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { confirmAction, startApplication, submitDocument } from '../../src/accreditation/applications.js';
import { reviewItem } from '../../src/accreditation/applicationReview.js';
import {
  decideIrregularity,
  recordIrregularity,
  respondToIrregularity,
} from '../../src/accreditation/irregularities.js';
import type { ApplicationRecord } from '../../src/storage/ports.js';
import { createTrustLookup } from '../../src/trust/trustLookup.js';

let t: TestApp;
let staff: SignedIn;
let partner: SignedIn;
let outsider: SignedIn;
let application: ApplicationRecord;
let irregularityId: string;

const at = (iso: string) => new Date(iso);

/** A multipart response with a file, as the partner's browser sends it. */
function respond(who: SignedIn, id: string, text: string, bytes?: Uint8Array): Promise<Response> {
  const body = new FormData();
  body.append('text', text);
  if (bytes) body.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'registers.pdf');
  body.append('_csrf', who.csrf);
  return Promise.resolve(
    t.app.request(`/partner/irregularities/${id}/responses`, {
      method: 'POST',
      headers: { cookie: who.cookie, accept: 'text/html' },
      body,
    }),
  );
}

/** An accredited application: every item submitted and approved, so its credential is issued. */
async function accredited(): Promise<ApplicationRecord> {
  const type = await makeAccreditationType(t);
  const p = actorOf(partner.user);
  const s = actorOf(staff.user);
  const app = await startApplication(t.deps.accreditation, p, { typeId: type.id });
  for (const itemId of ['tax-clearance', 'insurance-certificate']) {
    await submitDocument(t.deps.accreditation, p, app.id, itemId, {
      name: `${itemId}.pdf`,
      bytes: PDF(itemId),
    });
    await reviewItem(t.deps.accreditation, s, app.id, itemId, 'approved');
  }
  await confirmAction(t.deps.accreditation, p, app.id, 'site-visit', 'Visit held on 2 March');
  return reviewItem(t.deps.accreditation, s, app.id, 'site-visit', 'approved');
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = at('2026-03-02T09:00:00.000Z');
  staff = await signIn(t, 'staff');
  partner = (await makePartner(t, 'Audit Academy')).member;
  outsider = (await makePartner(t, 'Elsewhere College')).member;
  application = await accredited();
  expect(application.status).toBe('approved');
});
afterAll(async () => {
  await t.close();
});

describe('audit irregularities', () => {
  it('are recorded by staff on an application, and the partner is told', async () => {
    const form = await get(t, `/admin/accreditation/irregularities?applicationId=${application.id}`, staff);
    expect(form.status).toBe(200);
    const html = await form.text();
    expectLabelled(html);
    expect(html).toContain(`name="applicationId" value="${application.id}"`);

    const bad = await post(t, '/admin/accreditation/irregularities', staff, {
      applicationId: application.id,
      what: '',
      evidence: 'x',
      severity: 'high',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Say what was found');

    const res = await post(t, '/admin/accreditation/irregularities', staff, {
      applicationId: application.id,
      what: 'Attendance registers do not match the sessions held',
      evidence: 'Two registers of 4 March carry the same signatures.',
      severity: 'high',
    });
    expect(res.status).toBe(303);
    irregularityId = /irregularities\/([0-9a-f-]{36})\?done=recorded$/.exec(
      res.headers.get('location')!,
    )![1]!;
    const stored = await t.deps.stores.irregularities.getIrregularity(irregularityId);
    expect(stored).toMatchObject({
      organisationId: application.organisationId,
      applicationId: application.id,
      severity: 'high',
      status: 'open',
      recordedBy: staff.user.id,
    });
    const mail = t.mail.lastTo(partner.user.email);
    expect(mail?.subject).toBe('Audit irregularity: Attendance registers do not match the sessions held');
    expect(mail?.text).toContain('Two registers of 4 March carry the same signatures.');
    expect(mail?.text).toContain(`/partner/irregularities/${irregularityId}`);

    const open = await (await get(t, '/admin/accreditation/irregularities', staff)).text();
    expect(open).toContain('Attendance registers do not match the sessions held');
    expect(open).toContain('Audit Academy');
  });

  it('are not found by another organisation, and only staff record them', async () => {
    expect((await get(t, `/partner/irregularities/${irregularityId}`, outsider)).status).toBe(404);
    expect((await respond(outsider, irregularityId, 'Not ours')).status).toBe(404);
    const list = await (await get(t, '/partner/irregularities', outsider)).text();
    expect(list).not.toContain('Attendance registers');
    expect(
      (await get(t, '/admin/accreditation/irregularities/00000000-0000-4000-8000-000000000000', staff))
        .status,
    ).toBe(404);
    await expect(
      recordIrregularity(t.deps.accreditation, actorOf(partner.user), {
        organisationId: application.organisationId,
        what: 'x',
        evidence: 'y',
        severity: 'low',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('get the partner’s response with a document, which both sides download', async () => {
    const page = await get(t, `/partner/irregularities/${irregularityId}`, partner);
    expect(page.status).toBe(200);
    const html = await page.text();
    expectLabelled(html);
    expect(html).toContain('Two registers of 4 March carry the same signatures.');

    t.clock.now = at('2026-03-03T09:00:00.000Z');
    const res = await respond(
      partner,
      irregularityId,
      'The second register was a copy; originals attached.',
      PDF('registers'),
    );
    expect(res.status).toBe(303);
    const stored = (await t.deps.stores.irregularities.getIrregularity(irregularityId))!;
    expect(stored.status).toBe('responded');
    const sha = stored.responses[0]!.documents[0]!.sha256;
    expect(t.mail.lastTo(staff.user.email)?.subject).toBe(
      'Response: Attendance registers do not match the sessions held (Audit Academy)',
    );
    const staffFile = await get(
      t,
      `/admin/accreditation/irregularities/${irregularityId}/files/${sha}`,
      staff,
    );
    expect(staffFile.status).toBe(200);
    expect(staffFile.headers.get('content-type')).toBe('application/pdf');
    expect((await get(t, `/partner/irregularities/${irregularityId}/files/${sha}`, partner)).status).toBe(
      200,
    );
    expect((await get(t, `/partner/irregularities/${irregularityId}/files/${sha}`, outsider)).status).toBe(
      404,
    );
    expect(
      (await get(t, `/partner/irregularities/${irregularityId}/files/${'0'.repeat(64)}`, partner)).status,
    ).toBe(404);
  });

  it('need a date for corrective action, and tell the partner the decision', async () => {
    const noDate = await post(t, `/admin/accreditation/irregularities/${irregularityId}/decision`, staff, {
      outcome: 'corrective_action',
      note: 'Keep one register per session.',
    });
    expect(noDate.status).toBe(400);
    expect(await noDate.text()).toContain('Give the date the corrective action is due');
    const res = await post(t, `/admin/accreditation/irregularities/${irregularityId}/decision`, staff, {
      outcome: 'corrective_action',
      note: 'Keep one register per session.',
      dueAt: '2026-03-31',
    });
    expect(res.status).toBe(303);
    const mail = t.mail.lastTo(partner.user.email);
    expect(mail?.subject).toBe('Audit irregularity corrective action is required');
    expect(mail?.text).toContain('Please complete it by 2026-03-31 and respond.');
    expect((await t.deps.stores.irregularities.getIrregularity(irregularityId))?.status).toBe(
      'corrective_action',
    );
  });

  it('suspend the accreditation when escalated, and reinstate it when resolved', async () => {
    const actor = actorOf(staff.user);
    // The partner's own issuer DID is trusted as an accredited partner's while in force.
    const did = 'did:web:audit-academy.example.org';
    await t.deps.stores.trust.setPartnerIssuer({
      organisationId: application.organisationId,
      did,
      registeredAt: t.clock.now.toISOString(),
      registeredBy: partner.user.id,
    });
    const lookup = createTrustLookup({ stores: t.deps.stores });
    expect(await lookup.find(did, t.clock.now)).toMatchObject({ kind: 'accredited_partner' });
    const escalated = await decideIrregularity(t.deps.accreditation, actor, irregularityId, {
      outcome: 'escalated',
      note: 'No corrective action was taken.',
    });
    const credentialId = application.credentialId!;
    expect(escalated).toMatchObject({ status: 'escalated', suspendedCredentialIds: [credentialId] });
    expect(escalated.decisions.at(-1)?.credentialIds).toEqual([credentialId]);
    // An Open Badge carries a revocation entry only: the application's mark is the suspension
    // (it takes the partner's standing away), and the credential is not revoked.
    const credential = await t.deps.stores.credentials.get(credentialId);
    expect(credential?.statusEntries.map((e) => e.purpose)).toEqual(['revocation']);
    expect(credential).toMatchObject({ revoked: false, suspended: false });
    expect(
      (await t.deps.stores.accreditation.getApplication(application.id))?.suspension?.irregularityId,
    ).toBe(irregularityId);
    expect(t.mail.lastTo(partner.user.email)?.subject).toBe(
      'Audit irregularity escalated: your accreditation is suspended until it is resolved',
    );
    expect(await lookup.find(did, t.clock.now)).toBeUndefined();
    const partnerApp = await (await get(t, `/partner/applications/${application.id}`, partner)).text();
    expect(partnerApp).toContain('suspended over an audit irregularity');

    await respondToIrregularity(t.deps.accreditation, actorOf(partner.user), irregularityId, {
      text: 'Registers are now kept per session; see the new procedure.',
    });
    const resolved = await decideIrregularity(t.deps.accreditation, actor, irregularityId, {
      outcome: 'resolved',
      note: 'The new procedure is adequate.',
    });
    expect(resolved.status).toBe('resolved');
    expect(resolved.suspendedCredentialIds).toBeUndefined();
    expect(resolved.decisions.at(-1)?.credentialIds).toEqual([credentialId]);
    expect((await t.deps.stores.accreditation.getApplication(application.id))?.suspension).toBeUndefined();
    expect(await lookup.find(did, t.clock.now)).toMatchObject({ kind: 'accredited_partner' });
    await expect(
      decideIrregularity(t.deps.accreditation, actor, irregularityId, { outcome: 'escalated', note: 'x' }),
    ).rejects.toMatchObject({ code: 'conflict' });

    const open = await (await get(t, '/admin/accreditation/irregularities', staff)).text();
    expect(open).not.toContain(`/admin/accreditation/irregularities/${irregularityId}`);
    const all = await (await get(t, '/admin/accreditation/irregularities?show=all', staff)).text();
    expect(all).toContain(`/admin/accreditation/irregularities/${irregularityId}`);
    expect((await auditAbout(t, irregularityId)).map((a) => a.action).reverse()).toEqual([
      'accreditation.irregularity_recorded',
      'accreditation.irregularity_responded',
      'accreditation.irregularity_decided',
      'accreditation.irregularity_decided',
      'accreditation.irregularity_responded',
      'accreditation.irregularity_decided',
    ]);
  });

  it('record the decision when the organisation holds no accreditation to suspend', async () => {
    const actor = actorOf(staff.user);
    const record = await recordIrregularity(t.deps.accreditation, actor, {
      organisationId: outsider.user.organisationId!,
      what: 'Unaccredited delivery advertised',
      evidence: 'Its website lists our courses.',
      severity: 'medium',
    });
    const escalated = await decideIrregularity(t.deps.accreditation, actor, record.id, {
      outcome: 'escalated',
      note: 'Referred to the accreditation lead.',
    });
    expect(escalated.status).toBe('escalated');
    expect(escalated.suspendedCredentialIds).toBeUndefined();
    expect(escalated.decisions).toHaveLength(1);
  });
});
