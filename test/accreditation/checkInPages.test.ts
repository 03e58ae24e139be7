/**
 * Check-ins through the pages: staff schedule a call from the console form (every problem
 * shown beside its field when the form is wrong), open it, change it, record notes after
 * it, set the partner's cadence and write the quarter's assessment, which the report page
 * shows; the partner sees its own meetings (agreed actions, not notes) and another
 * partner sees none of them. The common security cases come from routeCoverage.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { expectLabelled, get, post } from '../http/pages/consoleFixtures.js';
import { makeAccreditationType, makePartner } from '../fixtures/accreditation.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { startApplication } from '../../src/accreditation/applications.js';

let t: TestApp;
let staff: SignedIn;
let partner: SignedIn;
let outsider: SignedIn;
let organisationId: string;
let meetingPath: string;

const BASE = '/admin/accreditation/check-ins';

const scheduleFields = (overrides: Record<string, string> = {}) => ({
  organisationId,
  kind: 'coaching_call',
  startsAt: '2026-03-10T10:00',
  timeZone: 'Africa/Johannesburg',
  durationMinutes: '45',
  agenda: 'Tax clearance and the site visit',
  meetingUrl: 'https://meet.example.org/khanya',
  staffId: staff.user.id,
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T09:00:00.000Z');
  staff = await signIn(t, 'staff');
  const made = await makePartner(t, 'Khanya Training');
  partner = made.member;
  organisationId = made.organisation.id;
  outsider = (await makePartner(t, 'Other Org')).member;
  const type = await makeAccreditationType(t);
  await startApplication(t.deps.accreditation, actorOf(partner.user), { typeId: type.id });
});
afterAll(async () => {
  await t.close();
});

describe('check-in pages', () => {
  it('offer staff the scheduling form, linked from the accreditation page', async () => {
    expect(await (await get(t, '/admin/accreditation', staff)).text()).toContain(`href="${BASE}"`);
    const page = await get(t, BASE, staff);
    expect(page.status).toBe(200);
    const html = await page.text();
    expectLabelled(html);
    expect(html).toContain('Khanya Training');
    expect(html).toContain('No partner is due a check-in');
  });

  it('show every problem of a wrong form beside its field, keeping what was typed', async () => {
    const res = await post(
      t,
      BASE,
      staff,
      scheduleFields({ meetingUrl: 'http://meet.example.org/x', agenda: '', durationMinutes: 'x' }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('Meeting link: use an https:// link');
    expect(html).toContain('Agenda: say what the meeting is for');
    expect(html).toContain('Duration: a whole number of minutes');
    expect(html).toContain('value="http://meet.example.org/x"');
    expect(await t.deps.stores.checkIns.listMeetings({ limit: 10 })).toEqual([]);
  });

  it('schedule a call and show it to staff and to its partner only', async () => {
    const res = await post(t, BASE, staff, scheduleFields());
    expect(res.status).toBe(303);
    meetingPath = res.headers.get('location')!.split('?')[0]!;
    expect(meetingPath).toMatch(new RegExp(`^${BASE}/[0-9a-f-]{36}$`));
    const page = await (await get(t, `${meetingPath}?done=scheduled`, staff)).text();
    expect(page).toContain('The meeting was scheduled');
    expect(page).toContain('Tuesday 10 March 2026, 10:00 (Africa/Johannesburg, UTC+02:00)');
    expectLabelled(page);
    expect(t.mail.lastTo(partner.user.email)?.subject).toMatch(
      /^Scheduled: coaching call with Khanya Training/,
    );

    const own = await (await get(t, '/partner/check-ins', partner)).text();
    expect(own).toContain('Tuesday 10 March 2026, 10:00 (Africa/Johannesburg, UTC+02:00)');
    expect(own).toContain('https://meet.example.org/khanya');
    expect(await (await get(t, '/partner', partner)).text()).toContain('href="/partner/check-ins"');
    const theirs = await (await get(t, '/partner/check-ins', outsider)).text();
    expect(theirs).not.toContain('meet.example.org');
    expect(theirs).toContain('No check-in or coaching call is scheduled');
  });

  it('change the call and refuse a non-https link', async () => {
    const bad = await post(t, meetingPath, staff, scheduleFields({ meetingUrl: 'ftp://x.example.org' }));
    expect(bad.status).toBe(400);
    const res = await post(t, meetingPath, staff, scheduleFields({ startsAt: '2026-03-11T09:30' }));
    expect(res.status).toBe(303);
    expect(await (await get(t, '/partner/check-ins', partner)).text()).toContain(
      'Wednesday 11 March 2026, 09:30',
    );
  });

  it('record notes after the call: the partner sees the agreed actions, never the notes', async () => {
    t.clock.now = new Date('2026-03-11T07:00:00.000Z');
    const early = await post(t, `${meetingPath}/notes`, staff, { notes: 'x', agreedActions: '' });
    expect(early.status).toBe(409);
    t.clock.now = new Date('2026-03-11T08:30:00.000Z');
    const res = await post(t, `${meetingPath}/notes`, staff, {
      notes: 'The director hesitated about insurance',
      agreedActions: 'Upload the insurance certificate by 20 March',
    });
    expect(res.status).toBe(303);
    const own = await (await get(t, '/partner/check-ins', partner)).text();
    expect(own).toContain('Upload the insurance certificate by 20 March');
    expect(own).not.toContain('hesitated');
  });

  it('set the cadence and write the quarter’s assessment, which the report shows', async () => {
    const orgPath = `${BASE}/organisations/${organisationId}`;
    expect((await post(t, `${orgPath}/cadence`, staff, { cadence: 'fortnightly' })).status).toBe(400);
    expect((await post(t, `${orgPath}/cadence`, staff, { cadence: 'monthly' })).status).toBe(303);
    const page = await (await get(t, orgPath, staff)).text();
    expectLabelled(page);
    expect(page).toContain('Check-ins monthly; the next is due 2026-04-11.');
    const empty = await post(t, `${orgPath}/assessments`, staff, {
      quarter: '2026-Q1',
      rating: 'on_track',
      text: '',
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Assessment: write it');
    const res = await post(t, `${orgPath}/assessments`, staff, {
      quarter: '2026-Q1',
      rating: 'on_track',
      text: 'Steady progress; documents on time.',
    });
    expect(res.status).toBe(303);
    const report = await (await get(t, '/partner/reports/2026-Q1', partner)).text();
    expect(report).toContain('Overall assessment');
    expect(report).toContain('Steady progress; documents on time.');
    expect((await get(t, `${BASE}/organisations/no-such-org`, staff)).status).toBe(404);
  });

  it('cancel the call from its page', async () => {
    const res = await post(t, `${BASE}`, staff, scheduleFields({ startsAt: '2026-03-20T10:00' }));
    const path = res.headers.get('location')!.split('?')[0]!;
    expect((await post(t, `${path}/cancel`, staff, { reason: 'Public holiday' })).status).toBe(303);
    expect(t.mail.lastTo(partner.user.email)?.text).toContain('Public holiday');
    expect((await post(t, `${path}/cancel`, staff, { reason: '' })).status).toBe(409);
  });
});
