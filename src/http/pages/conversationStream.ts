/**
 * Server-Sent Events for an open conversation page: new messages as `message` events
 * (JSON of what the reader may see, the same as the page), woken at once by a change in
 * this process and otherwise checked every few seconds (a change made by another server
 * process arrives within that). While a person's stream is open they count as present, so
 * staff replies do not also email them. Access is checked before the stream starts, so
 * someone else's conversation is a normal 404.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../env.js';
import type { Actor } from '../../accounts/accountDeps.js';
import { visibleConversation } from '../../messaging/conversationAccess.js';
import { threadMessages } from '../../messaging/conversationReads.js';
import { PRESENCE_MS } from '../../messaging/conversationWrites.js';
import { changeConversation } from '../../messaging/conversationRecords.js';

const POLL_MS = 5_000;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** GET …/:id/events for the signed-in actor. */
export async function conversationEvents(c: Context<AppEnv>, actor: Actor, id: string): Promise<Response> {
  const deps = c.var.deps.messaging;
  const { conversation, me, side } = await visibleConversation(deps, actor, id);
  const from = c.req.header('last-event-id') ?? c.req.query('after') ?? '';
  let after = ISO.test(from) ? from : deps.now().toISOString();
  return streamSSE(c, async (stream) => {
    let wake: (() => void) | undefined;
    let open = true;
    const unsubscribe = deps.signals.subscribe(id, () => wake?.());
    stream.onAbort(() => {
      open = false;
      unsubscribe();
      wake?.();
    });
    let presenceAt = 0;
    // Several messages can share a millisecond: ask from just before the last one sent
    // and skip what was already sent (the page's script skips what the page shows).
    const sent = new Set<string>();
    while (open) {
      if (side === 'user' && Date.now() - presenceAt > PRESENCE_MS / 2) {
        presenceAt = Date.now();
        const now = deps.now().toISOString();
        await changeConversation(deps, id, () => ({ userPresentAt: now }));
      }
      const since = new Date(Date.parse(after) - 1).toISOString();
      for (const message of await threadMessages(deps, conversation, me, side, since)) {
        if (sent.has(message.id)) continue;
        sent.add(message.id);
        await stream.writeSSE({ id: message.createdAt, event: 'message', data: JSON.stringify(message) });
        after = message.createdAt;
      }
      await stream.writeSSE({ event: 'ping', data: '' });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  });
}
