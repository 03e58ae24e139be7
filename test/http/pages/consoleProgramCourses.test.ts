/**
 * Course pages of the programme console beyond the route matrix in consolePrograms.test.ts:
 * editing a course (guarded like every POST, 404 for an unknown one, criteria of a batch
 * protecting the modules it names), forms that come back with what was typed (checkbox
 * groups included), labelled controls, the template select and escaped course text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeCourse } from '../../fixtures/programs.js';
import { DEFAULT_DESIGN } from '../../../src/rendering/templateDesign.js';
import { ROLES, type CourseRecord, type Role } from '../../../src/storage/ports.js';
import { expectLabelled, expectRedirect, get, post } from './consoleFixtures.js';
import { expectGetGuarded, expectPostGuarded, postPairs } from './consoleProgramFixtures.js';

const MAX_BODY = 4096;
let t: TestApp;
const as = {} as Record<Role, SignedIn>;
let course: CourseRecord;

beforeAll(async () => {
  t = await createTestApp({
    env: { MAX_BODY_BYTES: String(MAX_BODY), MAX_UPLOAD_BYTES: String(MAX_BODY * 4) },
  });
  for (const role of ROLES) as[role] = await signIn(t, role);
  course = await makeCourse(t);
});
afterAll(async () => {
  await t.close();
});

const editPath = () => `/admin/programmes/courses/${course.id}`;

describe('POST /admin/programmes/courses/:id (edit)', () => {
  it('is guarded like every console POST and changes nothing when refused', async () => {
    await expectGetGuarded(t, as, editPath());
    await expectPostGuarded(t, as, editPath(), { title: 'Hijacked' }, MAX_BODY * 4, async () => {
      expect((await t.deps.stores.courses.getCourse(course.id))?.title).toBe('Web Development 101');
    });
  });

  it('is the 404 page for an unknown course, also for a new batch of it', async () => {
    expect((await post(t, '/admin/programmes/courses/nope', as.staff, { title: 'X' })).status).toBe(404);
    expect(
      (
        await post(t, '/admin/programmes/courses/nope/batches', as.staff, {
          name: 'X',
          achievementName: 'A',
          criteriaNarrative: 'N',
        })
      ).status,
    ).toBe(404);
  });

  it('saves title, modules, assessments and reviewers parsed from lines', async () => {
    const res = await postPairs(t, editPath(), as.staff, [
      ['title', 'Web Development 102'],
      ['description', 'Now with accessibility.'],
      ['modules', 'm1: HTML basics\r\nm2: CSS layout\r\nm3: Accessibility'],
      ['assessments', 'final: Final assessment: 100\nquiz: Weekly quiz: 10'],
      ['reviewerIds', as.reviewer.user.id],
      ['reviewerIds', as.staff.user.id],
    ]);
    expectRedirect(res, `${editPath()}?done=saved`);
    expect(await t.deps.stores.courses.getCourse(course.id)).toMatchObject({
      title: 'Web Development 102',
      modules: [{ id: 'm1' }, { id: 'm2' }, { id: 'm3', title: 'Accessibility' }],
      assessments: [
        { id: 'final', maxScore: 100 },
        { id: 'quiz', title: 'Weekly quiz', maxScore: 10 },
      ],
      reviewerIds: [as.reviewer.user.id, as.staff.user.id],
    });
    const page = await (await get(t, `${editPath()}?done=saved`, as.staff)).text();
    expect(page).toContain('The course was saved.');
    expect(page).toContain('m3: Accessibility');
    expect(page).toMatch(new RegExp(`id="f-reviewerIds-${as.reviewer.user.id}"[^>]*checked`));
  });

  it('refuses to drop a module a batch requires, keeping what was typed', async () => {
    const { course: guarded } = await makeBatch(t, { criteria: { requiredModules: ['m2'] } });
    const res = await post(t, `/admin/programmes/courses/${guarded.id}`, as.staff, {
      title: 'Shorter',
      modules: 'm1: HTML basics only',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/requires module &quot;m2&quot;/);
    expect(html).toContain('m1: HTML basics only');
    expect(html).toMatch(/<details open/);
    expect((await t.deps.stores.courses.getCourse(guarded.id))?.modules).toHaveLength(2);
  });

  it('answers a malformed line or number with a 400 naming it', async () => {
    const notNumber = await post(t, editPath(), as.staff, { title: 'T', assessments: 'final: Final: lots' });
    expect(notNumber.status).toBe(400);
    expect(await notNumber.text()).toMatch(/The course is not valid: assessments\.0\.maxScore/);
    const badId = await post(t, editPath(), as.staff, { title: 'T', modules: 'm 1: Spaces in the id' });
    expect(badId.status).toBe(400);
    expect(await badId.text()).toMatch(/use letters, digits, dot, dash and underscore only/);
  });
});

describe('forms that come back', () => {
  it('keeps chosen reviewers when the new course is refused, and refuses a non-reviewer', async () => {
    const res = await postPairs(t, '/admin/programmes/courses', as.staff, [
      ['title', ' '],
      ['reviewerIds', as.reviewer.user.id],
    ]);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(new RegExp(`id="f-reviewerIds-${as.reviewer.user.id}"[^>]*checked`));
    const participant = await postPairs(t, '/admin/programmes/courses', as.staff, [
      ['title', 'Course'],
      ['reviewerIds', as.participant.user.id],
    ]);
    expect(participant.status).toBe(400);
    expect(await participant.text()).toMatch(/is not an active reviewer/);
  });

  it('keeps chosen modules when the new batch is refused, and reads the deadline as UTC', async () => {
    const path = `/admin/programmes/courses/${course.id}/batches`;
    const base: [string, string][] = [
      ['name', 'Spring'],
      ['achievementName', 'A'],
      ['criteriaNarrative', 'N'],
      ['modulesRequired', 'some'],
      ['requiredModules', 'm3'],
    ];
    const bad = await postPairs(t, path, as.staff, [...base, ['deadline', 'next week']]);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/deadline: use an ISO 8601 date and time/);
    expect(html).toMatch(/id="f-requiredModules-m3"[^>]*checked/);
    expect(html).not.toMatch(/id="f-requiredModules-m1"[^>]*checked/);
    const ok = await postPairs(t, path, as.staff, [
      ...base,
      ['id', 'spring-batch'],
      ['deadline', '2027-03-01T09:30'],
    ]);
    expectRedirect(ok, '/admin/programmes/batches/spring-batch?done=created');
    expect(await t.deps.stores.courses.getBatch('spring-batch')).toMatchObject({
      criteria: { requiredModules: ['m3'], deadline: '2027-03-01T09:30:00Z' },
    });
    expect((await t.deps.stores.courses.getBatch('spring-batch'))?.templateRef).toBeUndefined();
  });

  it('offers the latest template version and labels every control', async () => {
    await t.deps.stores.templates.createTemplate(
      { id: 'tpl-two', name: 'Two versions', createdAt: new Date().toISOString(), createdBy: 'x' },
      DEFAULT_DESIGN,
    );
    await t.deps.stores.templates.addVersion('tpl-two', DEFAULT_DESIGN, {
      at: new Date().toISOString(),
      by: 'x',
    });
    const page = await (await get(t, editPath(), as.staff)).text();
    expect(page).toContain('value="tpl-two@2"');
    expect(page).not.toContain('value="tpl-two@1"');
    expect(page).toContain('type="datetime-local"');
    expectLabelled(page);
    expectLabelled(await (await get(t, '/admin/programmes', as.staff)).text());
  });

  it('escapes course text on every page', async () => {
    const hostile = await makeCourse(t, {
      title: '<script>alert(1)</script>',
      description: '<img src=x onerror=alert(2)>',
    });
    for (const path of ['/admin/programmes', `/admin/programmes/courses/${hostile.id}`]) {
      const html = await (await get(t, path, as.admin)).text();
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});
