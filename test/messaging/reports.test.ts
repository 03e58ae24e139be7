/**
 * The monthly report on a controlled clock: three conversations in November 2026 (one
 * answered in an hour and rated, one answered after 36 hours with an automatic
 * out-of-hours reply, one never answered) give exactly the expected first-response times,
 * SLA compliance, response times by weekday, category counts, automated share and rating;
 * the page, the CSV and the PDF show the same month; a conversation of October does not
 * count; the report is for staff only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { monthlyReport } from '../../src/messaging/monthlyReport.js';

let t: TestApp;
let staff: SignedIn;

const HOUR = 3600_000;
const at = (iso: string) => {
  t.clock.now = new Date(iso);
};

async function open(who: SignedIn, category: string, subject: string): Promise<string> {
  const res = await post(t, '/me/messages', who, { category, subject, body: `About ${subject}` });
  return res.headers.get('location')!.split('/').pop()!;
}

beforeAll(async () => {
  t = await createTestApp();
  staff = await signIn(t, 'staff');
  const [a, b, c, d] = [
    await signIn(t, 'participant'),
    await signIn(t, 'participant'),
    await signIn(t, 'participant'),
    await signIn(t, 'participant'),
  ];
  at('2026-10-20T09:00:00.000Z');
  const october = await open(d, 'other', 'October question');
  await post(t, `/admin/messages/${october}/replies`, staff, { body: 'Answered in October' });

  at('2026-11-02T09:00:00.000Z'); // Monday, office hours
  const quick = await open(a, 'certificates', 'Quick one');
  at('2026-11-02T10:00:00.000Z');
  await post(t, `/admin/messages/${quick}/replies`, staff, { body: 'Done', status: 'resolved' });
  at('2026-11-02T11:00:00.000Z');
  await post(t, `/me/messages/${quick}/rating`, a, { score: '5', comment: 'Brilliant help' });

  at('2026-11-03T20:00:00.000Z'); // Tuesday evening: out of hours
  const slow = await open(b, 'payment', 'Slow one');
  at('2026-11-05T08:00:00.000Z');
  await post(t, `/admin/messages/${slow}/replies`, staff, { body: 'Sorry for the wait' });

  at('2026-11-10T09:00:00.000Z');
  await open(c, 'payment', 'Never answered');
  at('2026-12-02T09:00:00.000Z');
});
afterAll(async () => {
  await t.close();
});

describe('the monthly messaging report', () => {
  it("computes the month's figures", async () => {
    const { metrics, sections } = await monthlyReport(
      t.deps.messaging,
      { id: staff.user.id, label: 'staff', role: 'staff' },
      '2026-11',
      'SayPro',
    );
    expect(metrics.conversationsOpened).toBe(3);
    expect(metrics.firstResponse).toMatchObject({
      count: 2,
      averageMs: 18.5 * HOUR,
      medianMs: 18.5 * HOUR,
      withinSla: 1,
      unanswered: 1,
      slaCompliancePct: 33.3,
    });
    expect(metrics.responses).toMatchObject({ count: 2, medianMs: 18.5 * HOUR });
    expect(metrics.responses.byWeekday[1]).toMatchObject({ count: 1, medianMs: HOUR });
    expect(metrics.responses.byWeekday[2]).toMatchObject({ count: 1, medianMs: 36 * HOUR });
    expect(metrics.responses.byHour[20]).toMatchObject({ count: 1, medianMs: 36 * HOUR });
    expect(metrics.byCategory.payment).toEqual({ conversations: 2, messages: 4 });
    expect(metrics.byCategory.certificates).toEqual({ conversations: 1, messages: 2 });
    expect(metrics).toMatchObject({
      messages: 6,
      automaticReplies: 1,
      automatedSharePct: 16.7,
      activePeople: 3,
    });
    expect(metrics.ratings).toEqual({
      count: 1,
      average: 5,
      distribution: [0, 0, 0, 0, 1],
      comments: ['Brilliant help'],
    });
    expect(metrics.backlog).toMatchObject({ open: 1, overSla: 1 });
    expect(metrics.staff).toEqual([
      expect.objectContaining({
        staffId: staff.user.id,
        replies: 2,
        notes: 0,
        medianResponseMs: 18.5 * HOUR,
      }),
    ]);
    expect(sections.map((s) => s.heading)).toEqual([
      'Introduction',
      'System performance',
      'Response time by day of the week',
      'User feedback',
      'Staff feedback',
      // The satisfaction survey and staff suggestions (issue 21; test/surveys/messagingFeedback.test.ts).
      'Satisfaction after resolved conversations',
      'Satisfaction by staff member',
      'Staff suggestions',
      'Suggestions for improvement',
      'Conclusion and recommendations',
    ]);
    expect(sections[8]!.paragraphs[0]).toContain('Only 33.3% of first answers came within 24 hours');
    expect(sections[9]!.paragraphs[0]).toContain('missed its response target');
  });

  it('shows the page and downloads the CSV and PDF of the month', async () => {
    const page = await get(t, '/admin/messages/reports?month=2026-11', staff);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Messaging report 2026-11');
    expect(html).toContain('“Brilliant help”');
    expect(html).toContain('<svg');
    const csv = await (await get(t, '/admin/messages/reports/2026-11.csv', staff)).text();
    expect(csv).toContain('2026-11,sla_compliance_pct,,33.3\r\n');
    expect(csv).toContain('2026-11,conversations_by_category,payment,2\r\n');
    const pdf = await get(t, '/admin/messages/reports/2026-11.pdf', staff);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
    expect(doc.getTitle()).toBe('Messaging report 2026-11');
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    const october = await (await get(t, '/admin/messages/reports/2026-10.csv', staff)).text();
    expect(october).toContain('2026-10,conversations_opened,,1\r\n');
  });

  it('is for staff only and refuses a malformed month', async () => {
    const person = await signIn(t, 'participant');
    expect((await get(t, '/admin/messages/reports', person)).status).toBe(403);
    expect((await get(t, '/admin/messages/reports/2026-11.csv', person)).status).toBe(403);
    expect((await get(t, '/admin/messages/reports?month=2026-13', staff)).status).toBe(400);
    expect((await get(t, '/admin/messages/reports/2026-11.exe', staff)).status).toBe(404);
  });
});
