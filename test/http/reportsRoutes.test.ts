/**
 * The Reports section and the reports API over HTTP: the accreditation exports as CSV in
 * the console (RFC 4180 quoting, formulas neutralised, KPIs as the Accreditation page
 * computes them) and as JSON behind the `reports:read` scope (401 without a key, 403 with a
 * key lacking it); the kept programme reports (list, one report, its CSV, an unknown one);
 * and choosing the recipients (admins only, staff only as recipients).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser, form, signIn, type SignedIn } from '../fixtures/sessions.js';
import { makeAccreditationType, makePartner, PDF, STAFF_ACTOR } from '../fixtures/accreditation.js';
import { batchRecord, courseRecord } from '../fixtures/programRecords.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { startApplication, submitDocument } from '../../src/accreditation/applications.js';
import { reviewItem } from '../../src/accreditation/applicationReview.js';
import { staffApplicationOverview } from '../../src/accreditation/applicationOverview.js';
import { runScheduledReports } from '../../src/programs/scheduledReports.js';
import { expectProblem } from '../fixtures/http.js';

const EVIL = '=HYPERLINK("http://evil.example"), Ltd';

let t: TestApp;
let staff: SignedIn;
let admin: SignedIn;
let organisationId: string;
let applicationId: string;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-01-05T09:00:00.000Z');
  const type = await makeAccreditationType(t);
  const partner = await makePartner(t, EVIL);
  organisationId = partner.organisation.id;
  const actor = actorOf(partner.member.user);
  applicationId = (await startApplication(t.deps.accreditation, actor, { typeId: type.id })).id;
  t.clock.now = new Date('2026-01-20T09:00:00.000Z');
  // Due 02-04: on time; its first review sends it back.
  await submitDocument(t.deps.accreditation, actor, applicationId, 'tax-clearance', {
    name: 'tax.pdf',
    bytes: PDF('a'),
  });
  await reviewItem(t.deps.accreditation, STAFF_ACTOR, applicationId, 'tax-clearance', 'rejected', 'Stamp it');
  // 2026-03-01: tax clearance (02-04) and insurance (02-19) are due, neither approved.
  t.clock.now = new Date('2026-03-01T09:00:00.000Z');
  await t.deps.stores.courses.createCourse(courseRecord('c1', '@SUM(1+1) course'));
  await t.deps.stores.courses.createBatch(batchRecord('b1', 'c1'));
  staff = await signIn(t, 'staff');
  admin = await signIn(t, 'admin');
  await runScheduledReports(t.deps.programs);
});
afterAll(async () => t.close());

const get = (path: string, who?: SignedIn | string) =>
  t.app.request(path, {
    headers: typeof who === 'string' ? { authorization: `Bearer ${who}` } : who ? { cookie: who.cookie } : {},
  });

describe('the accreditation export API (scope reports:read)', () => {
  it('answers 401 without a key and 403 with a key lacking the scope', async () => {
    for (const path of ['/reports/accreditation/applications', '/reports/accreditation/kpis']) {
      await expectProblem(await get(path), 401);
      const problem = await expectProblem(await get(path, await t.keyWithScopes(['programs:manage'])), 403);
      expect(problem.detail).toContain('reports:read');
    }
  });

  it('gives every application with its status, type, organisation and dates', async () => {
    const res = await get('/reports/accreditation/applications', await t.keyWithScopes(['reports:read']));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { generatedAt: string; applications: Record<string, unknown>[] };
    expect(body.generatedAt).toBe('2026-03-01T09:00:00.000Z');
    expect(body.applications).toEqual([
      expect.objectContaining({
        id: applicationId,
        organisationId,
        organisation: EVIL,
        type: 'Training provider',
        cycle: 1,
        status: 'in_progress',
        stage: 'Document submission',
        completionPct: 0,
        overdueItems: 2,
        startedAt: '2026-01-05T09:00:00.000Z',
      }),
    ]);
  });

  it('gives the KPIs exactly as the Accreditation page computes them', async () => {
    const res = await get('/reports/accreditation/kpis', await t.keyWithScopes(['reports:read']));
    const body = (await res.json()) as { kpis: { organisation: string; kpis: Record<string, unknown> }[] };
    const page = await staffApplicationOverview(t.deps.accreditation, STAFF_ACTOR, {});
    expect(body.kpis.map((k) => k.kpis)).toEqual(page.kpis.map((k) => k.kpis));
    expect(body.kpis.map((k) => k.organisation)).toEqual(['All partners', EVIL]);
    expect(body.kpis[0]!.kpis).toMatchObject({
      applications: 1,
      accredited: 0,
      submittedOnTimePct: 100,
      firstPassApprovalPct: 0,
      compliancePct: 0,
    });
  });
});

describe('the accreditation CSV downloads', () => {
  it('quotes per RFC 4180 and neutralises formulas in the applications CSV', async () => {
    const res = await get('/admin/reports/accreditation-applications.csv', staff);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="accreditation-applications.csv"',
    );
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe(
      'id,organisation_id,organisation,type_id,type,cycle,status,stage,completion_pct,outstanding_items,overdue_items,started_at,approved_at,valid_until,ended_at,end_reason,updated_at',
    );
    expect(lines[1]).toContain(
      `${applicationId},${organisationId},"'=HYPERLINK(""http://evil.example""), Ltd",`,
    );
    expect(lines[1]).toContain(',Training provider,1,in_progress,Document submission,0,');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(3);
  });

  it('writes the KPIs one measure a row, empty where there is nothing to compute', async () => {
    const res = await get('/admin/reports/accreditation-kpis.csv', staff);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('organisation_id,organisation,measure,stage,value');
    expect(lines).toContain(',All partners,applications,,1');
    expect(lines).toContain(',All partners,submitted_on_time_pct,,100');
    expect(lines).toContain(',All partners,compliance_pct,,0');
    expect(lines).toContain(',All partners,average_delay_days,,');
    expect(lines).toContain(
      `${organisationId},"'=HYPERLINK(""http://evil.example""), Ltd",first_pass_approval_pct,,0`,
    );
  });

  it('are for staff only', async () => {
    const participant = await signIn(t, 'participant');
    expect((await get('/admin/reports/accreditation-kpis.csv', participant)).status).toBe(403);
  });
});

describe('the kept programme reports in the console', () => {
  it('lists the reports the job made, each with its page and CSV', async () => {
    const list = await get('/admin/reports', staff);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('href="/admin/reports/kept/monthly-2026-02"');
    expect(html).toContain('href="/admin/reports/kept/quarterly-2025-Q4"');
    // The recipients link is an admin's.
    expect(html).not.toContain('/admin/reports/recipients');
    expect(await (await get('/admin/reports', admin)).text()).toContain('/admin/reports/recipients');

    const page = await get('/admin/reports/kept/monthly-2026-02', staff);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Programme report: February 2026');
    const csv = await get('/admin/reports/kept/monthly-2026-02/report.csv', staff);
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="programme-report-monthly-2026-02.csv"',
    );
    // A course title that looks like a formula is neutralised, as in the dashboard's CSV.
    expect((await csv.text()).split('\r\n')).toContain("issued_by_course,'@SUM(1+1) course,0,0,");
  });

  it('answers 404 for a report that does not exist', async () => {
    expect((await get('/admin/reports/kept/monthly-1999-01', staff)).status).toBe(404);
    expect((await get('/admin/reports/kept/monthly-1999-01/report.csv', staff)).status).toBe(404);
  });
});

describe('choosing who receives the reports', () => {
  const post = (who: SignedIn, ids: string[]) =>
    t.app.request('/admin/reports/recipients', {
      method: 'POST',
      headers: who.formHeaders,
      body: [form({}, who.csrf), ...ids.map((id) => `recipient=${encodeURIComponent(id)}`)].join('&'),
    });

  it('lets an admin choose staff, and shows the choice', async () => {
    const colleague = await createUser(t, 'staff', { name: 'Thandi Recipient' });
    const res = await post(admin, [colleague.id, admin.user.id]);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/reports/recipients?done=saved');
    expect((await t.deps.stores.scheduledReports.getRecipients()).userIds).toEqual([
      colleague.id,
      admin.user.id,
    ]);
    const page = await (await get('/admin/reports/recipients?done=saved', admin)).text();
    expect(page).toContain('The recipients were saved.');
    expect(page).toMatch(new RegExp(`id="recipient-${colleague.id}"[^>]*checked`));
  });

  it('refuses a participant as a recipient, and staff choosing', async () => {
    const participant = await createUser(t, 'participant');
    expect((await post(admin, [participant.id])).status).toBe(400);
    expect((await post(staff, [staff.user.id])).status).toBe(403);
    expect((await get('/admin/reports/recipients', staff)).status).toBe(403);
  });
});
