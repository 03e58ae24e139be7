/**
 * The /programs API: the security cases on every route (no key 401, a key without the
 * scope 403, unknown objects 404, oversized 413, malformed JSON and wrong shapes 400),
 * and a whole flow through it: course, batch with a template, enrolment, events that
 * issue the certificate, then revoke, manual issue and re-issue with a corrected name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { expectProblem, jsonPost, type Json } from '../fixtures/http.js';
import { grantNameConsent } from '../fixtures/programs.js';
import { DEFAULT_DESIGN } from '../../src/rendering/templateDesign.js';

let t: TestApp;
let manageKey: string;
let eventsKey: string;

beforeAll(async () => {
  t = await createTestApp();
  manageKey = await t.keyWithScopes(['programs:manage']);
  eventsKey = await t.keyWithScopes(['programs:events']);
});
afterAll(async () => {
  await t.close();
});

const send = (method: string, path: string, body: unknown, key?: string) =>
  Promise.resolve(t.app.request(path, { ...jsonPost(body, key), method }));

const COURSE = {
  id: 'web-101',
  title: 'Web 101',
  description: 'Pages',
  modules: [
    { id: 'm1', title: 'HTML' },
    { id: 'm2', title: 'CSS' },
  ],
  assessments: [{ id: 'final', title: 'Final', maxScore: 100 }],
};
const BATCH = {
  id: 'web-101-nov',
  courseId: 'web-101',
  name: 'November',
  achievement: { name: 'Web 101', criteriaNarrative: 'All modules, 70% in the final' },
  criteria: { assessments: [{ assessmentId: 'final', minScore: 70 }] },
};

/** [method, path, scope it needs, a valid body] for every route. */
const ROUTES: [string, string, 'programs:manage' | 'programs:events', unknown][] = [
  ['GET', '/programs/courses', 'programs:manage', undefined],
  ['POST', '/programs/courses', 'programs:manage', { ...COURSE, id: 'other' }],
  ['GET', '/programs/courses/web-101', 'programs:manage', undefined],
  ['PUT', '/programs/courses/web-101', 'programs:manage', COURSE],
  ['POST', '/programs/batches', 'programs:manage', { ...BATCH, id: 'other' }],
  ['GET', '/programs/batches/web-101-nov', 'programs:manage', undefined],
  ['PUT', '/programs/batches/web-101-nov', 'programs:manage', BATCH],
  ['GET', '/programs/batches/web-101-nov/enrolments', 'programs:manage', undefined],
  [
    'POST',
    '/programs/batches/web-101-nov/enrolments',
    'programs:events',
    { participant: { email: 'a@example.org', name: 'A' } },
  ],
  [
    'POST',
    '/programs/events',
    'programs:events',
    {
      id: 'e',
      type: 'course_completed',
      batchId: 'web-101-nov',
      participant: { email: 'a@example.org', name: 'A' },
    },
  ],
  ['POST', '/programs/batches/web-101-nov/participants/u/issue', 'programs:manage', { reason: 'x' }],
  ['POST', '/programs/batches/web-101-nov/participants/u/revoke', 'programs:manage', { reason: 'x' }],
  ['POST', '/programs/batches/web-101-nov/participants/u/reissue', 'programs:manage', { reason: 'x' }],
];

describe('security on every /programs route', () => {
  it.each(ROUTES)('%s %s: 401 without a key, 403 with the wrong scope', async (method, path, scope, body) => {
    await expectProblem(await send(method, path, body), 401, 'unauthorized');
    const wrong = await t.keyWithScopes([
      scope === 'programs:manage' ? 'programs:events' : 'credentials:issue',
    ]);
    await expectProblem(await send(method, path, body, wrong), 403, 'forbidden');
  });

  it.each(ROUTES.filter(([method]) => method !== 'GET'))(
    '%s %s: 413 oversized, 400 malformed JSON and wrong shape',
    async (method, path, scope) => {
      const key = scope === 'programs:manage' ? manageKey : eventsKey;
      await expectProblem(
        await send(method, path, { pad: 'x'.repeat(1024 * 1024 + 1) }, key),
        413,
        'payload_too_large',
      );
      const malformed = await t.app.request(path, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: '{"oops":',
      });
      await expectProblem(malformed, 400, 'malformed_json');
      await expectProblem(await send(method, path, [1, 2, 3], key), 400);
    },
  );

  it('unknown courses, batches and participants are 404', async () => {
    await expectProblem(await send('GET', '/programs/courses/nope', undefined, manageKey), 404, 'not_found');
    await expectProblem(await send('GET', '/programs/batches/nope', undefined, manageKey), 404, 'not_found');
    await expectProblem(
      await send('GET', '/programs/batches/nope/enrolments', undefined, manageKey),
      404,
      'not_found',
    );
    await expectProblem(await send('PUT', '/programs/courses/nope', COURSE, manageKey), 404, 'not_found');
    await expectProblem(
      await send('POST', '/programs/batches/nope/participants/u/revoke', { reason: 'x' }, manageKey),
      404,
      'not_found',
    );
  });
});

