/**
 * Crash recovery: when signing fails after the store reserved the credential, the caller
 * gets a 500 problem (request id, no internals) and a retry with the same idempotency key
 * signs the very credential that was reserved: same id, same certificate number, same
 * status index. The reserved number is never handed to anyone else.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SignCredential } from '../../src/credentials/signCredential.js';
import { createCapturingLogger, createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, post, verifyVia, type Json } from '../fixtures/http.js';

let t: TestApp;
let log: ReturnType<typeof createCapturingLogger>;

beforeEach(async () => {
  log = createCapturingLogger();
  t = await createTestApp({ logger: log.logger });
});
afterEach(async () => {
  await t.close();
});

/** Makes the next `failures` sign calls throw, then signs normally. */
function failingSigner(failures: number): { calls: () => number } {
  const real: SignCredential = t.deps.issue.sign;
  let calls = 0;
  t.deps.issue.sign = async (credential, options) => {
    calls += 1;
    if (calls <= failures) throw new Error('HSM unavailable at /opt/hsm/driver.js:42');
    return real(credential, options);
  };
  return { calls: () => calls };
}

const idempotencyKey = 'lms-enrolment-9001-web-101';

it('answers 500 internal_error without internals, then the retry issues what was reserved', async () => {
  const signer = failingSigner(1);
  const year = t.clock.now.getUTCFullYear();

  const crashed = await post(
    t,
    '/credentials/issue',
    { credential: openBadgeRequest(), options: { idempotencyKey } },
    t.adminKey,
  );
  const problem = await expectProblem(crashed, 500, 'internal_error');
  expect(problem.detail).toContain(problem.requestId);
  expect(JSON.stringify(problem)).not.toMatch(/HSM|driver\.js|opt\/hsm/);
  // The fault is logged, redacted, with the same request id and the cause for the operator.
  const logged = log.lines().find((line) => line.requestId === problem.requestId);
  expect(logged).toMatchObject({ level: 'error', status: 500 });
  expect(JSON.stringify(logged)).toContain('HSM unavailable');

  const reserved = await t.deps.stores.credentials.getByIdempotencyKey(idempotencyKey);
  expect(reserved).toMatchObject({ state: 'reserved', certificateNumber: `SP-${year}-000001` });
  expect(reserved!.credential).toBeUndefined();
  const reservedStatus = reserved!.unsigned!.credentialStatus as Json;

  const retry = await issueVia(t, openBadgeRequest({ name: 'A retry may send a different body' }), {
    idempotencyKey,
  });
  expect([200, 201]).toContain(retry.status);
  expect(signer.calls()).toBe(2);
  const vc = retry.vc;
  expect(vc.id).toBe(reserved!.id);
  expect(vc.name).toBe('Certificate of Completion: Web Development 101');
  expect(vc.credentialSubject.identifier[0].identityHash).toBe(`SP-${year}-000001`);
  expect(vc.credentialStatus).toEqual(reservedStatus);
  const { proof, ...unsigned } = vc;
  expect(proof).toHaveLength(1);
  expect(unsigned).toEqual(reserved!.unsigned);

  const issued = await t.deps.stores.credentials.get(vc.id);
  expect(issued).toMatchObject({
    state: 'issued',
    certificateNumber: `SP-${year}-000001`,
    idempotencyKey,
    credential: vc,
  });

  const verified = await verifyVia(t, vc);
  expect(verified.status).toBe(200);
  expect(verified.body.verified).toBe(true);

  // A third call changes nothing and signs nothing.
  const third = await issueVia(t, openBadgeRequest(), { idempotencyKey });
  expect(third.status).toBe(200);
  expect(third.vc).toEqual(vc);
  expect(signer.calls()).toBe(2);
});

it('never hands the reserved certificate number or status index to another credential', async () => {
  failingSigner(1);
  const year = t.clock.now.getUTCFullYear();
  await expectProblem(
    await post(
      t,
      '/credentials/issue',
      { credential: openBadgeRequest(), options: { idempotencyKey } },
      t.adminKey,
    ),
    500,
    'internal_error',
  );
  const reserved = (await t.deps.stores.credentials.getByIdempotencyKey(idempotencyKey))!;

  const other = (await issueVia(t, openBadgeRequest())).vc;
  expect(other.credentialSubject.identifier[0].identityHash).toBe(`SP-${year}-000002`);
  expect(other.credentialStatus.id).not.toBe((reserved.unsigned!.credentialStatus as Json).id);

  const recovered = (await issueVia(t, openBadgeRequest(), { idempotencyKey })).vc;
  expect(recovered.credentialSubject.identifier[0].identityHash).toBe(`SP-${year}-000001`);
});

it('stays a 500 while signing keeps failing, and the record stays reserved', async () => {
  failingSigner(2);
  for (let i = 0; i < 2; i++) {
    await expectProblem(
      await post(
        t,
        '/credentials/issue',
        { credential: openBadgeRequest(), options: { idempotencyKey } },
        t.adminKey,
      ),
      500,
      'internal_error',
    );
  }
  expect((await t.deps.stores.credentials.getByIdempotencyKey(idempotencyKey))?.state).toBe('reserved');
  const { status } = await issueVia(t, openBadgeRequest(), { idempotencyKey });
  expect([200, 201]).toContain(status);
  expect((await t.deps.stores.credentials.getByIdempotencyKey(idempotencyKey))?.state).toBe('issued');
});
