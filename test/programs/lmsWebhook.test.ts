/**
 * POST /integrations/lms/events: API key and HMAC signature both required; stale,
 * future, tampered and replayed deliveries refused with a reason; a retry re-signed with
 * the same event ids records nothing twice; one bad event does not lose the others; and
 * completing the criteria through the webhook issues the certificate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { expectProblem } from '../fixtures/http.js';
import { makeBatch, makeParticipant } from '../fixtures/programs.js';
import { signWebhookBody } from '../../src/programs/webhookSignature.js';
import type { BatchRecord, UserRecord } from '../../src/storage/ports.js';

const SECRET = 'lms-webhook-secret-0123456789abcdef0123';
let t: TestApp;
let key: string;
let batch: BatchRecord;
let user: UserRecord;

beforeAll(async () => {
  t = await createTestApp({ env: { LMS_WEBHOOK_SECRET: SECRET } });
  key = await t.keyWithScopes(['programs:events']);
  ({ batch } = await makeBatch(t));
  user = await makeParticipant(t);
});
afterAll(async () => {
  await t.close();
});

const nowSeconds = () => Math.floor(t.clock.now.getTime() / 1000);

function deliver(
  body: unknown,
  options: {
    at?: number;
    signature?: string | null;
    key?: string | null;
    secret?: string;
    raw?: string;
  } = {},
): Promise<Response> {
  const raw = options.raw ?? JSON.stringify(body);
  const signature =
    options.signature === undefined
      ? signWebhookBody(options.secret ?? SECRET, raw, options.at ?? nowSeconds())
      : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.key !== null) headers.authorization = `Bearer ${options.key ?? key}`;
  if (signature !== null) headers['x-saypro-signature'] = signature;
  return Promise.resolve(t.app.request('/integrations/lms/events', { method: 'POST', headers, body: raw }));
}

const event = (id: string, extra: Record<string, unknown>) => ({
  id,
  batchId: batch.id,
  participant: { email: user.email },
  occurredAt: '2026-11-20T10:00:00Z',
  ...extra,
});

describe('the LMS webhook', () => {
  it('refuses a delivery without an API key, or with a key lacking the scope', async () => {
    await expectProblem(
      await deliver(event('a', { type: 'course_completed' }), { key: null }),
      401,
      'unauthorized',
    );
    const wrong = await t.keyWithScopes(['credentials:issue']);
    await expectProblem(
      await deliver(event('a', { type: 'course_completed' }), { key: wrong }),
      403,
      'forbidden',
    );
  });

  // Options are made when the test runs: a timestamp taken when the file loads is already
  // seconds old by then, and "301 s in the future" would no longer be.
  it.each([
    ['unsigned', () => ({ signature: null }), /Sign the body/],
    ['malformed', () => ({ signature: 't=abc,v1=zz' }), /malformed/],
    ['stale', () => ({ at: Math.floor(Date.now() / 1000) - 305 }), /more than 300 seconds old/],
    ['from the future', () => ({ at: Math.floor(Date.now() / 1000) + 305 }), /in the future/],
    [
      'signed with another secret',
      () => ({ secret: 'another-secret-0123456789abcdef012345' }),
      /does not match/,
    ],
  ])('refuses a delivery %s with 401 and the reason', async (_name, options, reason) => {
    const res = await deliver(event('refused', { type: 'course_completed' }), options() as never);
    const problem = await expectProblem(res, 401, 'unauthorized');
    expect(problem.detail).toMatch(reason);
    expect(await t.deps.stores.enrolments.listEvents(batch.id, user.id)).toEqual([]);
  });

  it('refuses a tampered body', async () => {
    const raw = JSON.stringify(event('tampered', { type: 'course_completed' }));
    const signature = signWebhookBody(SECRET, raw, nowSeconds());
    const res = await deliver(undefined, {
      raw: raw.replace('course_completed', 'module_completed'),
      signature,
    });
    await expectProblem(res, 401, 'unauthorized');
  });

  it('records events, refuses a replay, and a re-signed retry records nothing twice', async () => {
    const body = {
      events: [
        event('lms-1', { type: 'module_completed', moduleId: 'm1' }),
        event('lms-2', { type: 'module_completed', moduleId: 'm2' }),
      ],
    };
    const raw = JSON.stringify(body);
    const signature = signWebhookBody(SECRET, raw, nowSeconds());
    const first = await deliver(undefined, { raw, signature });
    expect(first.status).toBe(200);
    const json = (await first.json()) as {
      received: number;
      failed: number;
      results: { id: string; recorded: boolean }[];
    };
    expect(json).toMatchObject({ received: 2, failed: 0 });
    expect(json.results.map((r) => r.recorded)).toEqual([true, true]);

    await expectProblem(await deliver(undefined, { raw, signature }), 409, 'conflict');
    const retry = await deliver(body, { at: nowSeconds() + 1 });
    expect(
      ((await retry.json()) as { results: { recorded: boolean }[] }).results.map((r) => r.recorded),
    ).toEqual([false, false]);
    expect(await t.deps.stores.enrolments.listEvents(batch.id, user.id)).toHaveLength(2);
  });

  it('keeps the good events of a delivery with a bad one, and issues when the criteria are met', async () => {
    const body = {
      events: [
        event('lms-bad', { type: 'module_completed', moduleId: 'no-such-module' }),
        event('lms-3', { type: 'assessment_scored', assessmentId: 'final', score: 91 }),
      ],
    };
    const res = await deliver(body);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { failed: number; results: Record<string, any>[] };
    expect(json.failed).toBe(1);
    expect(json.results[0]!.error.detail).toMatch(/no module "no-such-module"/);
    expect(json.results[1]).toMatchObject({ recorded: true, enrolment: { status: 'issued' } });
    expect(await t.deps.stores.credentials.listByHolder(user.id)).toHaveLength(1);
  });

  it('creates the participant account from an email and name it does not know', async () => {
    const res = await deliver(
      event('lms-new', {
        type: 'module_completed',
        moduleId: 'm1',
        participant: { email: 'New.Person@Example.org', name: 'New Person' },
      }),
    );
    expect(res.status).toBe(200);
    const created = await t.deps.stores.users.getByEmail('new.person@example.org');
    expect(created).toMatchObject({ name: 'New Person', role: 'participant' });
    expect(created?.passwordHash).toBeUndefined();
    const unknown = await deliver(
      event('lms-unknown', {
        type: 'module_completed',
        moduleId: 'm1',
        participant: { email: 'nobody@example.org' },
      }),
    );
    const problem = await expectProblem(unknown, 400, 'invalid_request');
    expect(problem.detail).toMatch(/send the participant's name/);
  });

  it('answers malformed JSON and wrong shapes with 400, a wrong media type with 415', async () => {
    await expectProblem(await deliver(undefined, { raw: '{"events": [' }), 400, 'malformed_json');
    await expectProblem(await deliver({ events: [] }), 400, 'invalid_request');
    await expectProblem(
      await deliver({ id: 'x', type: 'teleported', batchId: batch.id, participant: { email: user.email } }),
      400,
      'invalid_request',
    );
    const res = await t.app.request('/integrations/lms/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
      body: 'x',
    });
    await expectProblem(res, 415);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await deliver(undefined, { raw: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }) });
    await expectProblem(res, 413, 'payload_too_large');
  });

  it('is off (404) when no secret is configured', async () => {
    const plain = await createTestApp();
    const plainKey = await plain.keyWithScopes(['programs:events']);
    const res = await plain.app.request('/integrations/lms/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${plainKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const problem = await expectProblem(res, 404, 'not_found');
    expect(problem.detail).toMatch(/LMS_WEBHOOK_SECRET/);
    await plain.close();
  });
});
