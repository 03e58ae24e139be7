/**
 * What the links in an email record when followed: a click (then the redirect), an open
 * (the pixel), and a one-click unsubscribe. Each checks the link's tag first; a link
 * that does not check out is refused and records nothing. Opens and clicks are logged
 * once per message and URL, so a mail scanner fetching a link ten times is one entry.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Stores } from '../storage/ports.js';
import { checkLinkTag, type MailLinkSettings } from './mailLinks.js';
import { setEmailReminders } from './deliveryLog.js';

/** What recording needs. */
export interface LinkEventDeps {
  stores: Pick<Stores, 'outbox' | 'notificationSettings' | 'users'>;
  now: () => Date;
  links?: MailLinkSettings;
}

function settingsOf(deps: LinkEventDeps): MailLinkSettings {
  if (!deps.links) throw new AppError('not_found', 'Mail links are not enabled on this server');
  return deps.links;
}

/** Logs an event once per message (and detail); unknown messages are ignored. */
async function logOnce(
  deps: LinkEventDeps,
  messageId: string,
  type: 'opened' | 'clicked',
  detail?: string,
): Promise<void> {
  const message = await deps.stores.outbox.get(messageId);
  if (!message) return;
  const events = await deps.stores.outbox.listEvents(messageId);
  if (events.some((e) => e.type === type && e.detail === detail)) return;
  await deps.stores.outbox.logEvent({
    id: randomUUID(),
    messageId,
    at: deps.now().toISOString(),
    type,
    ...(detail ? { detail } : {}),
  });
}

/** A followed link: checks the tag, logs `clicked`, returns where to send the reader. */
export async function recordClick(
  deps: LinkEventDeps,
  messageId: string,
  url: string,
  tag: string,
): Promise<string> {
  const settings = settingsOf(deps);
  if (!/^https?:\/\//i.test(url) || !checkLinkTag(settings.secret, tag, 'click', messageId, url)) {
    throw new AppError(
      'invalid_request',
      'This link is damaged or was not made by this server; copy the whole link from the email',
    );
  }
  await logOnce(deps, messageId, 'clicked', url);
  return url;
}

/** The open pixel was loaded: logs `opened` when the tag checks out (silently nothing otherwise). */
export async function recordOpen(deps: LinkEventDeps, messageId: string, tag: string): Promise<void> {
  const settings = settingsOf(deps);
  if (checkLinkTag(settings.secret, tag, 'open', messageId)) await logOnce(deps, messageId, 'opened');
}

/** Checks an unsubscribe link and returns the person it names (404 for a bad link). */
export async function unsubscribeTarget(
  deps: LinkEventDeps,
  userId: string,
  tag: string,
): Promise<{ id: string; email: string }> {
  const settings = settingsOf(deps);
  const user = checkLinkTag(settings.secret, tag, 'unsubscribe', userId)
    ? await deps.stores.users.get(userId)
    : undefined;
  if (!user || user.status === 'erased')
    throw new AppError(
      'not_found',
      'This unsubscribe link is not valid; you can change what you receive in your notification settings',
    );
  return { id: user.id, email: user.email };
}

/** Turns reminder emails off for the person a valid link names (idempotent); returns them. */
export async function unsubscribe(
  deps: LinkEventDeps,
  userId: string,
  tag: string,
): Promise<{ id: string; email: string }> {
  const user = await unsubscribeTarget(deps, userId, tag);
  await setEmailReminders(deps, user.id, false);
  return user;
}
