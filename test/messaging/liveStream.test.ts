/**
 * The live view: a conversation's Server-Sent Events stream sends a new message as soon
 * as it is written (woken in-process, not after the poll interval), only to those who may
 * read it (notes never reach the person), marks the person present (so a staff reply sends
 * no email), and is a 404 for anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { OFFICE_TIME } from '../fixtures/messaging.js';

let t: TestApp;
let person: SignedIn;
let staff: SignedIn;
let id: string;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date(OFFICE_TIME);
  person = await signIn(t, 'participant');
  staff = await signIn(t, 'staff');
  const res = await post(t, '/me/messages', person, {
    category: 'account',
    subject: 'Cannot log in',
    body: 'My password reset link expired',
  });
  id = res.headers.get('location')!.split('/').pop()!;
});
afterAll(async () => {
  await t.close();
});

/** Opens a stream and collects events until `until` matches the text read so far. */
async function readUntil(res: Response, until: (text: string) => boolean, timeoutMs = 3000): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(text)) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`timed out; got ${text}`)), Math.max(1, deadline - Date.now())),
        ),
      ]);
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
  } finally {
    await reader.cancel();
  }
  return text;
}

describe('the conversation stream', () => {
  it('sends a staff reply to the person at once, without notes, and counts them present', async () => {
    const opened = Date.now();
    const res = await get(
      t,
      `/me/messages/${id}/events?after=${encodeURIComponent(OFFICE_TIME.toISOString())}`,
      person,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reading = readUntil(res, (text) => text.includes('Try this new link'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await post(t, `/admin/messages/${id}/notes`, staff, { body: 'Secret staff note' });
    const before = t.mail.sent.length;
    t.clock.now = new Date(OFFICE_TIME.getTime() + 1000);
    await post(t, `/admin/messages/${id}/replies`, staff, { body: 'Try this new link' });
    const text = await reading;
    expect(Date.now() - opened).toBeLessThan(3000);
    expect(text).toContain('event: message');
    expect(text).not.toContain('Secret staff note');
    const event = JSON.parse(
      text
        .split('\n')
        .find((line) => line.startsWith('data: {') && line.includes('Try this new link'))!
        .slice(6),
    );
    expect(event).toMatchObject({
      kind: 'message',
      authorRole: 'staff',
      text: 'Try this new link',
      mine: false,
    });
    expect((await t.deps.stores.conversations.getConversation(id))?.userPresentAt).toBeDefined();
    expect(t.mail.sent.slice(before).filter((m) => m.to === person.user.email)).toEqual([]);
  });

  it('shows staff the notes too, and is a 404 for anyone else', async () => {
    // From the page's last message on: messages in that same millisecond are sent too.
    const res = await get(
      t,
      `/admin/messages/${id}/events?after=${encodeURIComponent(OFFICE_TIME.toISOString())}`,
      staff,
    );
    const text = await readUntil(res, (s) => s.includes('Try this new link'));
    expect(text).toContain('Secret staff note');
    expect((await get(t, `/me/messages/${id}/events`, await signIn(t, 'participant'))).status).toBe(404);
    expect((await get(t, `/admin/messages/${id}/events`, person)).status).toBe(403);
  });
});
