/**
 * The log line of a request that failed on our side (src/http/requestHandling.ts): one JSON
 * line from the real pino logger, captured in memory, with the request id, method, path,
 * status and the error, and without what must not reach a log: query values (a set-password
 * link's token), capability segments (/v/<token>), bodies, addresses in error messages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { applyRequestHandling, type RequestVariables } from '../../src/http/requestHandling.js';
import { AppError } from '../../src/errors.js';
import { createCapturingLogger, createTestApp, type TestApp } from '../fixtures/testDeps.js';

const TOKEN = 'q9V3kLmN8pR2sT6uW0xY4zA7bC1dE5fG9hJ3kL6mN8p';

/** A bare app with the shared request handling and routes that fail in chosen ways. */
function failingApp() {
  const capture = createCapturingLogger();
  const app = new Hono<{ Variables: RequestVariables }>();
  applyRequestHandling(app, { maxBodyBytes: 1024, logger: capture.logger });
  app.all('*', (c) => {
    if (c.req.query('expected')) throw new AppError('not_found', 'No such thing');
    throw new Error('lookup for ada.lovelace@example.org failed: database is locked');
  });
  return { app, capture };
}

describe('the log line of a failed request', () => {
  it('carries the request id, method, path, status and error, and no token from the query', async () => {
    const { app, capture } = failingApp();
    const res = await app.request(`/setup?token=${TOKEN}&next=%2Fadmin`, {
      headers: { 'x-request-id': 'req-42' },
    });
    expect(res.status).toBe(500);
    const lines = capture.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'request failed',
      requestId: 'req-42',
      method: 'GET',
      path: '/setup?token=[redacted]&next=[redacted]',
      status: 500,
      err: { type: 'Error', message: expect.stringContaining('database is locked') },
    });
    expect(lines[0]!.err).toHaveProperty('stack');
    expect(capture.text()).not.toContain(TOKEN);
  });

  it('names the request id the caller is told to quote', async () => {
    const { app, capture } = failingApp();
    const res = await app.request('/reset-password?token=abc');
    const { requestId } = (await res.json()) as { requestId: string };
    expect(capture.lines()[0]!.requestId).toBe(requestId);
    expect(res.headers.get('x-request-id')).toBe(requestId);
  });

  it('masks addresses in the error and leaves out the body', async () => {
    const { app, capture } = failingApp();
    await app.request('/accept-invitation', {
      method: 'POST',
      body: `token=${TOKEN}&password=correct-horse-battery`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const text = capture.text();
    expect(text).not.toContain('ada.lovelace@example.org');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('correct-horse-battery');
    expect(capture.lines()[0]).toMatchObject({ method: 'POST', path: '/accept-invitation' });
  });

  it('replaces the token of a private verification link in the path', async () => {
    const { app, capture } = failingApp();
    await app.request(`/v/${TOKEN}/certificate.png`);
    expect(capture.lines()[0]!.path).toBe('/v/[redacted]/certificate.png');
    expect(capture.text()).not.toContain(TOKEN);
  });

  it("is not written for errors that are the caller's (4xx)", async () => {
    const { app, capture } = failingApp();
    expect((await app.request('/thing?expected=1')).status).toBe(404);
    expect(capture.lines()).toEqual([]);
  });
});

describe('the app logs through deps.logger', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close().catch(() => {});
    t = undefined;
  });

  it("a page failing on a closed database is logged once, with the request id, without the link's token", async () => {
    const capture = createCapturingLogger();
    t = await createTestApp({ logger: capture.logger });
    await t.deps.stores.close();
    const res = await t.app.request(`/reset-password?token=${TOKEN}`, {
      headers: { 'x-request-id': 'reset-after-close', accept: 'text/html' },
    });
    expect(res.status).toBe(500);
    const failures = capture.lines().filter((line) => line.msg === 'request failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      requestId: 'reset-after-close',
      method: 'GET',
      path: '/reset-password?token=[redacted]',
      status: 500,
    });
    expect(capture.text()).not.toContain(TOKEN);
  });

  it('writes nothing by default in tests (LOG_LEVEL=silent)', async () => {
    t = await createTestApp();
    expect(t.deps.config.logLevel).toBe('silent');
  });
});
