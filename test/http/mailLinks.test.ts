/** The links in sent mail: click redirect, open pixel, one-click unsubscribe; forged links record nothing. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeParticipant } from '../fixtures/programs.js';
import { notify } from '../../src/notifications/notify.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('mail links', () => {
  it('logs a click once and redirects; refuses a forged target; logs the open', async () => {
    const user = await makeParticipant(t);
    const deps = {
      ...t.deps.notifications,
      settings: { organisationName: 'SayPro', publicUrl: t.deps.config.publicUrl },
    };
    const message = (await notify(deps, user, { trigger: 'welcome', dedupeKey: 'welcome:1', values: {} }))!;
    expect(message.status).toBe('sent');
    const sent = t.mail.lastTo(user.email)!;
    const click = /href="(http[^"]*\/t\/c\/[^"]+)"/.exec(sent.html!)![1]!.replace(/&amp;/g, '&');
    const path = click.slice(t.deps.config.publicUrl.length);
    for (let i = 0; i < 2; i++) {
      const res = await t.app.request(path);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`${t.deps.config.publicUrl}/me`);
    }
    const forged = path.replace(/u=[^&]+/, `u=${encodeURIComponent('https://evil.example')}`);
    const refused = await t.app.request(forged);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const pixel = /src="http[^"]*(\/t\/o\/[^"]+\.gif)"/.exec(sent.html!)![1]!;
    expect((await t.app.request(pixel)).headers.get('content-type')).toBe('image/gif');
    expect((await t.app.request(pixel.replace(/\/[^/]+\.gif$/, '/AAAAAAAAAAAAAAAAAAAAAA.gif'))).status).toBe(
      200,
    );
    const events = (await t.deps.stores.outbox.listEvents(message.id)).map((e) => e.type);
    expect(events.filter((e) => e === 'clicked')).toHaveLength(1);
    expect(events.filter((e) => e === 'opened')).toHaveLength(1);
  });

  it('unsubscribes by one-click POST only with a valid link; GET only asks', async () => {
    const user = await makeParticipant(t);
    const { unsubscribeUrl } = await import('../../src/notifications/mailLinks.js');
    const url = unsubscribeUrl(t.deps.notifications.links!, user.id).slice(t.deps.config.publicUrl.length);
    expect((await t.app.request(url)).status).toBe(200);
    expect((await t.deps.stores.notificationSettings.getPreferences(user.id))?.emailReminders).not.toBe(
      false,
    );
    expect(
      (await t.app.request(url.replace(/[^/]+$/, 'AAAAAAAAAAAAAAAAAAAAAA'), { method: 'POST' })).status,
    ).toBe(404);
    const done = await t.app.request(url, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.status).toBe(200);
    expect((await t.deps.stores.notificationSettings.getPreferences(user.id))?.emailReminders).toBe(false);
  });
});
