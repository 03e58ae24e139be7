/**
 * The VC-API verify request bodies, parsed wherever the verification runs (on a worker
 * thread for the Node server), so that JSON.parse of a large body never runs on the event
 * loop: a body of many distinct keys costs V8 tens of milliseconds to parse.
 */
import { z } from 'zod';
import { parseJsonText } from '../jsonText.js';
import type { PresentationOptions } from './verifyPresentation.js';
import type { CredentialCheckOptions } from './verifyCredential.js';

const verifierOptions = z
  .object({ challenge: z.string().optional(), domain: z.string().optional() })
  .loose()
  .optional();

// `recipientEmail` asks for the recipient check (OB 3.0 IdentityObject hashes); an address is at most 254 characters.
const credentialOptions = z
  .object({
    recipientEmail: z.string().trim().min(3).max(254).optional(),
    challenge: z.string().optional(),
    domain: z.string().optional(),
  })
  .loose()
  .optional();

const credentialBody = z.object({
  verifiableCredential: z.unknown().refine((v) => v !== undefined, '"verifiableCredential" is required'),
  options: credentialOptions,
});

const presentationBody = z.object({
  verifiablePresentation: z.unknown().refine((v) => v !== undefined, '"verifiablePresentation" is required'),
  options: verifierOptions,
});

/** `{verifiableCredential, options?: {recipientEmail}}` -> the credential (an object or a VC-JWT) and options; throws 400 AppErrors. */
export function parseCredentialRequest(body: string): {
  credential: unknown;
  options: Pick<CredentialCheckOptions, 'recipientEmail'>;
} {
  const { verifiableCredential, options = {} } = parseJsonText(body, credentialBody);
  return {
    credential: verifiableCredential,
    options: options.recipientEmail !== undefined ? { recipientEmail: options.recipientEmail } : {},
  };
}

/** `{verifiablePresentation, options?: {challenge, domain}}` -> the presentation and options. */
export function parsePresentationRequest(body: string): {
  presentation: unknown;
  options: PresentationOptions;
} {
  const { verifiablePresentation, options = {} } = parseJsonText(body, presentationBody);
  return {
    presentation: verifiablePresentation,
    options: {
      ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
      ...(options.domain !== undefined ? { domain: options.domain } : {}),
    },
  };
}
