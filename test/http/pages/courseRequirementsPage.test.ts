/**
 * The course's certificate page (/courses/:id/certificate) and the enrolment email that
 * links it: public, in the evaluator's words, reviewers counted but never named, the
 * review time staff set on the course form (or the default); linked from the console's
 * course page, the participant's courses and /me. Staff's enrol form and the API's
 * enrolment endpoint email a person who had an account the requirements and the link,
 * once per enrolment; a person whose account the enrolment makes gets the invitation only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { jsonPost } from '../../fixtures/http.js';
import { makeBatch, makeCourse, makeParticipant } from '../../fixtures/programs.js';
import { enrolParticipant } from '../../../src/programs/enrolments.js';
import { deliverDue } from '../../../src/notifications/outbox.js';
import { DEFAULT_REVIEW_DAYS } from '../../../src/programs/courseRequirements.js';
import type { BatchRecord, CourseRecord } from '../../../src/storage/ports.js';
import { get, post } from './consoleFixtures.js';

let t: TestApp;
let staff: SignedIn;
let reviewer: SignedIn;
let course: CourseRecord;
let batch: BatchRecord;

beforeAll(async () => {
  t = await createTestApp();
  staff = await signIn(t, 'staff');
  reviewer = await signIn(t, 'reviewer');
  course = await makeCourse(t, { reviewerIds: [reviewer.user.id], reviewDays: 3 });
  ({ batch } = await makeBatch(t, {
    course,
    criteria: { contentApproval: true, minParticipation: 2, validForDays: 365 },
    holdHours: 24,
  }));
});
afterAll(async () => {
  await t.close();
});

const pagePath = (id: string) => `/courses/${encodeURIComponent(id)}/certificate`;

describe('the certificate page', () => {
  it('is public and says what to do, who reviews, how long it takes, what happens after and how to correct', async () => {
    const res = await get(t, pagePath(course.id));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h1>How to earn the certificate: ${course.title}</h1>`);
    expect(html).toContain(`id="batch-${batch.id}"`);
    for (const words of [
      'Complete every module: &quot;HTML basics&quot;, &quot;CSS layout&quot;.',
      'Score at least 70 out of 100 in &quot;Final assessment&quot;.',
      'Take part at least 2 times',
      'have it approved by a reviewer',
      'assigned to this course (1 reviewer)',
      'within 3 working days',
      'issued automatically 24 hours after you have done everything',
      'valid for 365 days',
      'Ask for a name correction',
      'href="/verify"',
    ])
      expect(html).toContain(words);
    // Reviewers are counted, never named or addressed.
    expect(html).not.toContain(reviewer.user.name);
    expect(html).not.toContain(reviewer.user.email);
  });

  it('promises the default review time when staff set none, and says when no review is needed', async () => {
    const plain = await makeBatch(t);
    const reviewed = await makeBatch(t, { criteria: { contentApproval: true } });
    const noReview = await (await get(t, pagePath(plain.course.id))).text();
    expect(noReview).toContain('Nobody needs to review your work');
    const withReview = await (await get(t, pagePath(reviewed.course.id))).text();
    expect(withReview).toContain(`within ${DEFAULT_REVIEW_DAYS} working days`);
    expect(withReview).toContain('A member of the programme staff reviews your work.');
  });

  it('is the 404 page for an unknown course', async () => {
    const res = await get(t, pagePath('no-such-course'));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('There is no such course');
  });

  it('is linked from the console course page, the participant courses page and /me', async () => {
    const console = await (await get(t, `/admin/programmes/courses/${course.id}`, staff)).text();
    expect(console).toContain(`href="${pagePath(course.id)}"`);
    const user = await makeParticipant(t);
    await enrolParticipant(t.deps.programs, batch.id, user.id);
    const browser = await signIn(t, 'participant', user);
    const programmes = await (await get(t, '/me/programmes', browser)).text();
    expect(programmes).toContain(`href="${pagePath(course.id)}#batch-${batch.id}"`);
    const me = await (await get(t, '/me', browser)).text();
    expect(me).toContain('href="/me/programmes"');
    expect(me).toContain('how each course&#39;s certificate');
  });

  it('takes the review time from the course form, and keeps it when the form leaves the course as it is', async () => {
    const own = await makeCourse(t);
    const save = (reviewDays: string) =>
      post(t, `/admin/programmes/courses/${own.id}`, staff, {
        title: own.title,
        description: own.description,
        modules: 'm1: HTML basics\nm2: CSS layout',
        assessments: 'final: Final assessment: 100',
        reviewDays,
      });
    expect((await save('7')).status).toBe(303);
    expect((await t.deps.stores.courses.getCourse(own.id))?.reviewDays).toBe(7);
    const form = await (await get(t, `/admin/programmes/courses/${own.id}`, staff)).text();
    expect(form).toMatch(/id="f-reviewDays"[^>]*value="7"/);
    expect((await save('')).status).toBe(303);
    expect((await t.deps.stores.courses.getCourse(own.id))?.reviewDays).toBe(DEFAULT_REVIEW_DAYS);
    expect((await save('0')).status).toBe(400);
  });
});

describe('the enrolment email', () => {
  const enrolmentEmails = (userId: string) =>
    t.deps.stores.outbox.search({ userId, trigger: 'course_enrolled', limit: 10 });

  it('staff enrolling someone with an account sends the requirements and the link, once', async () => {
    const user = await makeParticipant(t);
    for (let i = 0; i < 2; i++) {
      const res = await post(t, `/admin/programmes/batches/${batch.id}/enrol`, staff, { email: user.email });
      expect(res.status).toBe(303);
    }
    const queued = await enrolmentEmails(user.id);
    expect(queued).toHaveLength(1);
    const link = `${t.deps.config.publicUrl}${pagePath(course.id)}#batch-${batch.id}`;
    expect(queued[0]!.subject).toBe(`You are enrolled: ${course.title}`);
    expect(queued[0]!.text).toContain('Take part at least 2 times');
    expect(queued[0]!.text).toContain('have it approved by a reviewer');
    expect(queued[0]!.text).toContain(link);

    await deliverDue(t.deps.notifications);
    const mail = t.mail.lastTo(user.email)!;
    expect(mail.subject).toBe(`You are enrolled: ${course.title}`);
    expect(mail.text).toContain('Complete every module');
    // The HTML link goes through click tracking (mailLinks.ts) to the same address.
    expect(mail.html).toContain(`u=${encodeURIComponent(link)}`);
    expect(mail.html).toContain('How to earn the certificate</a>');
  });

  it('the API enrolment emails an existing participant, and a new account after its invitation', async () => {
    const key = await t.keyWithScopes(['programs:events']);
    const user = await makeParticipant(t);
    const res = await t.app.request(
      `/programs/batches/${batch.id}/enrolments`,
      jsonPost({ participant: { userId: user.id } }, key),
    );
    expect(res.status).toBe(201);
    expect(await enrolmentEmails(user.id)).toHaveLength(1);

    const fresh = await t.app.request(
      `/programs/batches/${batch.id}/enrolments`,
      jsonPost({ participant: { email: 'brand.new@example.org', name: 'Brand New' } }, key),
    );
    expect(fresh.status).toBe(201);
    const created = (await t.deps.stores.users.getByEmail('brand.new@example.org'))!;
    expect(await enrolmentEmails(created.id)).toHaveLength(1);
    expect(
      await t.deps.stores.outbox.search({ userId: created.id, trigger: 'account_created', limit: 10 }),
    ).toHaveLength(1);
  });

  it('an unknown batch enrols nobody and emails nobody', async () => {
    const user = await makeParticipant(t);
    const res = await post(t, '/admin/programmes/batches/no-such-batch/enrol', staff, { email: user.email });
    expect(res.status).toBe(404);
    expect(await enrolmentEmails(user.id)).toHaveLength(0);
  });
});
