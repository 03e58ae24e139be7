/**
 * The Verifier the HTTP layer calls: a credential or a presentation in, as a parsed value
 * or as the raw request body, a result out, with the input caps (inputLimits.ts) checked
 * first. Two implementations: in process (the Workers verifier, where the platform bounds
 * CPU per request, and the verification threads themselves), and a pool of worker threads
 * with a time budget (the Node server, pooledVerifier.ts).
 */
import { assertCredentialWithinLimits, assertPresentationWithinLimits, type InputLimits } from './inputLimits.js';
import { verifyCredential, type VerifyDeps } from './verifyCredential.js';
import { verifyPresentation, type PresentationOptions, type PresentationResult } from './verifyPresentation.js';
import { credentialFromImage, parseCredentialRequest, parsePresentationRequest } from './verificationRequests.js';
import type { BakedImageType } from '../rendering/baking.js';
import type { VerificationResult } from './result.js';

/** Verifies credentials and presentations; throws AppError only for refused input. */
export interface Verifier {
  credential(input: unknown): Promise<VerificationResult>;
  presentation(input: unknown, options: PresentationOptions): Promise<PresentationResult>;
  /** A `POST /credentials/verify` JSON body, parsed where the verification runs. */
  credentialRequest(body: string): Promise<VerificationResult>;
  /** A `POST /presentations/verify` JSON body, parsed where the verification runs. */
  presentationRequest(body: string): Promise<PresentationResult>;
  /** An Open Badges baked image (PNG or SVG bytes), read where the verification runs. */
  bakedImage(image: ArrayBuffer, type: BakedImageType): Promise<VerificationResult>;
  /** Ends any threads; verifying afterwards is an error. */
  close(): Promise<void>;
}

/** Verifies on the caller's thread, after the same caps as the pool. */
export function createInProcessVerifier(deps: VerifyDeps, limits: InputLimits): Verifier {
  const credential = async (input: unknown) => {
    assertCredentialWithinLimits(input, limits);
    return verifyCredential(input, deps);
  };
  const presentation = async (input: unknown, options: PresentationOptions) => {
    assertPresentationWithinLimits(input, limits);
    return verifyPresentation(input, options, deps);
  };
  return {
    credential,
    presentation,
    credentialRequest: async (body) => credential(parseCredentialRequest(body)),
    presentationRequest: async (body) => {
      const request = parsePresentationRequest(body);
      return presentation(request.presentation, request.options);
    },
    bakedImage: async (image, type) => credential(credentialFromImage(image, type)),
    async close() {},
  };
}
