/**
 * The course-requirements email (`course_enrolled`) for someone staff enrol who had no
 * account: the enrolment makes the account and queues its invitation first, then the
 * course email, which says in a line of its own that the account is new and where the
 * password link is; both go out through the outbox, in that order. Someone who had an
 * account gets the course email without that line and no invitation. An LMS event that
 * makes an account sends only the invitation, no course email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { jsonPost } from '../fixtures/http.js';
import { makeBatch, makeParticipant } from '../fixtures/programs.js';
import { post } from '../http/pages/consoleFixtures.js';
import { deliverDue } from '../../src/notifications/outbox.js';
import type { BatchRecord } from '../../src/storage/ports.js';

const NOTE = 'This is your first course with us, so we have made you an account';

let t: TestApp;
let staff: SignedIn;
let batch: BatchRecord;
let courseTitle: string;

beforeAll(async () => {
  t = await createTestApp();
  staff = await signIn(t, 'staff');
  const made = await makeBatch(t);
  batch = made.batch;
  courseTitle = made.course.title;
});
afterAll(async () => {
  await t.close();
});

/** The account and course emails queued for the person with `email` (not the reminders planned for later), invitation first. */
async function emailsTo(email: string) {
  const user = await t.deps.stores.users.getByEmail(email);
  if (!user) return [];
  const messages = await t.deps.stores.outbox.search({ userId: user.id, channel: 'email', limit: 20 });
  const order = ['account_created', 'course_enrolled'];
  return messages
    .filter((m) => order.includes(m.trigger))
    .sort((a, b) => order.indexOf(a.trigger) - order.indexOf(b.trigger));
}

describe('the enrolment email for a new account', () => {
  it('follows the account invitation, says the account is new, and both are delivered in that order', async () => {
    const email = 'nomsa.khumalo@example.org';
    const res = await post(t, `/admin/programmes/batches/${batch.id}/enrol`, staff, {
      email,
      name: 'Nomsa Khumalo',
    });
    expect(res.status).toBe(303);
    const queued = await emailsTo(email);
    expect(queued.map((m) => m.trigger)).toEqual(['account_created', 'course_enrolled']);
    const [invitation, course] = queued;
    expect(invitation!.subject).toContain('choose a password');
    expect(course!.subject).toBe(`You are enrolled: ${courseTitle}`);
    expect(course!.text).toContain('Complete every module');
    expect(course!.text).toContain(
      `/courses/${encodeURIComponent(batch.courseId)}/certificate#batch-${batch.id}`,
    );
    expect(course!.text).toContain(
      `${NOTE}: to sign in, first choose your password with the link in our other email.`,
    );
    // The course email never carries the password link itself: that stays in the invitation.
    expect(course!.text).not.toContain('reset-password');

    // Queued in that order (the same instant on this clock), so delivered in that order.
    await deliverDue(t.deps.notifications);
    const delivered = t.mail.sent.filter((m) => m.to === email);
    expect(delivered.map((m) => m.subject)).toEqual([invitation!.subject, course!.subject]);
    expect(delivered[1]!.html).toContain(NOTE);
    expect((await emailsTo(email)).map((m) => m.status)).toEqual(['sent', 'sent']);
  });

  it('is sent once however often the same person is enrolled', async () => {
    const email = 'sipho.dube@example.org';
    for (let i = 0; i < 2; i++)
      await post(t, `/admin/programmes/batches/${batch.id}/enrol`, staff, { email, name: 'Sipho Dube' });
    expect((await emailsTo(email)).map((m) => m.trigger)).toEqual(['account_created', 'course_enrolled']);
  });

  it('reaches someone who had an account without the new-account line, and with no invitation', async () => {
    const user = await makeParticipant(t);
    await post(t, `/admin/programmes/batches/${batch.id}/enrol`, staff, { email: user.email });
    const queued = await emailsTo(user.email);
    expect(queued.map((m) => m.trigger)).toEqual(['course_enrolled']);
    expect(queued[0]!.text).not.toContain(NOTE);
    expect(queued[0]!.text).toContain('See my course');
  });

  it('is not sent when an LMS event makes the account (the person is already doing the course)', async () => {
    const key = await t.keyWithScopes(['programs:events']);
    const email = 'lms.learner@example.org';
    const res = await t.app.request(
      '/programs/events',
      jsonPost(
        {
          id: 'evt-lms-1',
          type: 'module_completed',
          batchId: batch.id,
          participant: { email, name: 'LMS Learner' },
          moduleId: 'm1',
        },
        key,
      ),
    );
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    expect((await emailsTo(email)).map((m) => m.trigger)).toEqual(['account_created']);
  });
});
