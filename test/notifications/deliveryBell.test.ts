/**
 * The delivery worker's bell: automatic issuance queues the certificate email (it does not
 * wait on the mail server), rings the bell, and the running worker sends it at once rather
 * than at its next tick. repeatEvery's bell coalesces rings and never runs a task twice at
 * once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBell } from '../../src/scheduling/bell.js';
import { repeatEvery } from '../../src/scheduling/repeat.js';
import { startDeliveryWorker } from '../../src/notifications/outbox.js';
import { recordProgress } from '../../src/programs/enrolments.js';
import { createCapturingLogger, createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeBatch, makeParticipant, passingEvents } from '../fixtures/programs.js';

const HOUR = 3_600_000;

/** Waits until `check` holds, checking every 5 ms, for at most `ms`. */
async function until(check: () => boolean, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  return check();
}

describe('repeatEvery with a bell', () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('runs the task when rung, long before its interval, and once for many rings in one turn', async () => {
    const bell = createBell();
    let runs = 0;
    stops.push(repeatEvery('test', HOUR, async () => void runs++, createCapturingLogger().logger, bell));
    await until(() => runs === 1);
    bell.ring();
    bell.ring();
    bell.ring();
    expect(await until(() => runs === 2)).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(2);
  });

  it('never runs twice at once: rings during a run make exactly one more run after it', async () => {
    const bell = createBell();
    let running = 0;
    let overlapped = false;
    let runs = 0;
    let release!: () => void;
    const task = async () => {
      runs++;
      if (++running > 1) overlapped = true;
      if (runs === 2) await new Promise<void>((r) => (release = r));
      running--;
    };
    stops.push(repeatEvery('test', HOUR, task, createCapturingLogger().logger, bell));
    await until(() => runs === 1 && running === 0);
    bell.ring();
    await until(() => runs === 2);
    bell.ring();
    bell.ring();
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(2);
    release();
    expect(await until(() => runs === 3)).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(3);
    expect(overlapped).toBe(false);
  });

  it('ignores rings once stopped', async () => {
    const bell = createBell();
    let runs = 0;
    const stop = repeatEvery('test', HOUR, async () => void runs++, createCapturingLogger().logger, bell);
    await until(() => runs === 1);
    stop();
    bell.ring();
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(1);
  });
});

describe('the certificate email of automatic issuance', () => {
  let t: TestApp | undefined;
  let stop: (() => void) | undefined;
  afterEach(async () => {
    stop?.();
    await t?.close();
    t = undefined;
  });

  it('is queued, not sent inline, and the running worker sends it at once when rung', async () => {
    t = await createTestApp();
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t);
    const events = passingEvents(batch.id, user.id);
    // Everything but the last event first: nothing to send yet.
    for (const event of events.slice(0, -1)) await recordProgress(t.deps.programs, event);
    // A worker whose own tick is an hour away: only the bell can make it send now.
    stop = startDeliveryWorker(t.deps.notifications, createCapturingLogger().logger, HOUR);
    const { enrolment } = await recordProgress(t.deps.programs, events.at(-1)!);
    expect(enrolment.status).toBe('issued');
    const [queued] = await t.deps.stores.outbox.search({
      userId: user.id,
      trigger: 'certificate_issued',
      channel: 'email',
      limit: 5,
    });
    // When issuance returned, the email was in the outbox, not yet at the mail server.
    expect(queued?.status).toBe('queued');
    const [notice] = await t.deps.stores.outbox.search({
      userId: user.id,
      trigger: 'certificate_issued',
      channel: 'in_app',
      limit: 5,
    });
    // The portal notice needs no sending: it is stored as shown.
    expect(notice?.status).toBe('sent');
    expect(await until(() => t!.mail.lastTo(user.email) !== undefined)).toBe(true);
    expect(t.mail.lastTo(user.email)?.subject).toBe('Your certificate: Web Development 101');
    expect((await t.deps.stores.outbox.get(queued!.id))?.status).toBe('sent');
  });
});
