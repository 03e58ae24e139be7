/**
 * Caps checked before any JSON-LD work. Expanding and canonicalising a credential costs
 * far more than sending it: an inline @context of 5,000 type-scoped terms (515 KB) took
 * 13-30 s of CPU, 25,000 small claim objects (366 KB) 32 s. One cheap walk over the parsed
 * JSON (no recursion, so depth cannot overflow the stack) measures size, objects, inline
 * context terms and depth, and stops at the first cap passed.
 */
import { AppError } from '../errors.js';

/** The caps (config: VERIFY_MAX_* variables, shared by the server and the Workers verifier). */
export interface InputLimits {
  /** Approximate JSON size of one credential, in bytes. */
  maxCredentialBytes: number;
  /** JSON objects in one credential: each claim, achievement, result, proof... */
  maxClaims: number;
  /** Term definitions in all inline @context objects of one credential, scoped ones included. */
  maxContextTerms: number;
  /** Nesting of objects and arrays. */
  maxDepth: number;
}

/** Defaults: a large Open Badges credential has a few hundred objects and no inline context. */
export const DEFAULT_INPUT_LIMITS: InputLimits = Object.freeze({
  maxCredentialBytes: 256 * 1024,
  maxClaims: 1_000,
  maxContextTerms: 256,
  maxDepth: 64,
});

/** Credentials a presentation may carry; each is held to the per-credential caps. */
const MAX_PRESENTATION_CREDENTIALS = 16;

/** What one walk found, up to the first cap passed. */
interface Measure {
  bytes: number;
  objects: number;
  contextTerms: number;
  depth: number;
}

function contextTerms(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + contextTerms(v), 0);
  return value && typeof value === 'object' ? Object.keys(value).length : 0;
}

function measure(input: unknown, limits: InputLimits, what: string): Measure {
  const found: Measure = { bytes: 0, objects: 0, contextTerms: 0, depth: 0 };
  const stack: Array<{ value: unknown; depth: number }> = [{ value: input, depth: 1 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') found.bytes += value.length + 3;
    else if (value === null || typeof value !== 'object') found.bytes += 8;
    else {
      found.objects += 1;
      found.depth = Math.max(found.depth, depth);
      const entries = Array.isArray(value) ? value.map((v) => ['', v] as const) : Object.entries(value);
      found.bytes += 2;
      for (const [key, child] of entries) {
        found.bytes += key.length + 4;
        if (key === '@context') found.contextTerms += contextTerms(child);
        stack.push({ value: child, depth: depth + 1 });
      }
    }
    refuseOver(found, limits, what);
  }
  return found;
}

function tooComplex(what: string, limit: string, value: number, message: string): AppError {
  return new AppError('credential_too_complex', `${what} ${message}`, { limit: { name: limit, value } });
}

function refuseOver(found: Measure, limits: InputLimits, what: string): void {
  if (found.bytes > limits.maxCredentialBytes) {
    throw new AppError(
      'credential_too_large',
      `${what} is larger than ${Math.round(limits.maxCredentialBytes / 1024)} KB, the most this verifier accepts`,
      { limit: { name: 'maxCredentialBytes', value: limits.maxCredentialBytes } },
    );
  }
  if (found.depth > limits.maxDepth)
    throw tooComplex(what, 'maxDepth', limits.maxDepth, `is nested more than ${limits.maxDepth} levels deep`);
  if (found.objects > limits.maxClaims) {
    throw tooComplex(
      what,
      'maxClaims',
      limits.maxClaims,
      `has more than ${limits.maxClaims} JSON objects (claims and their parts), the most this verifier accepts`,
    );
  }
  if (found.contextTerms > limits.maxContextTerms) {
    throw tooComplex(
      what,
      'maxContextTerms',
      limits.maxContextTerms,
      `defines more than ${limits.maxContextTerms} terms in inline @context objects; use a published context instead`,
    );
  }
}

/** Throws a 413/422 AppError when a credential passes a cap; cheap (one walk, no JSON-LD). */
export function assertCredentialWithinLimits(credential: unknown, limits: InputLimits): void {
  measure(credential, limits, 'The credential');
}

/**
 * A presentation: each credential in it is held to the per-credential caps, the rest of the
 * presentation (its own proof, holder, contexts) to the same caps again.
 */
export function assertPresentationWithinLimits(presentation: unknown, limits: InputLimits): void {
  if (!presentation || typeof presentation !== 'object' || Array.isArray(presentation)) return;
  const { verifiableCredential, ...rest } = presentation as Record<string, unknown>;
  const credentials = ([] as unknown[]).concat(verifiableCredential ?? []);
  if (credentials.length > MAX_PRESENTATION_CREDENTIALS) {
    throw tooComplex(
      'The presentation',
      'maxPresentationCredentials',
      MAX_PRESENTATION_CREDENTIALS,
      `carries ${credentials.length} credentials; at most ${MAX_PRESENTATION_CREDENTIALS} are verified in one request`,
    );
  }
  measure(rest, limits, 'The presentation');
  for (const [i, credential] of credentials.entries()) {
    measure(credential, limits, `Credential ${i + 1} of the presentation`);
  }
}
