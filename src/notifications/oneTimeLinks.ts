/**
 * Links that let someone into an account (set a password) must never be stored where
 * others can read them: outbox messages are shown in the staff delivery log and kept in
 * the database. So such a message is composed with a marker in place of the secret, and
 * the secret is made when the email is sent, put into the copy that goes to the mail
 * server only. Each delivery attempt makes a new one (the previous is replaced), and the
 * stored message says, in its link, that the token was made when it was sent.
 */
import type { OutboxMessage, Stores } from '../storage/ports.js';
import { replaceUserToken } from '../accounts/secrets.js';

/** The marker a composed message carries where the one-time token goes. */
export const ONE_TIME_TOKEN = 'one-time-token-made-when-sent';

/** How long an account set-up link stays usable: people read such mail days later. */
const SET_PASSWORD_TTL_MS = 14 * 86_400_000;

/** The set-password link of an invitation, as composed (with the marker). */
export function setPasswordLink(publicUrl: string): string {
  return `${publicUrl}/reset-password?token=${ONE_TIME_TOKEN}`;
}

/** Makes the token for one message (its person), or throws when it cannot. */
export type OneTimeTokenMinter = (message: Pick<OutboxMessage, 'userId'>) => Promise<string>;

/**
 * The minter over the tokens store: a password-setting token for the message's person,
 * replacing any earlier one (the reset page takes it like a reset link).
 */
export function createOneTimeTokenMinter(deps: {
  stores: Pick<Stores, 'tokens'>;
  now: () => Date;
}): OneTimeTokenMinter {
  return async (message) => {
    if (!message.userId) throw new Error('a one-time link needs the person the message is for');
    return replaceUserToken(deps, message.userId, 'reset_password', SET_PASSWORD_TTL_MS);
  };
}

/** Whether a message carries the marker. */
export function needsOneTimeToken(message: Pick<OutboxMessage, 'text' | 'html'>): boolean {
  return message.text.includes(ONE_TIME_TOKEN) || (message.html?.includes(ONE_TIME_TOKEN) ?? false);
}

/** The text and HTML with the marker replaced by `token`. */
export function withOneTimeToken<T extends { text: string; html?: string }>(content: T, token: string): T {
  return {
    ...content,
    text: content.text.replaceAll(ONE_TIME_TOKEN, token),
    ...(content.html !== undefined ? { html: content.html.replaceAll(ONE_TIME_TOKEN, token) } : {}),
  };
}
