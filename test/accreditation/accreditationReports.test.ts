/**
 * Accreditation KPIs and reports on a controlled clock: a partner submits one item late
 * (5 days) and gets one rejection before approval; the KPIs say so exactly (on time 66.7%,
 * average delay 5 days, first-pass approval 66.7%, stage cycle times); the cycle's feedback
 * is taken once; the quarterly report lists status, remaining actions and review feedback,
 * as a page and a PDF, for the partner's own organisation only; the quarterly notice goes to
 * each member once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeAccreditationType, makePartner, PDF, STAFF_ACTOR } from '../fixtures/accreditation.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { confirmAction, startApplication, submitDocument } from '../../src/accreditation/applications.js';
import { reviewItem } from '../../src/accreditation/applicationReview.js';
import { accreditationKpis } from '../../src/accreditation/accreditationKpis.js';
import { announceQuarterlyReports } from '../../src/accreditation/quarterlyReport.js';

let t: TestApp;
let member: SignedIn;
let other: SignedIn;
let staff: SignedIn;
let organisationId: string;
let applicationId: string;

const at = (iso: string) => {
  t.clock.now = new Date(iso);
};

beforeAll(async () => {
  t = await createTestApp();
  at('2026-01-05T09:00:00.000Z');
  const type = await makeAccreditationType(t);
  const partner = await makePartner(t, 'Lesedi Learning');
  ({ member } = partner);
  organisationId = partner.organisation.id;
  other = (await makePartner(t, 'Other Learning')).member;
  staff = await signIn(t, 'staff');
  const actor = actorOf(member.user);
  const app = await startApplication(t.deps.accreditation, actor, { typeId: type.id });
  applicationId = app.id;
  at('2026-01-20T09:00:00.000Z');
  await submitDocument(t.deps.accreditation, actor, app.id, 'tax-clearance', {
    name: 'tax.pdf',
    bytes: PDF('a'),
  }); // due 02-04: on time
  await reviewItem(
    t.deps.accreditation,
    STAFF_ACTOR,
    app.id,
    'tax-clearance',
    'rejected',
    'Needs the SARS stamp',
  );
  at('2026-01-25T09:00:00.000Z');
  await submitDocument(t.deps.accreditation, actor, app.id, 'tax-clearance', {
    name: 'tax2.pdf',
    bytes: PDF('b'),
  });
  await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, 'tax-clearance', 'approved');
  at('2026-02-24T09:00:00.000Z'); // insurance was due 02-19: 5 days late
  await submitDocument(t.deps.accreditation, actor, app.id, 'insurance-certificate', {
    name: 'ins.pdf',
    bytes: PDF('c'),
  });
  await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, 'insurance-certificate', 'approved');
  at('2026-03-01T09:00:00.000Z');
  await confirmAction(t.deps.accreditation, actor, app.id, 'site-visit', 'Visit held');
  at('2026-03-02T09:00:00.000Z');
  await reviewItem(t.deps.accreditation, STAFF_ACTOR, app.id, 'site-visit', 'approved');
  at('2026-04-02T09:00:00.000Z');
  // Sessions last two weeks: sign in again at the report date.
  member = await signIn(t, 'partner', member.user);
  other = await signIn(t, 'partner', other.user);
  staff = await signIn(t, 'staff', staff.user);
});
afterAll(async () => {
  await t.close();
});

describe('accreditation KPIs and reports', () => {
  it('measure timeliness, documentation quality, compliance and stage cycle times', async () => {
    const app = (await t.deps.stores.accreditation.getApplication(applicationId))!;
    expect(app.status).toBe('approved');
    const kpis = accreditationKpis([app], t.deps.now());
    expect(kpis).toMatchObject({
      applications: 1,
      accredited: 1,
      items: 3,
      submittedOnTimePct: 66.7,
      averageDelayDays: 5,
      firstPassApprovalPct: 66.7,
      compliancePct: 100,
    });
    expect(kpis.stageCycleDays).toEqual([
      { stage: 'Document submission', averageDays: 50, completed: 1 },
      { stage: 'Compliance review', averageDays: 6, completed: 1 },
    ]);
    const page = await (await get(t, '/admin/accreditation', staff)).text();
    expect(page).toContain('66.7%');
    expect(page).toContain('Document submission: 50 d');
  });

  it("take the partner's feedback on the cycle once", async () => {
    const page = await (await get(t, `/partner/applications/${applicationId}`, member)).text();
    expect(page).toContain('How was this accreditation cycle?');
    expect(
      (await post(t, `/partner/applications/${applicationId}/feedback`, member, { score: '7' })).status,
    ).toBe(400);
    expect(
      (
        await post(t, `/partner/applications/${applicationId}/feedback`, member, {
          score: '4',
          comment: 'Clear guidance',
        })
      ).status,
    ).toBe(303);
    expect(
      (await post(t, `/partner/applications/${applicationId}/feedback`, member, { score: '5' })).status,
    ).toBe(409);
    expect(
      (await post(t, `/partner/applications/${applicationId}/feedback`, other, { score: '1' })).status,
    ).toBe(404);
    expect(
      accreditationKpis([(await t.deps.stores.accreditation.getApplication(applicationId))!], t.deps.now())
        .feedback,
    ).toEqual({ count: 1, averageScore: 4 });
  });

  it('report each quarter to the partner, in the portal and as a PDF', async () => {
    const html = await (await get(t, '/partner/reports/2026-Q1', member)).text();
    expect(html).toContain('Lesedi Learning: accreditation progress 2026-Q1');
    expect(html).toContain('Needs the SARS stamp');
    expect(html).toContain('Submitted on time: 66.7%');
    expect(html).toContain('Your feedback on completed cycles: 4/5 (1).');
    const pdf = await get(t, '/partner/reports/2026-Q1.pdf', member);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()))).getTitle()).toBe(
      'Lesedi Learning: accreditation progress 2026-Q1',
    );
    expect(await (await get(t, '/partner/reports/2026-Q1', other)).text()).not.toContain('Lesedi');
    expect((await get(t, '/partner/reports/2026-Q9', member)).status).toBe(404);
    expect(
      (await get(t, `/admin/accreditation/organisations/${organisationId}/reports/2026-Q1`, staff)).status,
    ).toBe(200);
    expect(
      (await get(t, `/admin/accreditation/organisations/${organisationId}/reports/2026-Q1`, member)).status,
    ).toBe(403);

    expect(await announceQuarterlyReports(t.deps.accreditation)).toBe(1);
    expect(t.mail.lastTo(member.user.email)?.subject).toBe('Your accreditation progress report for 2026-Q1');
    expect(await announceQuarterlyReports(t.deps.accreditation)).toBe(0);
  });
});
