/**
 * The console's programme pages: the security cases on every route (no session, each
 * wrong role, CSRF, 415, 413, missing fields, unknown objects), and what staff do there:
 * create a course from lines, a batch with a template (locked), see the tracker say why
 * someone has no certificate, issue / revoke / re-issue with a reason, enrol, import a CSV
 * (the dry run writes nothing), and read the reports with their charts and CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../../fixtures/programs.js';
import { verifyVia } from '../../fixtures/http.js';
import { DEFAULT_DESIGN } from '../../../src/rendering/templateDesign.js';
import {
  ROLES,
  type BatchRecord,
  type CourseRecord,
  type Role,
  type UserRecord,
} from '../../../src/storage/ports.js';
import { get, noSession, post } from './consoleFixtures.js';

const MAX_BODY = 4096;
const MAX_UPLOAD = 16384;
let t: TestApp;
const as = {} as Record<Role, SignedIn>;
let course: CourseRecord;
let batch: BatchRecord;
let participant: UserRecord;

beforeAll(async () => {
  t = await createTestApp({
    env: { MAX_BODY_BYTES: String(MAX_BODY), MAX_UPLOAD_BYTES: String(MAX_UPLOAD) },
  });
  for (const role of ROLES) as[role] = await signIn(t, role);
  ({ course, batch } = await makeBatch(t));
  participant = await makeParticipant(t, { name: 'Lindiwe Zulu' });
  await recordAll(t, passingEvents(batch.id, participant.id).slice(0, 2));
});
afterAll(async () => {
  await t.close();
});

const STAFF: Role[] = ['staff', 'admin'];
const ROUTES: {
  name: string;
  path: () => string;
  fields?: () => Record<string, string>;
  missing?: { fields: () => Record<string, string>; message: RegExp };
}[] = [
  { name: 'GET /admin/programmes', path: () => '/admin/programmes' },
  { name: 'GET /admin/programmes/courses/:id', path: () => `/admin/programmes/courses/${course.id}` },
  { name: 'GET /admin/programmes/batches/:id', path: () => `/admin/programmes/batches/${batch.id}` },
  {
    name: 'GET /admin/programmes/batches/:id/tracker.csv',
    path: () => `/admin/programmes/batches/${batch.id}/tracker.csv`,
  },
  { name: 'GET /admin/programmes/reports', path: () => '/admin/programmes/reports' },
  { name: 'GET /admin/programmes/reports.csv', path: () => '/admin/programmes/reports.csv' },
  {
    name: 'POST /admin/programmes/courses',
    path: () => '/admin/programmes/courses',
    fields: () => ({ title: 'Matrix course' }),
    missing: { fields: () => ({ title: ' ' }), message: /enter the course title/ },
  },
  {
    name: 'POST /admin/programmes/courses/:id/batches',
    path: () => `/admin/programmes/courses/${course.id}/batches`,
    fields: () => ({ name: 'Matrix batch', achievementName: 'A', criteriaNarrative: 'N' }),
    missing: {
      fields: () => ({ name: 'X', achievementName: 'A' }),
      message: /describe the criteria in words/,
    },
  },
  {
    name: 'POST /admin/programmes/batches/:id/enrol',
    path: () => `/admin/programmes/batches/${batch.id}/enrol`,
    fields: () => ({ email: participant.email }),
    missing: { fields: () => ({}), message: /Enter the participant/ },
  },
  {
    name: 'POST /admin/programmes/batches/:id/import',
    path: () => `/admin/programmes/batches/${batch.id}/import`,
    fields: () => ({ csv: 'email\nx@example.org\n', mode: 'dry-run' }),
    missing: { fields: () => ({ mode: 'import' }), message: /Choose a CSV file/ },
  },
  {
    name: 'POST /admin/programmes/batches/:id/participants/:userId/revoke',
    path: () => `/admin/programmes/batches/${batch.id}/participants/${participant.id}/revoke`,
    fields: () => ({ reason: 'x' }),
    missing: { fields: () => ({}), message: /Give a reason/ },
  },
];
const isGet = (name: string) => name.startsWith('GET');

describe.each(ROUTES.map((r) => [r.name, r] as const))('%s', (_name, route) => {
  const send = (who: { cookie: string; csrf: string }) =>
    isGet(route.name) ? get(t, route.path(), who) : post(t, route.path(), who, route.fields?.() ?? {});
  it('without a session: GET goes to the login page, POST is 401', async () => {
    const res = await send(noSession());
    expect(res.status).toBe(isGet(route.name) ? 303 : 401);
  });
  it.each(ROLES.filter((r) => !STAFF.includes(r)))('is 403 for a %s', async (role) => {
    expect((await send(as[role])).status).toBe(403);
  });
  if (isGet(route.name)) {
    it.each(STAFF)('answers 200 to a %s', async (role) => {
      expect((await send(as[role])).status).toBe(200);
    });
    return;
  }
  it('is 403 without the CSRF token, 415 for JSON, 413 when oversized', async () => {
    expect((await post(t, route.path(), as.staff, route.fields!(), { csrf: null })).status).toBe(403);
    const json = await t.app.request(route.path(), {
      method: 'POST',
      headers: { cookie: as.staff.cookie, 'x-csrf-token': as.staff.csrf, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect(
      (await post(t, route.path(), as.staff, { ...route.fields!(), pad: 'x'.repeat(MAX_UPLOAD + 100) }))
        .status,
    ).toBe(413);
  });
  it('is 400 with a message when a field is missing', async () => {
    const res = await post(t, route.path(), as.staff, route.missing!.fields());
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(route.missing!.message);
  });
});

describe('unknown objects', () => {
  it.each([
    '/admin/programmes/courses/nope',
    '/admin/programmes/batches/nope',
    '/admin/programmes/batches/nope/tracker.csv',
  ])('%s is 404', async (path) => {
    expect((await get(t, path, as.staff)).status).toBe(404);
  });
  it('staff actions on an unknown batch or participant are 404', async () => {
    expect(
      (await post(t, '/admin/programmes/batches/nope/participants/x/issue', as.staff, { reason: 'r' }))
        .status,
    ).toBe(404);
    expect(
      (
        await post(t, `/admin/programmes/batches/${batch.id}/participants/nobody/revoke`, as.staff, {
          reason: 'r',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await post(
          t,
          `/admin/programmes/batches/${batch.id}/participants/${participant.id}/explode`,
          as.staff,
          { reason: 'r' },
        )
      ).status,
    ).toBe(404);
  });
});

describe('what staff do', () => {
  it('creates a course from lines and a batch with a locked template', async () => {
    await t.deps.stores.templates.createTemplate(
      { id: 'tpl-console', name: 'Console', createdAt: new Date().toISOString(), createdBy: 'x' },
      DEFAULT_DESIGN,
    );
    const res = await post(t, '/admin/programmes/courses', as.staff, {
      title: 'Data Literacy',
      id: 'data-lit',
      modules: 'd1: Reading data\nd2: Charts',
      assessments: 'quiz: Quiz: 20',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/programmes/courses/data-lit?done=created');
    expect(await t.deps.stores.courses.getCourse('data-lit')).toMatchObject({
      modules: [
        { id: 'd1', title: 'Reading data' },
        { id: 'd2', title: 'Charts' },
      ],
      assessments: [{ id: 'quiz', title: 'Quiz', maxScore: 20 }],
    });
    const bad = await post(t, '/admin/programmes/courses', as.staff, {
      title: 'Bad',
      modules: 'no colon here',
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Modules, line 1');
    expect(html).toContain('no colon here');

    const batchRes = await post(t, '/admin/programmes/courses/data-lit/batches', as.staff, {
      name: 'December',
      id: 'data-dec',
      template: 'tpl-console@1',
      achievementName: 'Data Literacy',
      criteriaNarrative: 'Both modules, 15 of 20 in the quiz',
      modulesRequired: 'all',
      'minScore:quiz': '15',
      holdHours: '0',
      contentApproval: 'on',
      deadline: '2027-01-31T23:59',
    });
    expect(batchRes.headers.get('location')).toBe('/admin/programmes/batches/data-dec?done=created');
    expect(await t.deps.stores.courses.getBatch('data-dec')).toMatchObject({
      templateRef: { templateId: 'tpl-console', version: 1 },
      criteria: {
        requiredModules: 'all',
        assessments: [{ assessmentId: 'quiz', minScore: 15 }],
        contentApproval: true,
        deadline: '2027-01-31T23:59:00Z',
      },
    });
    expect((await t.deps.stores.templates.getVersion('tpl-console', 1))?.lockedAt).toBeTruthy();
    const tooHigh = await post(t, '/admin/programmes/courses/data-lit/batches', as.staff, {
      name: 'X',
      achievementName: 'A',
      criteriaNarrative: 'N',
      'minScore:quiz': '25',
    });
    expect(tooHigh.status).toBe(400);
    expect(await tooHigh.text()).toMatch(/above its maximum of 20/);
  });

  it('shows the tracker with the reason, then issues, re-issues and revokes with reasons', async () => {
    const page = await (await get(t, `/admin/programmes/batches/${batch.id}`, as.staff)).text();
    expect(page).toContain('Lindiwe Zulu');
    expect(page).toContain('missing: a pass in &quot;Final assessment&quot;');
    const base = `/admin/programmes/batches/${batch.id}/participants/${participant.id}`;
    expect((await post(t, `${base}/issue`, as.staff, { reason: '' })).status).toBe(400);
    const issued = await post(t, `${base}/issue`, as.staff, { reason: 'Assessed in person' });
    expect(issued.headers.get('location')).toBe(`/admin/programmes/batches/${batch.id}?done=issue`);
    const first = (await t.deps.stores.enrolments.getEnrolment(batch.id, participant.id))!;
    expect(first.status).toBe('issued');
    await post(t, `${base}/reissue`, as.staff, { reason: 'Spelling', name: 'Lindiwe Zulu-Dube' });
    const second = (await t.deps.stores.enrolments.getEnrolment(batch.id, participant.id))!;
    const record = await t.deps.stores.credentials.get(second.credentialId!);
    expect(record).toMatchObject({ supersedes: first.credentialId });
    expect((record!.credential as Record<string, any>).credentialSubject.name).toBe('Lindiwe Zulu-Dube');
    expect((await verifyVia(t, record!.credential)).body.verified).toBe(true);
    await post(t, `${base}/revoke`, as.staff, { reason: 'Withdrawn by the participant' });
    expect(await t.deps.stores.credentials.get(second.credentialId!)).toMatchObject({
      revoked: true,
      statusReason: 'Withdrawn by the participant',
    });
    const csv = await (await get(t, `/admin/programmes/batches/${batch.id}/tracker.csv`, as.staff)).text();
    expect(csv).toMatch(/Lindiwe Zulu-Dube,[^,]+,revoked,revoked: Withdrawn by the participant/);
  });

  it('enrols by email and imports a CSV (the dry run writes nothing)', async () => {
    const enrol = await post(t, `/admin/programmes/batches/${batch.id}/enrol`, as.staff, {
      email: 'new.learner@example.org',
      name: 'New Learner',
    });
    expect(enrol.headers.get('location')).toBe(`/admin/programmes/batches/${batch.id}?done=enrolled`);
    const learner = (await t.deps.stores.users.getByEmail('new.learner@example.org'))!;
    expect(await t.deps.stores.enrolments.getEnrolment(batch.id, learner.id)).toMatchObject({
      status: 'in_progress',
    });

    const other = await makeParticipant(t);
    const csv = `email,modules,score:final\n${other.email},all,80\n`;
    const dry = await post(t, `/admin/programmes/batches/${batch.id}/import`, as.staff, {
      csv,
      mode: 'dry-run',
    });
    expect(dry.status).toBe(200);
    expect(await dry.text()).toContain('would issue');
    expect(await t.deps.stores.enrolments.getEnrolment(batch.id, other.id)).toBeUndefined();
    const real = await post(t, `/admin/programmes/batches/${batch.id}/import`, as.staff, {
      csv,
      mode: 'import',
    });
    expect(await real.text()).toMatch(/Imported: issued 1/);
    expect(await t.deps.stores.enrolments.getEnrolment(batch.id, other.id)).toMatchObject({
      status: 'issued',
    });
  });

  it('shows the reports with charts and serves their CSV', async () => {
    const html = await (await get(t, '/admin/programmes/reports', as.admin)).text();
    expect(html).toContain('<svg');
    expect(html).toContain('Certificates issued per month');
    expect(html).not.toMatch(/<script(?! src)/);
    const csv = await get(t, '/admin/programmes/reports.csv?from=2026-01', as.admin);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toMatch(/^section,key,value/);
    expect((await get(t, '/admin/programmes/reports?from=yesterday', as.admin)).status).toBe(400);
  });
});
