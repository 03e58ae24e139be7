/**
 * The message template pages' reads (src/notifications/messageTemplates.ts savedTemplates,
 * templateEditor): staff and admins only; the editor names who saved each version and the
 * version saved per language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser } from '../fixtures/sessions.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import {
  savedTemplates,
  saveMessageTemplate,
  templateEditor,
} from '../../src/notifications/messageTemplates.js';
import { listTriggers, DEFAULT_LANGUAGE } from '../../src/notifications/messageTriggers.js';
import type { Actor } from '../../src/accounts/accountDeps.js';
import type { UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let staff: UserRecord;
const trigger = () => listTriggers()[0]!;

beforeAll(async () => {
  t = await createTestApp();
  staff = await createUser(t, 'staff', { name: 'Sipho Staff' });
  const definition = trigger();
  await saveMessageTemplate(t.deps, actorOf(staff), {
    trigger: definition.trigger,
    language: DEFAULT_LANGUAGE,
    subject: 'Hello',
    body: 'A new text.',
    baseVersion: 0,
  });
});

afterAll(async () => {
  await t.close();
});

describe('message template reads', () => {
  it('are refused to everyone but staff and admins', async () => {
    for (const role of ['participant', 'partner', 'reviewer'] as const) {
      const actor: Actor = { id: 'x', label: 'x', role };
      await expect(savedTemplates(t.deps.notifications, actor)).rejects.toMatchObject({ status: 403 });
      await expect(templateEditor(t.deps, actor, trigger().trigger, DEFAULT_LANGUAGE)).rejects.toMatchObject({
        status: 403,
      });
    }
  });

  it('list the saved versions, and the editor names their authors', async () => {
    expect(
      (await savedTemplates(t.deps.notifications, actorOf(staff))).map((s) => [s.trigger, s.version]),
    ).toEqual([[trigger().trigger, 1]]);
    const editor = await templateEditor(t.deps, actorOf(staff), trigger().trigger, DEFAULT_LANGUAGE);
    expect(editor.authorNames.get(staff.id)).toBe('Sipho Staff');
    expect(editor.savedLanguages).toEqual({ [DEFAULT_LANGUAGE]: 1 });
    expect(editor.subject).toBe('Hello');
  });
});
