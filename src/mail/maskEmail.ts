/**
 * Masking personal contact details for log lines: enough to tell which message went
 * where, never the whole address or number. Loggers across the platform use these.
 */

/** `zoe@example.org` -> `z***@example.org`; anything that is not an address -> `***`. */
export function maskEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return '***';
  const first = Array.from(trimmed.slice(0, at))[0] ?? '';
  return `${first}***@${trimmed.slice(at + 1)}`;
}

/** `+27 82 123 4567` -> `***67`: only the last two digits, and not the length. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 4 ? `***${digits.slice(-2)}` : '***';
}
