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

  it("is open to staff and admins, who review any course's work, with the link in their navigation", async () => {
    for (const role of ['staff', 'admin'] as const) {
      const res = await get(t, '/reviewer', await signIn(t, role));
      expect(res.status, role).toBe(200);
      expect(await res.text()).toContain('<a href="/reviewer">Review queue</a>');
    }
  });

  it('is not for participants or partners', async () => {
    expect((await get(t, '/reviewer', await signIn(t, 'participant'))).status).toBe(403);
    expect((await get(t, '/reviewer', await signIn(t, 'partner'))).status).toBe(403);
  });
});
