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
    .replace(PHONE, (phone) =>
      phone.replace(/\D/g, '').length >= 9 && !UUID.test(phone) ? maskPhone(phone) : phone,
    );
}

/** Formats an error for a log line (message and stack), redacted. */
export function errorForLog(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  return redactForLog(text);
}

/**
 * An error as fields of a structured log line (its type, message and stack), redacted like
 * every other line: an error's message may quote a link or an address it was given.
 */
export function errorFields(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: redactForLog(String(error)) };
  return {
    type: error.name,
    message: redactForLog(error.message),
    ...(error.stack ? { stack: redactForLog(error.stack) } : {}),
  };
}

/**
 * Capability URLs: path families where a segment after the prefix is itself the secret
 * (a private verification link, a wallet exchange, an unsubscribe or open-pixel tag).
 */
const SECRET_SEGMENTS: [RegExp, string][] = [
  [/^(\/v\/)[^/]+/, '$1[redacted]'],
  [/^(\/exchanges\/)[^/]+/, '$1[redacted]'],
  [/^(\/unsubscribe\/[^/]+\/)[^/]+/, '$1[redacted]'],
  [/^(\/marketing\/unsubscribe\/[^/]+\/)[^/]+/, '$1[redacted]'],
  [/^(\/t\/o\/[^/]+\/)[^/]+/, '$1[redacted]'],
];

/** A request path longer than this is cut in the log: the line is for finding the route. */
const MAX_LOGGED_PATH = 300;

/**
 * A request URL as a log line may show it: the path, with capability segments replaced,
 * and the query's parameter names only. No query value is ever logged: the links in our
 * emails carry their secrets there (/setup, /reset-password, /accept-invitation and
 * /verify-email ?token=, the click redirect's ?u=&s=), and a list of which pages do would
 * be one more thing to keep in step with the routes; the names are enough to debug with.
 */
export function urlForLog(url: string): string {
  const parsed = new URL(url, 'http://localhost');
  let path = parsed.pathname;
  for (const [pattern, replacement] of SECRET_SEGMENTS) path = path.replace(pattern, replacement);
  if (path.length > MAX_LOGGED_PATH) path = `${path.slice(0, MAX_LOGGED_PATH)}...`;
  const names = [...new Set(parsed.searchParams.keys())].map(
    (name) => `${encodeURIComponent(name.slice(0, 40))}=[redacted]`,
  );
  return redactForLog(path) + (names.length > 0 ? `?${names.slice(0, 20).join('&')}` : '');
}
