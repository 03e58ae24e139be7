/**
 * A person's message language, chosen in /me/notifications: the choice is listed and
 * kept, the next message uses the template written in it (English where none is), the
 * reminder choice is unaffected, and an unknown language is a 400 that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeParticipant } from '../fixtures/programs.js';
import { signIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { saveMessageTemplate } from '../../src/notifications/messageTemplates.js';
import { notify } from '../../src/notifications/notify.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await saveMessageTemplate(
    { stores: t.deps.stores, now: t.deps.now },
    { id: 'staff', label: 'staff', role: 'staff' },
    {
      trigger: 'admin_message',
      language: 'zu',
      subject: 'Umlayezo omusha ovela ku-{{sender}}',
      body: 'Sawubona {{name}}',
      baseVersion: 0,
    },
  );
});
afterAll(async () => {
  await t.close();
});

describe('the message language preference', () => {
  it('is chosen in the portal and used by the next message', async () => {
    const person = await makeParticipant(t, { name: 'Nomvula Khumalo' });
    const browser = await signIn(t, 'participant', person);
    const page = await (await get(t, '/me/notifications', browser)).text();
    expect(page).toContain('<option value="en" selected="">English</option>');
    expect(page).toContain('isiZulu');

    const saved = await post(t, '/me/notifications/preferences', browser, {
      reminders: 'on',
      language: 'zu',
    });
    expect(saved.headers.get('location')).toBe('/me/notifications?saved=1');
    expect(await (await get(t, '/me/notifications', browser)).text()).toContain(
      '<option value="zu" selected="">isiZulu</option>',
    );
    expect(await t.deps.stores.notificationSettings.getPreferences(person.id)).toMatchObject({
      language: 'zu',
      emailReminders: true,
    });

    const values = { sender: 'Thandi', conversationUrl: 'https://example.org/m/1' };
    const zulu = await notify(t.deps.notifications, person, {
      trigger: 'admin_message',
      dedupeKey: 'lang-1',
      values,
    });
    expect(zulu).toMatchObject({
      subject: 'Umlayezo omusha ovela ku-Thandi',
      templateRef: 'admin_message/zu@1',
    });
    // No isiZulu welcome exists: the English one is sent.
    const english = await notify(t.deps.notifications, person, {
      trigger: 'welcome',
      dedupeKey: 'lang-2',
      values: {},
    });
    expect(english?.templateRef).toBe('welcome/en@0');
  });

  it('refuses an unknown language and keeps the earlier choice', async () => {
    const person = await makeParticipant(t);
    const browser = await signIn(t, 'participant', person);
    await post(t, '/me/notifications/preferences', browser, { language: 'af' });
    const bad = await post(t, '/me/notifications/preferences', browser, { reminders: 'on', language: 'tlh' });
    expect(bad.status).toBe(400);
    expect(await t.deps.stores.notificationSettings.getPreferences(person.id)).toMatchObject({
      language: 'af',
      emailReminders: false,
    });
  });
});
