/**
 * "Why didn't I receive this?": a certificate's email and portal notification are in
 * the delivery log with where each stands in a sentence; the participant's portal shows
 * the notification (new, then seen, which is logged); a refused address explains itself;
 * a person with no account is said to have none; and the staff pages' security cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import { get, noSession, post } from '../http/pages/consoleFixtures.js';
import { explainMessage } from '../../src/notifications/deliveryLog.js';
import type { OutboxMessage, UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let staff: SignedIn;
let user: UserRecord;

beforeAll(async () => {
  t = await createTestApp();
  staff = await signIn(t, 'staff');
  const { batch } = await makeBatch(t);
  user = await makeParticipant(t, { name: 'Thabo Molefe' });
  await recordAll(t, passingEvents(batch.id, user.id));
});
afterAll(async () => {
  await t.close();
});

describe('the delivery log', () => {
  it('lists the certificate email and portal notification, each saying where it stands', async () => {
    const page = await (
      await get(t, `/admin/communications?email=${encodeURIComponent(user.email)}`, staff)
    ).text();
    expect(page).toContain('certificate_issued');
    expect(page.match(/Your certificate: Web Development 101/g)).toHaveLength(2);
    const [portal, email] = await t.deps.stores.outbox.search({
      userId: user.id,
      trigger: 'certificate_issued',
      limit: 10,
    });
    expect(new Set([portal!.channel, email!.channel])).toEqual(new Set(['email', 'in_app']));
    const emailMessage = [portal!, email!].find((m) => m.channel === 'email')!;
    const detail = await (await get(t, `/admin/communications/${emailMessage.id}`, staff)).text();
    expect(detail).toContain(`Sent to ${user.email}`);
    expect(detail).toMatch(/queued[\s\S]*sent/);
  });

  it('shows the participant their notification, new once, then seen (and logs it)', async () => {
    const browser = await signIn(t, 'participant', user);
    const first = await (await get(t, '/me/notifications', browser)).text();
    expect(first).toContain('Your certificate: Web Development 101');
    expect(first).toContain('>New</span>');
    const second = await (await get(t, '/me/notifications', browser)).text();
    expect(second).not.toContain('>New</span>');
    const [inApp] = await t.deps.stores.outbox.search({
      userId: user.id,
      channel: 'in_app',
      limit: 1,
    });
    expect((await t.deps.stores.outbox.listEvents(inApp!.id)).map((e) => e.type)).toEqual([
      'queued',
      'sent',
      'viewed',
    ]);
    expect(explainMessage((await t.deps.stores.outbox.get(inApp!.id))!, new Date())).toMatch(
      /^Shown in the portal and seen on /,
    );
    const stranger = await signIn(t, 'participant');
    expect(await (await get(t, '/me/notifications', stranger)).text()).not.toContain('Your certificate');
  });

  it('says when nobody has the email, and filters by trigger and status', async () => {
    expect(await (await get(t, '/admin/communications?email=nobody%40example.org', staff)).text()).toContain(
      'No account has the email nobody@example.org',
    );
    const none = await (
      await get(t, `/admin/communications?email=${encodeURIComponent(user.email)}&trigger=welcome`, staff)
    ).text();
    expect(none).toContain('Nothing was queued for this person and trigger');
    expect(await (await get(t, '/admin/communications?status=failed', staff)).text()).toContain(
      'No messages match.',
    );
  });

  it('explains queued, retrying and failed messages', () => {
    const base: OutboxMessage = {
      id: 'm',
      dedupeKey: 'k',
      channel: 'email',
      trigger: 't',
      to: 'a@example.org',
      subject: 's',
      text: 'x',
      dueAt: '2026-12-01T00:00:00Z',
      nextAttemptAt: '2026-12-01T00:00:00Z',
      status: 'queued',
      attempts: 0,
      createdAt: '2026-11-25T00:00:00Z',
    };
    const now = new Date('2026-11-25T12:00:00Z');
    expect(explainMessage(base, now)).toBe('Not due yet: it will be sent at 2026-12-01T00:00:00Z.');
    expect(explainMessage({ ...base, attempts: 2, lastError: 'connection refused' }, now)).toBe(
      'Attempt 2 failed (connection refused); the next try is at 2026-12-01T00:00:00Z.',
    );
    expect(
      explainMessage({ ...base, status: 'failed', attempts: 1, lastError: '550 mailbox unavailable' }, now),
    ).toBe('Not delivered to a@example.org: 550 mailbox unavailable (after 1 attempt).');
  });

  it('lets staff edit a reminder schedule in one place', async () => {
    const res = await post(t, '/admin/communications/schedules/batch_deadline', staff, {
      before: '30, 7, 1',
      after: '',
    });
    expect(res.headers.get('location')).toBe('/admin/communications?done=schedule');
    expect(await t.deps.stores.notificationSettings.getSchedule('batch_deadline')).toMatchObject({
      offsetsDays: [30, 7, 1],
      pastDueDays: [],
      updatedBy: staff.user.id,
    });
    const page = await (await get(t, '/admin/communications?done=schedule', staff)).text();
    expect(page).toContain('value="30, 7, 1"');
    const bad = await post(t, '/admin/communications/schedules/batch_deadline', staff, {
      before: 'soon',
      after: '',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Days before: whole numbers of days');
    expect((await post(t, '/admin/communications/schedules/birthdays', staff, { before: '1' })).status).toBe(
      404,
    );
    expect(
      (
        await post(
          t,
          '/admin/communications/schedules/batch_deadline',
          staff,
          { before: '1' },
          { csrf: null },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await post(t, '/admin/communications/schedules/batch_deadline', await signIn(t, 'participant'), {
          before: '1',
        })
      ).status,
    ).toBe(403);
    expect(
      (await post(t, '/admin/communications/schedules/batch_deadline', noSession(), { before: '1' })).status,
    ).toBe(401);
    expect(
      (
        await post(t, '/admin/communications/schedules/batch_deadline', staff, {
          before: '1',
          pad: 'x'.repeat(1024 * 1024 + 10),
        })
      ).status,
    ).toBe(413);
  });

  it('has the security cases', async () => {
    expect((await get(t, '/admin/communications', noSession())).status).toBe(303);
    for (const role of ['participant', 'partner', 'reviewer'] as const) {
      expect((await get(t, '/admin/communications', await signIn(t, role))).status).toBe(403);
    }
    expect((await get(t, '/admin/communications/no-such-message', staff)).status).toBe(404);
    expect((await get(t, '/admin/communications?from=last-week', staff)).status).toBe(400);
    expect((await get(t, '/admin/communications?status=bounced-ish', staff)).status).toBe(400);
    expect((await get(t, '/me/notifications', noSession())).status).toBe(303);
  });
});
