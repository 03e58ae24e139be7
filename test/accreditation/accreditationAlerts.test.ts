/**
 * Accreditation alerts on a controlled clock: starting an application plans each item's
 * reminders (the type's days before, 1 and 7 days after) for the partner's members and the
 * assigned staff member; submitting an item cancels its reminders; a missed deadline sends
 * the past-due alert to both; approval plans renewal reminders before expiry, and a lapse
 * cancels them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeAccreditationType, makePartner, PDF, STAFF_ACTOR } from '../fixtures/accreditation.js';
import { createUser } from '../fixtures/sessions.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import {
  assignStaff,
  confirmAction,
  startApplication,
  submitDocument,
} from '../../src/accreditation/applications.js';
import { endApplication, lapseExpired, reviewItem } from '../../src/accreditation/applicationReview.js';
import { deliverDue } from '../../src/notifications/outbox.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T09:00:00.000Z');
});
afterAll(async () => {
  await t.close();
});

const queued = async (planKey: string) =>
  (await t.deps.stores.outbox.listPlan(planKey)).filter((m) => m.status === 'queued').map((m) => m.dueAt);

describe('accreditation alerts', () => {
  it('remind before, warn after, and follow the application to its end', async () => {
    const type = await makeAccreditationType(t);
    const { member } = await makePartner(t);
    const officer = await createUser(t, 'staff', { name: 'Accreditation Officer' });
    const partner = actorOf(member.user);
    const app = await startApplication(t.deps.accreditation, partner, { typeId: type.id });
    await assignStaff(t.deps.accreditation, STAFF_ACTOR, app.id, officer.id);

    const taxKey = (userId: string) => `accreditation:${app.id}:tax-clearance:${userId}`;
    expect(await queued(taxKey(member.user.id))).toEqual([
      '2026-03-18T09:00:00.000Z',
      '2026-03-25T09:00:00.000Z',
      '2026-03-31T09:00:00.000Z',
      '2026-04-02T09:00:00.000Z',
      '2026-04-08T09:00:00.000Z',
    ]);
    expect(await queued(taxKey(officer.id))).toHaveLength(5);

    await submitDocument(t.deps.accreditation, partner, app.id, 'insurance-certificate', {
      name: 'ins.pdf',
      bytes: PDF(),
    });
    expect(await queued(`accreditation:${app.id}:insurance-certificate:${member.user.id}`)).toEqual([]);

    t.clock.now = new Date('2026-04-02T09:00:01.000Z');
    await deliverDue(t.deps.notifications);
    for (const email of [member.user.email, officer.email]) {
      const mail = t.mail.lastTo(email);
      expect(mail?.subject).toBe('Past due: Tax clearance');
      expect(mail?.text).toContain('was due on 2026-04-01');
    }

    await submitDocument(t.deps.accreditation, partner, app.id, 'tax-clearance', {
      name: 'tax.pdf',
      bytes: PDF(),
    });
    expect(await queued(taxKey(member.user.id))).toEqual([]);
    await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, 'tax-clearance', 'approved');
    await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, 'insurance-certificate', 'approved');
    await confirmAction(t.deps.accreditation, partner, app.id, 'site-visit', 'Held on 2 April');
    const approved = await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, 'site-visit', 'approved');
    expect(approved.validUntil).toBe('2028-04-02T09:00:01.000Z');
    const renewalKey = `accreditation_expiry:${app.id}:${member.user.id}`;
    expect(await queued(renewalKey)).toEqual([
      '2028-01-03T09:00:01.000Z',
      '2028-02-02T09:00:01.000Z',
      '2028-03-03T09:00:01.000Z',
    ]);
    await endApplication(t.deps.accreditation, STAFF_ACTOR, app.id, 'lapsed', 'Stopped trading');
    expect(await queued(renewalKey)).toEqual([]);
  });

  it('lapses an accreditation when its validity ends, revoking the credential', async () => {
    t.clock.now = new Date('2026-05-01T09:00:00.000Z');
    const type = await makeAccreditationType(t);
    const { member } = await makePartner(t, 'Expiring Partner');
    const partner = actorOf(member.user);
    const app = await startApplication(t.deps.accreditation, partner, { typeId: type.id });
    for (const item of ['tax-clearance', 'insurance-certificate']) {
      await submitDocument(t.deps.accreditation, partner, app.id, item, {
        name: `${item}.pdf`,
        bytes: PDF(item),
      });
      await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, item, 'approved');
    }
    await confirmAction(t.deps.accreditation, partner, app.id, 'site-visit', 'Done');
    const approved = await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, 'site-visit', 'approved');
    expect(await lapseExpired(t.deps.accreditation)).toBe(0);
    t.clock.now = new Date(Date.parse(approved.validUntil!) + 1000);
    expect(await lapseExpired(t.deps.accreditation)).toBe(1);
    const lapsed = await t.deps.stores.accreditation.getApplication(app.id);
    expect(lapsed).toMatchObject({
      status: 'lapsed',
      endReason: 'the accreditation period ended without renewal',
    });
    expect((await t.deps.stores.credentials.get(approved.credentialId!))?.revoked).toBeTruthy();
  });
});
