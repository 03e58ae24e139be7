/**
 * The Verifier the HTTP layer calls: a credential or a presentation in, as a parsed value
 * or as the raw request body, a result out, with the input caps (inputLimits.ts) checked
 * first. Two implementations: in process (the Workers verifier, where the platform bounds
 * CPU per request, and the verification threads themselves), and a pool of worker threads
 * with a time budget (the Node server, pooledVerifier.ts).
 */
import {
  assertCredentialWithinLimits,
  assertPresentationWithinLimits,
  type InputLimits,
} from './inputLimits.js';
import { verifyCredential, type CredentialCheckOptions, type VerifyDeps } from './verifyCredential.js';
import {
  verifyPresentation,
  type PresentationOptions,
  type PresentationResult,
} from './verifyPresentation.js';
import { parseCredentialRequest, parsePresentationRequest } from './verificationRequests.js';
import { readPicture } from './pictureCredential.js';
import type { PictureType } from './pictureType.js';
import type { VerificationResult } from './result.js';

/**
 * A certificate file's outcome: the result for the credential it carries, or the text of
 * its QR code, which the caller follows (qrLink.ts: the credentials are in its store).
 */
export type PictureVerification = { result: VerificationResult } | { qrText: string };

/** Verifies credentials and presentations; throws AppError only for refused input. */
export interface Verifier {
  /** A credential: a JSON object, or a compact VC-JWT string. */
  credential(input: unknown): Promise<VerificationResult>;
  presentation(input: unknown, options: PresentationOptions): Promise<PresentationResult>;
  /** A `POST /credentials/verify` JSON body, parsed where the verification runs. */
  credentialRequest(body: string): Promise<VerificationResult>;
  /** A `POST /presentations/verify` JSON body, parsed where the verification runs. */
  presentationRequest(body: string): Promise<PresentationResult>;
  /**
   * A certificate file (pictureCredential.ts: a baked PNG or SVG, a PDF with the credential
   * attached, a plain PNG or a photo with its QR code), read where the verification runs.
   */
  picture(file: ArrayBuffer, type: PictureType): Promise<PictureVerification>;
  /** Ends any threads; verifying afterwards is an error. */
  close(): Promise<void>;
}

/** Verifies on the caller's thread, after the same caps as the pool. */
export function createInProcessVerifier(deps: VerifyDeps, limits: InputLimits): Verifier {
  const credential = async (input: unknown, options: CredentialCheckOptions = {}) => {
    assertCredentialWithinLimits(input, limits);
    return verifyCredential(input, deps, { ...options, limits });
  };
  const presentation = async (input: unknown, options: PresentationOptions) => {
    assertPresentationWithinLimits(input, limits);
    return verifyPresentation(input, options, deps);
  };
  return {
    credential,
    presentation,
    credentialRequest: async (body) => {
      const request = parseCredentialRequest(body);
      return credential(request.credential, request.options);
    },
    presentationRequest: async (body) => {
      const request = parsePresentationRequest(body);
      return presentation(request.presentation, request.options);
    },
    picture: async (file, type) => {
      const contents = await readPicture(new Uint8Array(file), type);
      return 'credential' in contents ? { result: await credential(contents.credential) } : contents;
    },
    async close() {},
  };
}