describe('a whole flow through the API', () => {
  it('creates, issues on events, revokes, issues manually and re-issues', async () => {
    const now = new Date().toISOString();
    await t.deps.stores.templates.createTemplate(
      { id: 'tpl-api', name: 'API', createdAt: now, createdBy: 'x' },
      DEFAULT_DESIGN,
    );
    expect((await send('POST', '/programs/courses', COURSE, manageKey)).status).toBe(201);
    await expectProblem(await send('POST', '/programs/courses', COURSE, manageKey), 409, 'conflict');
    const bad = await send(
      'POST',
      '/programs/batches',
      { ...BATCH, id: 'bad', criteria: { assessments: [{ assessmentId: 'nope', minScore: 1 }] } },
      manageKey,
    );
    expect((await expectProblem(bad, 400, 'invalid_request')).detail).toMatch(/assessment "nope"/);
    const created = await send(
      'POST',
      '/programs/batches',
      { ...BATCH, template: { templateId: 'tpl-api', version: 1 } },
      manageKey,
    );
    expect(created.status).toBe(201);
    expect(((await created.json()) as Json).templateRef).toEqual({ templateId: 'tpl-api', version: 1 });

    const enrolled = await send(
      'POST',
      '/programs/batches/web-101-nov/enrolments',
      { participant: { email: 'learner@example.org', name: 'Lerato Learner' } },
      eventsKey,
    );
    expect(enrolled.status).toBe(201);
    const userId = ((await enrolled.json()) as Json).userId as string;
    await grantNameConsent(t, userId);
    const participant = { userId };
    const first = await send(
      'POST',
      '/programs/events',
      { id: 'evt-1', type: 'course_completed', batchId: 'web-101-nov', participant },
      eventsKey,
    );
    expect(first.status).toBe(201);
    expect(((await first.json()) as Json).enrolment).toMatchObject({
      status: 'in_progress',
      missing: ['assessment:final'],
    });
    const again = await send(
      'POST',
      '/programs/events',
      { id: 'evt-1', type: 'course_completed', batchId: 'web-101-nov', participant },
      eventsKey,
    );
    expect(again.status).toBe(200);
    const scored = await send(
      'POST',
      '/programs/events',
      {
        id: 'evt-2',
        type: 'assessment_scored',
        assessmentId: 'final',
        score: 77,
        batchId: 'web-101-nov',
        participant,
      },
      eventsKey,
    );
    const issued = ((await scored.json()) as Json).enrolment;
    expect(issued).toMatchObject({ status: 'issued' });
    expect(issued.version).toBeUndefined();

    // Criteria cannot change once certificates exist; the name may.
    await expectProblem(
      await send(
        'PUT',
        '/programs/batches/web-101-nov',
        { ...BATCH, template: { templateId: 'tpl-api', version: 1 }, criteria: { assessments: [] } },
        manageKey,
      ),
      409,
      'conflict',
    );
    expect(
      (
        await send(
          'PUT',
          '/programs/batches/web-101-nov',
          { ...BATCH, name: 'November (renamed)', template: { templateId: 'tpl-api', version: 1 } },
          manageKey,
        )
      ).status,
    ).toBe(200);

    const base = `/programs/batches/web-101-nov/participants/${userId}`;
    await expectProblem(await send('POST', `${base}/revoke`, {}, manageKey), 400, 'invalid_request');
    expect(
      (
        (await (
          await send('POST', `${base}/revoke`, { reason: 'Issued in error' }, manageKey)
        ).json()) as Json
      ).status,
    ).toBe('revoked');
    const manual = (await (
      await send('POST', `${base}/issue`, { reason: 'Appeal upheld' }, manageKey)
    ).json()) as Json;
    expect(manual).toMatchObject({ status: 'issued', generation: 2 });
    const reissued = (await (
      await send(
        'POST',
        `${base}/reissue`,
        { reason: 'Name spelling', name: 'Lerato Learner-Mokoena' },
        manageKey,
      )
    ).json()) as Json;
    expect(reissued).toMatchObject({ status: 'issued', generation: 3 });
    expect(reissued.certificates).toHaveLength(3);
    const record = await t.deps.stores.credentials.get(reissued.credentialId);
    expect(record).toMatchObject({
      supersedes: manual.credentialId,
      templateRef: { templateId: 'tpl-api', version: 1 },
    });
    expect((record!.credential as Json).credentialSubject.name).toBe('Lerato Learner-Mokoena');

    const list = (await (
      await send('GET', '/programs/batches/web-101-nov/enrolments', undefined, manageKey)
    ).json()) as Json;
    expect(list.enrolments).toHaveLength(1);
    const audit = (await t.deps.stores.audit.list({ limit: 50 })).map((r) => r.action);
    expect(audit).toEqual(
      expect.arrayContaining([
        'course.created',
        'batch.created',
        'batch.updated',
        'certificate.revoked',
        'certificate.issued_manually',
        'certificate.reissued',
      ]),
    );
  });
});
