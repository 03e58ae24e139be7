/**
 * The Verifier the HTTP layer calls: a credential or a presentation in, a result out, with
 * the input caps (inputLimits.ts) checked first. Two implementations: in process (the
 * Workers verifier, where the platform bounds CPU per request, and tests), and a pool of
 * worker threads with a time budget (the Node server, pooledVerifier.ts).
 */
import { assertCredentialWithinLimits, assertPresentationWithinLimits, type InputLimits } from './inputLimits.js';
import { verifyCredential, type VerifyDeps } from './verifyCredential.js';
import { verifyPresentation, type PresentationOptions, type PresentationResult } from './verifyPresentation.js';
import type { VerificationResult } from './result.js';

/** Verifies credentials and presentations; throws AppError only for refused input. */
export interface Verifier {
  credential(input: unknown): Promise<VerificationResult>;
  presentation(input: unknown, options: PresentationOptions): Promise<PresentationResult>;
  /** Ends any threads; verifying afterwards is an error. */
  close(): Promise<void>;
}

/** Verifies on the caller's thread, after the same caps as the pool. */
export function createInProcessVerifier(deps: VerifyDeps, limits: InputLimits): Verifier {
  return {
    async credential(input) {
      assertCredentialWithinLimits(input, limits);
      return verifyCredential(input, deps);
    },
    async presentation(input, options) {
      assertPresentationWithinLimits(input, limits);
      return verifyPresentation(input, options, deps);
    },
    async close() {},
  };
}
