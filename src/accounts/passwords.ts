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
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
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

/** Enforces the password policy (NIST 800-63B: length over composition rules). */
export function assertAcceptablePassword(password: string, email: string): void {
  if (password.length < 10) throw new AppError('invalid_request', 'Choose a password of at least 10 characters');
  if (password.length > 200) throw new AppError('invalid_request', 'Choose a password of at most 200 characters');
  if (password.toLowerCase() === email.toLowerCase() || password.toLowerCase().includes(email.split('@')[0]!.toLowerCase()) && email.split('@')[0]!.length >= 4) {
    throw new AppError('invalid_request', 'Choose a password that does not contain your email address');
  }
  if (/^(.)\1+$/.test(password) || ['password12', '1234567890', 'qwertyuiop'].includes(password.toLowerCase())) {
    throw new AppError('invalid_request', 'That password is too easy to guess; choose another');
  }
}
