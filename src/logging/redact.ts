/**
 * Log hygiene: before anything reaches a log line, emails and phone numbers are masked
 * and secrets (tokens in links, bearer keys, cookies, passwords) are replaced, so logs
 * can be shared with support without leaking personal data or credentials.
 */
import { maskEmail, maskPhone } from '../mail/maskEmail.js';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// Standalone only: digit runs inside ids (UUIDs, request ids) are not phone numbers.
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const PHONE = /(?<![\w-])\+?\d[\d ()-]{7,}\d(?![\w-])/g;
const SECRETS: [RegExp, string][] = [
  [/([?&](?:token|code|key|secret|password)=)[^&\s"']+/gi, '$1[redacted]'],
  [/(bearer\s+)[\w.~+/=-]+/gi, '$1[redacted]'],
  [/((?:__Host-)?(?:sid|csrf)=)[\w-]+/g, '$1[redacted]'],
  [/("?(?:password|passwordHash|secretKeyMultibase|secret)"?\s*[:=]\s*)"[^"]*"/gi, '$1"[redacted]"'],
];

/** Returns the text with personal data masked and secrets removed. */
export function redactForLog(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRETS) out = out.replace(pattern, replacement);
  return out
    .replace(EMAIL, (email) => maskEmail(email))
    .replace(PHONE, (phone) => (phone.replace(/\D/g, '').length >= 9 && !UUID.test(phone) ? maskPhone(phone) : phone));
}

/** Formats an error for a log line (message and stack), redacted. */
export function errorForLog(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  return redactForLog(text);
}
