/**
 * The programme reports dashboard: guarded like the rest of the console, the charts
 * inlined as our own SVG with every course title and comment escaped (in the charts and in
 * the figures tables beside them), the period filter, and the CSV over the same period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeCourse, makeParticipant, passingEvents, recordAll } from '../../fixtures/programs.js';
import { giveFeedback } from '../../../src/programs/staffIssuance.js';
import { ROLES, type Role } from '../../../src/storage/ports.js';
import { get } from './consoleFixtures.js';
import { expectGetGuarded } from './consoleProgramFixtures.js';

const HOSTILE_TITLE = '<script>alert("t")</script> & Co';
let t: TestApp;
const as = {} as Record<Role, SignedIn>;
let month: string;

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) as[role] = await signIn(t, role);
  const course = await makeCourse(t, { title: HOSTILE_TITLE });
  const { batch } = await makeBatch(t, { course });
  for (const rating of [4, 5]) {
    const person = await makeParticipant(t);
    await recordAll(t, passingEvents(batch.id, person.id));
    const { credentialId } = (await t.deps.stores.enrolments.getEnrolment(batch.id, person.id))!;
    await giveFeedback(
      t.deps.programs,
      { id: person.id, label: person.name, role: 'participant' },
      credentialId!,
      { rating, comment: `<img src=x onerror=alert(${rating})>` },
    );
  }
  month = t.deps.now().toISOString().slice(0, 7);
});
afterAll(async () => {
  await t.close();
});

describe('GET /admin/programmes/reports', () => {
  it('is guarded, and so is its CSV', async () => {
    await expectGetGuarded(t, as, '/admin/programmes/reports');
    await expectGetGuarded(t, as, '/admin/programmes/reports.csv');
  });

  it('inlines the charts and tables with every title and comment escaped', async () => {
    const html = await (await get(t, '/admin/programmes/reports', as.staff)).text();
    // Per month, per quarter, per course and ratings; the funnel has no submitted work here, so no chart.
    expect(html.match(/<svg\b/g)?.length).toBe(4);
    expect(html).not.toContain('<title>Submissions</title>');
    expect(html).not.toMatch(/<script(?! src)/);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(');
    expect(html).toContain('&lt;img src=x onerror=alert(4)&gt;');
    expect(html).toContain('Certificates issued: 2 (re-issues 0, revoked 0).');
    // The figures beside the charts: per month, per course (with the average rating), ratings.
    expect(html).toMatch(new RegExp(`<th scope="row">${month}</th><td>2</td><td>0</td>`));
    expect(html).toMatch(
      /<th scope="row">&lt;script&gt;alert\(&quot;t&quot;\)&lt;\/script&gt; &amp; Co<\/th><td>2<\/td><td>0<\/td><td>4.5<\/td>/,
    );
    expect(html).toMatch(/<th scope="row">5 of 5<\/th><td>1<\/td>/);
    expect(html).toContain('2 ratings, average 4.5 of 5.');
  });

  it('filters by period, links the CSV with the same period, and refuses a malformed one', async () => {
    const empty = await (await get(t, '/admin/programmes/reports?from=2001-01&to=2001-12', as.admin)).text();
    expect(empty).toContain('Certificates issued: 0');
    expect(empty).toContain('href="/admin/programmes/reports.csv?from=2001-01&amp;to=2001-12"');
    expect(empty).toContain('value="2001-01"');
    // A period with nothing in it draws no empty axes: the sentences say so instead.
    expect(empty).not.toMatch(/<svg\b/);
    expect(empty).toContain('No feedback yet.');
    expect(empty).not.toContain('<th scope="row">5 of 5</th>');
    const current = await (
      await get(t, `/admin/programmes/reports?from=${month}&to=${month}`, as.admin)
    ).text();
    expect(current).toContain('Certificates issued: 2');
    const bad = await get(t, '/admin/programmes/reports?to=%3Cscript%3E', as.admin);
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain('<script>');
  });

  it('serves the CSV for the period', async () => {
    const res = await get(t, `/admin/programmes/reports.csv?from=${month}`, as.staff);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="programme-report.csv"');
    const csv = await res.text();
    expect(csv).toMatch(/^section,key,value,second_value,note\r\n/);
    expect(csv).toContain('totals,issued,2,,');
    expect(csv).toContain('feedback_distribution,rating_4,1,,');
    const none = await (
      await get(t, '/admin/programmes/reports.csv?from=2001-01&to=2001-01', as.staff)
    ).text();
    expect(none).toContain('totals,issued,0,,');
  });
});
