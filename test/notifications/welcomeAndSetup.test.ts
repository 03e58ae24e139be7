/**
 * The welcome email leads each person to their own start page (a partner to /partner, staff
 * to the console), and setting the platform up is the first entry of the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser } from '../fixtures/sessions.js';
import { sendWelcome } from '../../src/notifications/notify.js';
import { completeSetup, createSetupLinkIfNeeded } from '../../src/accounts/invitations.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('the welcome email', () => {
  it.each([
    ['participant', '/me'],
    ['partner', '/partner'],
    ['reviewer', '/reviewer'],
    ['staff', '/admin'],
  ] as const)('leads a %s to %s', async (role, path) => {
    const user = await createUser(t, role);
    await sendWelcome(t.deps.notifications, user);
    const mail = t.mail.lastTo(user.email)!;
    expect(mail.subject).toContain('Welcome');
    expect(mail.text).toContain(`(http://localhost:3000${path})`);
  });
});

describe('setting the platform up', () => {
  it('is audited as the first admin made by the setup link', async () => {
    const link = await createSetupLinkIfNeeded(t.deps.accounts);
    expect(link).toBeDefined();
    const token = new URL(link!).searchParams.get('token')!;
    const admin = await completeSetup(t.deps.accounts, token, {
      email: 'first.admin@example.org',
      name: 'First Admin',
      password: 'amber meadow compass 7',
    });
    const entries = await t.deps.stores.audit.list({ limit: 10 });
    expect(entries.find((e) => e.action === 'user.setup_admin')).toMatchObject({
      actorId: admin.id,
      objectId: admin.id,
    });
  });
});
