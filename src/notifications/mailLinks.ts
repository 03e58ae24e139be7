/**
 * Signed links in email: click redirects and the open pixel (delivery log `clicked` and
 * `opened`), and one-click unsubscribe (RFC 8058). Each carries an HMAC over what it
 * names, so the redirect is never an open redirect for others' URLs, and nobody can
 * unsubscribe a person or fake opens without the server's secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { escapeHtml } from '../mail/simpleMail.js';
import { ONE_TIME_TOKEN } from './oneTimeLinks.js';

/** What the links need: where the server is, and the secret. */
export interface MailLinkSettings {
  publicUrl: string;
  secret: Buffer;
  /** Rewrite links and add the open pixel (MAIL_TRACKING). */
  tracking: boolean;
  /** Optional mailto for List-Unsubscribe. */
  unsubscribeMailto?: string | undefined;
}

/** A 128-bit HMAC-SHA256 tag over the parts (base64url). */
export function linkTag(secret: Buffer, ...parts: string[]): string {
  return createHmac('sha256', secret).update(parts.join('\n')).digest().subarray(0, 16).toString('base64url');
}

/** Whether `tag` is the tag of the parts (constant time). */
export function checkLinkTag(secret: Buffer, tag: string, ...parts: string[]): boolean {
  const expected = Buffer.from(linkTag(secret, ...parts));
  const given = Buffer.from(tag);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const unescapeHref = (href: string) =>
  href
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The redirect link for one URL of one message. */
function clickUrl(settings: MailLinkSettings, messageId: string, url: string): string {
  return `${settings.publicUrl}/t/c/${encodeURIComponent(messageId)}?u=${encodeURIComponent(url)}&s=${linkTag(settings.secret, 'click', messageId, url)}`;
}

/** The open pixel's URL for one message. */
function pixelUrl(settings: MailLinkSettings, messageId: string): string {
  return `${settings.publicUrl}/t/o/${encodeURIComponent(messageId)}/${linkTag(settings.secret, 'open', messageId)}.gif`;
}

/**
 * The HTML as sent: every http(s) link through the click redirect and a 1x1 pixel at the
 * end. Our HTML comes from markdown-it, whose links are always `href="..."`.
 */
export function trackHtml(settings: MailLinkSettings, messageId: string, html: string): string {
  // A one-time link goes out as it is: its secret is made at sending and must not pass through the redirect.
  const linked = html.replace(/href="(https?:\/\/[^"]*)"/g, (whole, href: string) =>
    href.includes(ONE_TIME_TOKEN)
      ? whole
      : `href="${escapeHtml(clickUrl(settings, messageId, unescapeHref(href)))}"`,
  );
  const pixel = `<img src="${escapeHtml(pixelUrl(settings, messageId))}" width="1" height="1" alt="" style="display:block;border:0">`;
  return linked.includes('</body>') ? linked.replace('</body>', `${pixel}</body>`) : `${linked}${pixel}`;
}

/** The one-click unsubscribe link of a person (turns reminder emails off). */
export function unsubscribeUrl(settings: MailLinkSettings, userId: string): string {
  return `${settings.publicUrl}/unsubscribe/${encodeURIComponent(userId)}/${linkTag(settings.secret, 'unsubscribe', userId)}`;
}

/** List-Unsubscribe (with one-click POST, RFC 8058) for a message a person can turn off. */
export function unsubscribeHeaders(settings: MailLinkSettings, userId: string): Record<string, string> {
  const targets = [
    `<${unsubscribeUrl(settings, userId)}>`,
    ...(settings.unsubscribeMailto ? [`<mailto:${settings.unsubscribeMailto}?subject=unsubscribe>`] : []),
  ];
  return { 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
