/**
 * Additional review on a controlled clock: staff send a submitted item to a second
 * reviewer with a reason (never to themselves); the reviewer and the partner are emailed
 * (the partner with the date a decision is expected); the partner sees "under additional
 * review" and cannot replace the document meanwhile; the staff list's review filter finds
 * it (anyone's, and the reader's own); only the additional reviewer decides, and the
 * decision is audited as one; a whole application sends every item waiting for review at
 * once; an overdue additional review alerts its reviewer once; and the page route (the
 * happy path, someone else's object).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { auditAbout, get, post } from '../http/pages/consoleFixtures.js';
import { makeAccreditationType, makePartner, PDF } from '../fixtures/accreditation.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { startApplication, submitDocument } from '../../src/accreditation/applications.js';
import { reviewItem } from '../../src/accreditation/applicationReview.js';
import { requestAdditionalReview } from '../../src/accreditation/additionalReview.js';
import { sendReviewOverdueAlerts } from '../../src/accreditation/accreditationNotices.js';
import type { ApplicationRecord, OrganisationRecord } from '../../src/storage/ports.js';
import type { Actor } from '../../src/accounts/accountDeps.js';

let t: TestApp;
let first: SignedIn;
let lead: SignedIn;
let partner: SignedIn;
let organisation: OrganisationRecord;
let application: ApplicationRecord;

const at = (iso: string) => new Date(iso);
const item = (a: ApplicationRecord, itemId: string) => a.items.find((i) => i.itemId === itemId)!;
const actor = (who: SignedIn): Actor => actorOf(who.user);

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = at('2026-03-02T09:00:00.000Z');
  first = await signIn(t, 'staff');
  lead = await signIn(t, 'staff');
  ({ organisation, member: partner } = await makePartner(t, 'Second Look Academy'));
  const type = await makeAccreditationType(t);
  application = await startApplication(t.deps.accreditation, actor(partner), { typeId: type.id });
  for (const [itemId, name] of [
    ['tax-clearance', 'tax.pdf'],
    ['insurance-certificate', 'insurance.pdf'],
  ] as const)
    await submitDocument(t.deps.accreditation, actor(partner), application.id, itemId, {
      name,
      bytes: PDF(name),
    });
});
afterAll(async () => {
  await t.close();
});

describe('additional review', () => {
  it('sends an item to a second reviewer, tells both sides, and holds the item', async () => {
    await expect(
      requestAdditionalReview(t.deps.accreditation, actor(first), application.id, {
        itemId: 'tax-clearance',
        reviewerId: first.user.id,
        reason: 'Check the tax number',
      }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(
      requestAdditionalReview(t.deps.accreditation, actor(partner), application.id, {
        itemId: 'tax-clearance',
        reviewerId: lead.user.id,
        reason: 'x',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    t.clock.now = at('2026-03-03T10:00:00.000Z');
    const res = await post(t, `/admin/accreditation/${application.id}/additional-review`, first, {
      itemId: 'tax-clearance',
      reviewerId: lead.user.id,
      reason: 'The tax number does not match the registration',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/accreditation/${application.id}?done=additional_review`);
    const updated = (await t.deps.stores.accreditation.getApplication(application.id))!;
    expect(item(updated, 'tax-clearance')).toMatchObject({
      state: 'additional_review',
      additionalReviews: [
        {
          requestedBy: first.user.id,
          reviewerId: lead.user.id,
          reason: 'The tax number does not match the registration',
          dueAt: '2026-03-08T10:00:00.000Z',
        },
      ],
    });
    expect(item(updated, 'insurance-certificate').state).toBe('submitted');

    const toLead = t.mail.lastTo(lead.user.email);
    expect(toLead?.subject).toBe(`Additional review: Tax clearance (${organisation.name})`);
    expect(toLead?.text).toContain('The tax number does not match the registration');
    expect(toLead?.text).toContain('decision by 2026-03-08');
    const toPartner = t.mail.lastTo(partner.user.email);
    expect(toPartner?.subject).toBe('Under additional review: Tax clearance');
    expect(toPartner?.text).toContain('Expect the decision by 2026-03-08');
    expect((await auditAbout(t, application.id)).map((a) => a.action)).toContain(
      'accreditation.additional_review_requested',
    );

    const partnerPage = await (await get(t, `/partner/applications/${application.id}`, partner)).text();
    expect(partnerPage).toContain('under additional review');
    expect(partnerPage).toContain('feedback expected by');
    expect(partnerPage).toContain('2026-03-08');
    expect(partnerPage).not.toContain('The tax number does not match');
    await expect(
      submitDocument(t.deps.accreditation, actor(partner), application.id, 'tax-clearance', {
        name: 'again.pdf',
        bytes: PDF('again'),
      }),
    ).rejects.toMatchObject({ code: 'conflict' });

    const staffPage = await (await get(t, `/admin/accreditation/${application.id}`, first)).text();
    expect(staffPage).toContain(`Additional review by ${lead.user.name}, asked by ${first.user.name}`);
  });

  it('is found by the staff list’s review filter, anyone’s or the reader’s own', async () => {
    const anyone = await (await get(t, '/admin/accreditation?review=additional', first)).text();
    expect(anyone).toContain(`/admin/accreditation/${application.id}`);
    const mineFirst = await (await get(t, '/admin/accreditation?review=additional_mine', first)).text();
    expect(mineFirst).not.toContain(`/admin/accreditation/${application.id}`);
    const mineLead = await (await get(t, '/admin/accreditation?review=additional_mine', lead)).text();
    expect(mineLead).toContain(`/admin/accreditation/${application.id}`);
    expect((await get(t, '/admin/accreditation?review=nonsense', lead)).status).toBe(400);
  });

  it('is decided by the additional reviewer alone, audited as such', async () => {
    await expect(
      reviewItem(t.deps.accreditation, actor(first), application.id, 'tax-clearance', 'approved'),
    ).rejects.toMatchObject({ code: 'forbidden' });
    t.clock.now = at('2026-03-04T10:00:00.000Z');
    const decided = await reviewItem(
      t.deps.accreditation,
      actor(lead),
      application.id,
      'tax-clearance',
      'approved',
      'The number matches the amended registration.',
    );
    expect(item(decided, 'tax-clearance')).toMatchObject({
      state: 'approved',
      additionalReviews: [
        { decidedAt: '2026-03-04T10:00:00.000Z', decidedBy: lead.user.id, decision: 'approved' },
      ],
    });
    expect(t.mail.lastTo(partner.user.email)?.subject).toBe('Approved: Tax clearance');
    const reviewed = (await auditAbout(t, application.id)).find(
      (a) => a.action === 'accreditation.item_reviewed',
    );
    expect(reviewed?.actorId).toBe(lead.user.id);
    expect(JSON.stringify(reviewed)).toContain('"additionalReview":true');
  });

  it('sends a whole application’s waiting items at once, and alerts an overdue one once', async () => {
    await expect(
      requestAdditionalReview(t.deps.accreditation, actor(first), application.id, {
        reviewerId: lead.user.id,
        reason: 'Lead sign-off',
      }),
    ).resolves.toBeDefined();
    const held = (await t.deps.stores.accreditation.getApplication(application.id))!;
    expect(item(held, 'insurance-certificate').state).toBe('additional_review');
    await expect(
      requestAdditionalReview(t.deps.accreditation, actor(first), application.id, {
        reviewerId: lead.user.id,
        reason: 'Again',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });

    t.clock.now = at('2026-03-05T10:00:00.000Z');
    expect(await sendReviewOverdueAlerts(t.deps.accreditation)).toBe(0);
    t.clock.now = at('2026-03-09T11:00:00.000Z');
    expect(await sendReviewOverdueAlerts(t.deps.accreditation)).toBe(1);
    const overdue = t.mail.lastTo(lead.user.email);
    expect(overdue?.subject).toBe(
      `Review overdue: Insurance certificate (additional review) (${organisation.name})`,
    );
    expect(overdue?.text).toContain('was due by 2026-03-09');
    expect(await sendReviewOverdueAlerts(t.deps.accreditation)).toBe(0);

    const sentBack = await reviewItem(
      t.deps.accreditation,
      actor(lead),
      application.id,
      'insurance-certificate',
      'rejected',
      'The cover ends before the accreditation would start.',
    );
    expect(item(sentBack, 'insurance-certificate').state).toBe('needs_changes');
    expect(t.mail.lastTo(partner.user.email)?.text).toContain('The cover ends before the accreditation');
  });

  it('answers 404 for an application that is not there, and 400 without a reason', async () => {
    const unknown = await post(
      t,
      '/admin/accreditation/00000000-0000-4000-8000-000000000000/additional-review',
      first,
      {
        reviewerId: lead.user.id,
        reason: 'x',
      },
    );
    expect(unknown.status).toBe(404);
    const noReason = await post(t, `/admin/accreditation/${application.id}/additional-review`, first, {
      itemId: 'tax-clearance',
      reviewerId: lead.user.id,
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
  });
});
