/**
 * The shape of the platform's transactional emails: a few paragraphs and one link, as
 * plain text with an equivalent HTML part (every value escaped, so a name can never
 * inject markup). The communications engine's templates take these over later.
 */
import type { OutgoingMail } from './mailer.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Builds a message of paragraphs, one link, then optional closing paragraphs. */
export function simpleMail(
  to: string,
  subject: string,
  lines: string[],
  link: { url: string; label: string },
  closing: string[] = [],
): OutgoingMail {
  const text = [
    ...lines,
    '',
    `${link.label}: ${link.url}`,
    ...(closing.length > 0 ? ['', ...closing] : []),
  ].join('\n');
  const paragraphs = (items: string[]) => items.map((l) => `<p>${escapeHtml(l)}</p>`).join('');
  const html = `${paragraphs(lines)}<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>${paragraphs(closing)}`;
  return { to, subject, text, html };
}
