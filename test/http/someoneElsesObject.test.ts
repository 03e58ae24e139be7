/**
 * "Someone else's object": a private credential read without a key, or with a key lacking
 * credentials:read, answers exactly like an id that does not exist, so ids cannot be
 * probed. A public credential is readable by anyone. Unknown routes are 404 problem+json.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest, plainCredentialRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, type Json } from '../fixtures/http.js';

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await t.close();
});

function getCredential(id: string, key?: string): Promise<Response> {
  return Promise.resolve(
    t.app.request(
      `/credentials/${encodeURIComponent(id)}`,
      key ? { headers: { authorization: `Bearer ${key}` } } : {},
    ),
  );
}

/** The problem body with the parts that must differ (request id, the id echoed) blanked. */
function shapeOf(problem: Json, id: string): Json {
  return { ...problem, requestId: '<request>', detail: String(problem.detail).replace(id, '<id>') };
}

describe('GET /credentials/:id', () => {
  it('hides a private credential exactly like a missing one', async () => {
    const { vc } = await issueVia(t, openBadgeRequest());
    const missingId = 'urn:uuid:00000000-0000-4000-8000-000000000000';
    const issueOnly = await t.keyWithScopes(['credentials:issue', 'credentials:status']);

    const missing = await expectProblem(await getCredential(missingId), 404, 'not_found');
    const anonymous = await expectProblem(await getCredential(vc.id), 404, 'not_found');
    const wrongScope = await expectProblem(await getCredential(vc.id, issueOnly), 404, 'not_found');
    const missingWithKey = await expectProblem(await getCredential(missingId, issueOnly), 404, 'not_found');

    expect(shapeOf(anonymous, vc.id)).toEqual(shapeOf(missing, missingId));
    expect(shapeOf(wrongScope, vc.id)).toEqual(shapeOf(missing, missingId));
    expect(shapeOf(missingWithKey, missingId)).toEqual(shapeOf(missing, missingId));
    // Nothing of the credential leaks into the answer.
    expect(JSON.stringify(anonymous)).not.toContain('Ngcobo');
  });

  it('shows a private credential to a key with credentials:read, and to admin', async () => {
    const { vc } = await issueVia(t, plainCredentialRequest());
    const reader = await t.keyWithScopes(['credentials:read']);
    for (const key of [reader, t.adminKey]) {
      const res = await getCredential(vc.id, key);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(vc);
    }
  });

  it('shows a public credential to anyone', async () => {
    const { vc } = await issueVia(t, openBadgeRequest(), { public: true });
    const res = await getCredential(vc.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(vc);
  });

  it('answers 404 for a credential that is reserved but not yet signed, even to admin', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    t.deps.issue.sign = async () => {
      throw new Error('signer offline');
    };
    const res = await t.app.request('/credentials/issue', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminKey}` },
      body: JSON.stringify({
        credential: openBadgeRequest({ id: 'urn:uuid:11111111-2222-4333-8444-555555555555' }),
        options: { public: true },
      }),
    });
    await expectProblem(res, 500, 'internal_error');
    expect(
      (await t.deps.stores.credentials.get('urn:uuid:11111111-2222-4333-8444-555555555555'))?.state,
    ).toBe('reserved');
    await expectProblem(
      await getCredential('urn:uuid:11111111-2222-4333-8444-555555555555', t.adminKey),
      404,
      'not_found',
    );
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/nope'],
    ['POST', '/credentials'],
    ['DELETE', '/credentials/urn:uuid:x'],
    ['GET', '/status'],
    ['PUT', '/.well-known/did.json'],
  ])('%s %s answers 404 problem+json', async (method, path) => {
    const res = await t.app.request(path, { method });
    const body = await expectProblem(res, 404, 'not_found');
    expect(body.detail).toContain(path);
  });

  it('echoes a well-formed x-request-id and replaces a hostile one', async () => {
    const echoed = await t.app.request('/nope', { headers: { 'x-request-id': 'trace-123.abc' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123.abc');
    expect((await expectProblem(echoed, 404)).requestId).toBe('trace-123.abc');
    const hostile = await t.app.request('/nope', {
      headers: { 'x-request-id': '<script>alert(1)</script>' },
    });
    const body = await expectProblem(hostile, 404);
    expect(body.requestId).not.toContain('<');
    expect(hostile.headers.get('x-request-id')).toBe(body.requestId);
  });
});
