/**
 * Password hashing with scrypt (node:crypto, memory-hard) and a per-user random salt.
 * The stored form `scrypt$logN$r$p$salt$hash` carries its own parameters, so the cost can
 * be raised later and old hashes still verify.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N, r, p, maxmem: 256 * N * r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** Hashes a password for storage. */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, logN, R, P);
  return ['scrypt', logN, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 20) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const actual = await derive(password, Buffer.from(parts[4]!, 'base64url'), logN, r, p);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The password policy in words, as the forms state it under the password field before
 * anyone types (NIST 800-63B: length over composition rules, and no password built from
 * the person's own name or address). passwordProblem checks exactly these.
 */
export const PASSWORD_RULES: readonly string[] = [
  'have at least 10 characters (and at most 200)',
  'not contain your name, your email address or the part of it before the @',
  'not be an easily guessed password such as 1234567890, password12 or one character repeated',
];

const MIN_LENGTH = 10;
const MAX_LENGTH = 200;
/** Name parts and address parts shorter than this are too common to refuse ("Li", "jo@"). */
const MIN_PERSONAL_PART = 4;
const COMMON = new Set([
  'password12',
  '1234567890',
  'qwertyuiop',
  '0987654321',
  'password123',
  'qwertyuiop1',
  '12345678910',
  'iloveyou12',
  'abcdefghij',
]);

/** Who a password is for: the personal words it must not contain. */
export interface PasswordOwner {
  email: string;
  /** Unknown on some forms (reset, change); then only the address is checked. */
  name?: string | undefined;
}

const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/** The words of a name long enough to count as personal ("Mary-Jane van Wyk" -> mary, jane). */
function nameParts(name: string | undefined): string[] {
  return fold(name ?? '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((part) => part.length >= MIN_PERSONAL_PART);
}

/**
 * What is wrong with a password under the policy, as a sentence a person can act on, or
 * undefined when it is acceptable. Each refusal names its real reason: a name found in the
 * password is "your name" even when the address starts with it too.
 */
export function passwordProblem(password: string, owner: PasswordOwner): string | undefined {
  if (password.length < MIN_LENGTH) return `Choose a password of at least ${MIN_LENGTH} characters`;
  if (password.length > MAX_LENGTH) return `Choose a password of at most ${MAX_LENGTH} characters`;
  const folded = fold(password);
  const email = fold(owner.email.trim());
  const local = email.split('@')[0] ?? '';
  if (nameParts(owner.name).some((part) => folded.includes(part)))
    return 'Choose a password that does not contain your name';
  if (email && folded.includes(email)) return 'Choose a password that does not contain your email address';
  if (local.length >= MIN_PERSONAL_PART && folded.includes(local))
    return `Choose a password that does not contain "${local}", the part of your email address before the @`;
  if (/^(.)\1+$/u.test(password)) return 'Choose a password that is not one character repeated';
  if (COMMON.has(folded)) return 'Choose a password that is not on the list of commonly used passwords';
  return undefined;
}

/**
 * Enforces the password policy; `owner` may be just the email address. The error names
 * the form field, so a form can show the message next to the password input.
 */
export function assertAcceptablePassword(password: string, owner: string | PasswordOwner): void {
  const problem = passwordProblem(password, typeof owner === 'string' ? { email: owner } : owner);
  if (problem) throw new AppError('invalid_request', problem, { field: 'password' });
}
