/**
 * The spam filter for messages people send to the team. A blocked person cannot write; a
 * muted person's messages wait in the review queue. Too many messages in a short time is a
 * 429 (nothing stored). Messages with many links, or repeating one of the person's recent
 * messages word for word, are held for review: staff release or delete them. Staff
 * messages are never filtered. Words and link domains on the staff's content filter
 * (contentFilter.ts) hold a message too, with what matched as the reason.
 */
import { AppError } from '../errors.js';
import type { MessagingDeps } from './messagingDeps.js';
import { contentFilterReason } from './contentFilter.js';

/** The limits, tuned for people writing to a help desk, not chatting. */
export const SPAM_LIMITS = {
  /** Messages per person per window. */
  perWindow: 10,
  windowMs: 10 * 60 * 1000,
  /** More links than this holds a message. */
  maxLinks: 3,
  /** A repeat of one of the person's messages within this window holds it. */
  repeatWindowMs: 24 * 60 * 60 * 1000,
} as const;

/** The policy shown to people on the messages pages. */
export const MESSAGING_POLICY = [
  'Write about your account, payments, certificates, accreditation or anything else you need from the team; we answer within one working day.',
  'Be respectful. Abusive messages are reported and can get an account blocked from messaging.',
  `Up to ${SPAM_LIMITS.perWindow} messages per ${SPAM_LIMITS.windowMs / 60000} minutes. Messages with more than ${SPAM_LIMITS.maxLinks} links, or the same text sent again, wait for a person to check them.`,
  'Messages are encrypted when stored. You can delete your message history at any time from this page.',
];

const LINK = /\bhttps?:\/\/|\bwww\.[a-z0-9-]+\./gi;

/** Why a person's message must wait for review, if it must; throws when they may not send. */
export async function screenMessage(
  deps: Pick<MessagingDeps, 'stores' | 'crypto' | 'now'>,
  userId: string,
  text: string,
): Promise<string | undefined> {
  const block = await deps.stores.moderation.getBlock(userId);
  if (block?.mode === 'blocked')
    throw new AppError(
      'forbidden',
      'Your account is blocked from sending messages. If you think this is a mistake, contact the office by email.',
    );
  const now = deps.now().getTime();
  const recent = await deps.stores.conversationMessages.recentMessagesBy(
    userId,
    new Date(now - SPAM_LIMITS.repeatWindowMs).toISOString(),
    200,
  );
  const inWindow = recent.filter((m) => Date.parse(m.createdAt) >= now - SPAM_LIMITS.windowMs);
  if (inWindow.length >= SPAM_LIMITS.perWindow) {
    throw new AppError(
      'rate_limited',
      `You sent ${SPAM_LIMITS.perWindow} messages in the last ${SPAM_LIMITS.windowMs / 60000} minutes; please wait a few minutes before sending more`,
    );
  }
  if (block?.mode === 'muted') return 'the account is muted: every message is checked first';
  const filtered = await contentFilterReason(deps, text);
  if (filtered) return filtered;
  if ((text.match(LINK) ?? []).length > SPAM_LIMITS.maxLinks)
    return `more than ${SPAM_LIMITS.maxLinks} links`;
  const fingerprint = deps.crypto.fingerprint(text);
  if (recent.some((m) => m.fingerprint === fingerprint && m.kind === 'message'))
    return 'the same text was sent before';
  return undefined;
}
