/** The reviewer portal: the review queue's empty state, for reviewers only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn } from '../../fixtures/sessions.js';
import { get } from './consoleFixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('/reviewer', () => {
  it('shows the review queue with its empty state and the navigation link', async () => {
    const res = await get(t, '/reviewer', await signIn(t, 'reviewer'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Review queue</h1>');
    expect(html).toContain('Nothing is waiting for your review');
    expect(html).toContain('href="/reviewer"');
  });

  it('is not for staff or admins either', async () => {
    expect((await get(t, '/reviewer', await signIn(t, 'staff'))).status).toBe(403);
    expect((await get(t, '/reviewer', await signIn(t, 'admin'))).status).toBe(403);
  });
});
