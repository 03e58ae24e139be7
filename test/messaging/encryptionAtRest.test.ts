/**
 * What a copy of the database shows: nothing of the messages. Subjects, messages, notes,
 * replies and rating comments written through the pages are looked for, byte for byte
 * and ignoring case, in the raw SQLite file and its write-ahead log; the person's name
 * (stored in clear in the users table) is found there, which shows the search works.
 * Then the key ring is rotated: an old message still reads, and reading re-seals it under
 * the new key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { OFFICE_TIME } from '../fixtures/messaging.js';

const dir = mkdtempSync(join(tmpdir(), 'saypro-at-rest-'));
let t: TestApp;
let person: SignedIn;
let staff: SignedIn;
let conversationId: string;

const SECRETS = [
  'Zanzibar pelican',
  'quokka marmalade 7731',
  'wombat ledger',
  'capybara receipt',
  'narwhal gratitude',
];

beforeAll(async () => {
  t = await createTestApp({ dir });
  t.clock.now = new Date(OFFICE_TIME);
  person = await signIn(t, 'participant', await createUser(t, 'participant', { name: 'Philippa Testcase' }));
  staff = await signIn(t, 'staff');
  const opened = await post(t, '/me/messages', person, {
    category: 'other',
    subject: `About the ${SECRETS[0]}`,
    body: `My ${SECRETS[1]} question`,
  });
  conversationId = opened.headers.get('location')!.split('/').pop()!;
  await post(t, `/admin/messages/${conversationId}/notes`, staff, { body: `Internal: ${SECRETS[2]}` });
  await post(t, `/admin/messages/${conversationId}/replies`, staff, {
    body: `Here is your ${SECRETS[3]}`,
    status: 'resolved',
  });
  await post(t, `/me/messages/${conversationId}/rating`, person, {
    score: '5',
    comment: `Much ${SECRETS[4]}`,
  });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every byte SQLite wrote: the database file and its write-ahead log. */
function rawDatabase(): string {
  const file = join(dir, 'data', 'saypro.sqlite');
  expect(existsSync(file)).toBe(true);
  const parts = [file, `${file}-wal`].filter(existsSync).map((p) => readFileSync(p).toString('latin1'));
  return parts.join('\n').toLowerCase();
}

describe('messages at rest', () => {
  it('are stored: the people involved read them through the pages', async () => {
    const thread = await (await get(t, `/admin/messages/${conversationId}`, staff)).text();
    for (const secret of SECRETS.slice(0, 4)) expect(thread).toContain(secret);
    expect(
      (await t.deps.stores.conversations.getConversation(conversationId))?.rating?.comment,
    ).toBeDefined();
  });

  it('leave no text in the database file', () => {
    const raw = rawDatabase();
    expect(raw).toContain('philippa testcase');
    for (const secret of SECRETS) {
      for (const word of secret.toLowerCase().split(' '))
        expect(raw, `"${word}" in the raw database`).not.toContain(word);
    }
  });

  it('re-seal old messages under a new key as they are read', async () => {
    const oldRing = readFileSync(join(dir, 'keys', 'message-keys'), 'utf8').trim();
    const before = await t.deps.stores.conversationMessages.listMessages(conversationId);
    expect(new Set(before.map((m) => m.body.k))).toEqual(new Set(['m1']));
    await t.close();
    t = await createTestApp({
      dir,
      env: { MESSAGE_KEYS: `m2:${randomBytes(32).toString('base64url')},${oldRing}` },
    });
    t.clock.now = new Date(OFFICE_TIME);
    const thread = await (await get(t, `/admin/messages/${conversationId}`, staff)).text();
    expect(thread).toContain(SECRETS[3]);
    const after = await t.deps.stores.conversationMessages.listMessages(conversationId);
    expect(new Set(after.map((m) => m.body.k))).toEqual(new Set(['m2']));
    expect((await t.deps.stores.conversations.getConversation(conversationId))?.subject.k).toBe('m2');
  });
});
