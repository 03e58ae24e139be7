/**
 * A full accreditation cycle through the domain: a partner starts an application, uploads
 * documents (a rejected one comes back with guidance and is uploaded again, both versions
 * kept), confirms the site visit; staff approve item by item, stages complete in order with
 * who and when; the last approval issues an Open Badges accreditation credential that the
 * verifier accepts; completion and outstanding actions follow along; a lapse revokes the
 * credential; a renewal starts cycle 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeAccreditationType, makePartner, PDF, STAFF_ACTOR } from '../fixtures/accreditation.js';
import { verifyVia, type Json } from '../fixtures/http.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { confirmAction, startApplication, submitDocument } from '../../src/accreditation/applications.js';
import { endApplication, reviewItem } from '../../src/accreditation/applicationReview.js';
import { completionPct, outstandingActions } from '../../src/accreditation/applicationProgress.js';
import type { AccreditationTypeRecord } from '../../src/storage/ports.js';

let t: TestApp;
let type: AccreditationTypeRecord;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T09:00:00.000Z');
  type = await makeAccreditationType(t);
});
afterAll(async () => {
  await t.close();
});

describe('an accreditation cycle', () => {
  it('runs from application to a verifiable accreditation credential, then lapses and renews', async () => {
    const { organisation, member } = await makePartner(t);
    const partner = actorOf(member.user);
    const app = await startApplication(t.deps.accreditation, partner, { typeId: type.id });
    expect(app).toMatchObject({
      organisationId: organisation.id,
      status: 'in_progress',
      cycle: 1,
      stageIndex: 0,
    });
    expect(app.items.map((i) => [i.itemId, i.state, i.dueAt])).toEqual([
      ['tax-clearance', 'missing', '2026-04-01T09:00:00.000Z'],
      ['insurance-certificate', 'missing', '2026-04-16T09:00:00.000Z'],
      ['site-visit', 'missing', '2026-05-01T09:00:00.000Z'],
    ]);
    await expect(startApplication(t.deps.accreditation, partner, { typeId: type.id })).rejects.toMatchObject({
      status: 409,
    });
    await expect(
      confirmAction(t.deps.accreditation, partner, app.id, 'site-visit', 'done'),
    ).rejects.toMatchObject({ status: 409 });

    await submitDocument(t.deps.accreditation, partner, app.id, 'tax-clearance', {
      name: 'tax.pdf',
      bytes: PDF('old'),
    });
    await submitDocument(t.deps.accreditation, partner, app.id, 'insurance-certificate', {
      name: 'insurance.pdf',
      bytes: PDF('cover'),
    });
    let current = await reviewItem(
      t.deps.accreditation,
      STAFF_ACTOR,
      app.id,
      'tax-clearance',
      'rejected',
      "The certificate is from 2024; upload this year's.",
    );
    expect(current.items[0]).toMatchObject({ state: 'needs_changes' });
    expect(outstandingActions(current, t.deps.now())[0]).toMatchObject({
      itemId: 'tax-clearance',
      owner: 'partner',
      guidance: "The certificate is from 2024; upload this year's.",
    });
    expect(t.mail.lastTo(member.user.email)?.text).toContain('upload this year');

    current = await submitDocument(t.deps.accreditation, partner, app.id, 'tax-clearance', {
      name: 'tax-2026.pdf',
      bytes: PDF('new'),
      note: 'Here is the 2026 one',
    });
    expect(current.items[0]!.documents.map((d) => [d.version, d.name])).toEqual([
      [1, 'tax.pdf'],
      [2, 'tax-2026.pdf'],
    ]);
    expect(await t.deps.stores.files.getFile(current.items[0]!.documents[1]!.sha256)).toEqual(PDF('new'));

    t.clock.now = new Date('2026-03-05T09:00:00.000Z');
    await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, 'tax-clearance', 'approved');
    expect(completionPct((await t.deps.stores.accreditation.getApplication(app.id))!)).toBe(33);
    current = await reviewItem(
      t.deps.accreditation,
      STAFF_ACTOR,
      app.id,
      'insurance-certificate',
      'approved',
    );
    expect(current.stageIndex).toBe(1);
    expect(current.stageHistory).toEqual([
      {
        stageId: 'document-submission',
        startedAt: '2026-03-02T09:00:00.000Z',
        completedAt: '2026-03-05T09:00:00.000Z',
        completedBy: STAFF_ACTOR.id,
      },
      { stageId: 'compliance-review', startedAt: '2026-03-05T09:00:00.000Z' },
    ]);

    await confirmAction(
      t.deps.accreditation,
      partner,
      app.id,
      'site-visit',
      'Visit held on 4 March with Mr Naidoo',
    );
    const approved = await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, 'site-visit', 'approved');
    expect(approved).toMatchObject({
      status: 'approved',
      validFrom: '2026-03-05T09:00:00.000Z',
      validUntil: '2028-03-05T09:00:00.000Z',
    });
    expect(completionPct(approved)).toBe(100);
    expect(outstandingActions(approved, t.deps.now())).toEqual([]);

    const record = await t.deps.stores.credentials.get(approved.credentialId!);
    const vc = record!.credential as Json;
    expect(vc.credentialSubject.name).toBe(organisation.name);
    expect(vc.credentialSubject.achievement).toMatchObject({
      achievementType: 'License',
      name: 'Training provider accreditation',
    });
    expect(vc.validUntil).toBe('2028-03-05T09:00:00Z');
    const verified = await verifyVia(t, vc);
    expect(verified.body.verified).toBe(true);
    // Public, so the page the application links to (/c/:id) answers, for anyone to check.
    expect(record!.isPublic).toBe(true);
    expect((await t.app.request(`/c/${encodeURIComponent(record!.id)}`)).status).toBe(200);

    await endApplication(t.deps.accreditation, STAFF_ACTOR, app.id, 'lapsed', 'Insurance cancelled');
    const revoked = await verifyVia(t, vc);
    expect(revoked.body.verified).toBe(false);
    expect(JSON.stringify(revoked.body)).toContain('revoked');

    const renewal = await startApplication(t.deps.accreditation, partner, { typeId: type.id });
    expect(renewal).toMatchObject({ cycle: 2, previousApplicationId: app.id });
  });

  it('keeps other organisations out', async () => {
    const a = await makePartner(t, 'First Partner');
    const b = await makePartner(t, 'Second Partner');
    const app = await startApplication(t.deps.accreditation, actorOf(a.member.user), { typeId: type.id });
    await expect(
      submitDocument(t.deps.accreditation, actorOf(b.member.user), app.id, 'tax-clearance', {
        name: 'x.pdf',
        bytes: PDF(),
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      reviewItem(t.deps.accreditation, actorOf(a.member.user), app.id, 'tax-clearance', 'approved'),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      submitDocument(t.deps.accreditation, actorOf(a.member.user), app.id, 'tax-clearance', {
        name: 'x.exe',
        bytes: new TextEncoder().encode('MZ...'),
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
