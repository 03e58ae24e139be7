/**
 * Staff feedback on messaging and the consolidated suggestions: the messaging form is
 * answered from the console's messages section (built-in questions until staff publish
 * their own); comments of both staff forms are grouped by theme and prioritised by the
 * stated rule (at least two answers averaging 3 or less: short term); a staff mark
 * overrides the rule and done ones go last; the monthly report lists the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { OFFICE_TIME } from '../fixtures/messaging.js';
import { staffSuggestions } from '../../src/surveys/staffSuggestions.js';
import { monthlyReport } from '../../src/messaging/monthlyReport.js';
import { publishSurvey } from '../../src/surveys/surveyPublishing.js';

let t: TestApp;
let staff: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date(OFFICE_TIME);
  staff = await signIn(t, 'staff');
  admin = await signIn(t, 'admin');
});
afterAll(async () => {
  await t.close();
});

const messaging = (q1: string, q2: string, q3 = '') =>
  post(t, '/admin/messages/feedback', staff, { q1, q2, q3 });

describe('staff feedback on messaging', () => {
  it('is a form in the messages section, answered as often as staff like; a participant gets 403', async () => {
    const inbox = await (await get(t, '/admin/messages', staff)).text();
    expect(inbox).toContain('href="/admin/messages/feedback"');
    const page = await get(t, '/admin/messages/feedback', staff);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('How efficient is messaging for your work?');
    expect(html).toContain('No staff comments in that time yet.');
    expect((await messaging('', 'x')).status).toBe(400);
    const sent = await messaging('2', 'The search box misses attachments', 'Search box is slow');
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe('/admin/messages/feedback?done=sent');
    expect((await messaging('3', 'Search box again: attachments missing')).status).toBe(303);
    expect((await messaging('5', 'Templates for refunds would help')).status).toBe(303);
    const participant = await signIn(t, 'participant');
    expect((await get(t, '/admin/messages/feedback', participant)).status).toBe(403);
    expect(await t.deps.stores.surveys.countResponses('staff-messaging')).toEqual({ 'staff-messaging@0': 3 });
  });

  it('consolidates both staff forms by theme and prioritises them by the rule', async () => {
    await publishSurvey(
      t.deps.programs,
      { id: admin.user.id, label: 'a', role: 'admin' },
      'staff-certificate-process',
      {
        title: 'Process',
        questions: [
          { type: 'rating', prompt: 'How smooth is issuing?', required: true },
          { type: 'text', prompt: 'What slows you down?', required: false },
        ],
      },
    );
    expect(
      (await post(t, '/admin/surveys/staff-form', staff, { q1: '4', q2: 'Refunds templates, please' }))
        .status,
    ).toBe(303);
    const { suggestions } = await staffSuggestions(t.deps.messaging, {
      id: staff.user.id,
      label: 's',
      role: 'staff',
    });
    const byTheme = new Map(suggestions.map((s) => [s.theme, s]));
    // "search box": 2 answers rated 2 and 3 (average 2.5) -> short term.
    expect(byTheme.get('search box')).toMatchObject({
      answers: 2,
      averageRating: 2.5,
      priority: 'short',
      prioritySetByStaff: false,
      done: false,
      audiences: ['staff-messaging'],
    });
    expect(byTheme.get('search box')!.examples).toHaveLength(3);
    // "refunds": 2 answers from both forms, rated 5 and 4 -> long term.
    expect(byTheme.get('refunds')).toMatchObject({
      answers: 2,
      averageRating: 4.5,
      priority: 'long',
      audiences: ['staff-certificate-process', 'staff-messaging'],
    });
    // A word inside a listed phrase is not a theme of its own.
    expect(byTheme.has('search')).toBe(false);
    // Short term first (ties by more answers, then alphabetically), then long term.
    expect(suggestions.map((s) => [s.theme, s.priority])).toEqual([
      ['attachments', 'short'],
      ['search box', 'short'],
      ['refunds', 'long'],
      ['templates', 'long'],
    ]);
  });

  it('takes a staff mark over the rule, lists done ones last, and shows the same in the monthly report', async () => {
    const mark = (fields: Record<string, string>) =>
      post(t, '/admin/messages/feedback/suggestions', staff, fields);
    expect((await mark({ theme: 'refunds', priority: 'urgent' })).status).toBe(400);
    expect((await mark({ theme: 'refunds', priority: 'short' })).status).toBe(303);
    expect((await mark({ theme: 'search box', priority: 'rule', done: 'on' })).status).toBe(303);
    const { suggestions } = await staffSuggestions(t.deps.messaging, {
      id: staff.user.id,
      label: 's',
      role: 'staff',
    });
    expect(suggestions.map((s) => s.theme)).toEqual(['attachments', 'refunds', 'templates', 'search box']);
    expect(suggestions[1]).toMatchObject({ theme: 'refunds', priority: 'short', prioritySetByStaff: true });
    expect(suggestions.at(-1)).toMatchObject({ theme: 'search box', done: true, priority: 'short' });
    const html = await (await get(t, '/admin/messages/feedback', staff)).text();
    expect(html).toContain('Short term: raised in at least 2 answers whose ratings average 3 or less of 5');
    const report = await monthlyReport(
      t.deps.messaging,
      { id: admin.user.id, label: 'a', role: 'admin' },
      '2026-11',
      'SayPro',
    );
    const rows = report.sections.find((s) => s.heading === 'Staff suggestions')!.table!.rows;
    expect(rows[1]).toEqual(['refunds', '2', '4.5', 'Short term (set by staff)', 'Open']);
    expect(rows.at(-1)).toEqual(['search box', '2', '2.5', 'Short term', 'Done']);
    const audit = await t.deps.stores.audit.list({ limit: 20 });
    expect(audit.map((a) => a.action)).toContain('survey.suggestion_marked');
  });
});
