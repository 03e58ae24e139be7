/**
 * The VC-API verify request bodies, parsed wherever the verification runs (on a worker
 * thread for the Node server), so that JSON.parse of a large body never runs on the event
 * loop: a body of many distinct keys costs V8 tens of milliseconds to parse.
 */
import { z } from 'zod';
import { parseJsonText } from '../jsonText.js';
import type { PresentationOptions } from './verifyPresentation.js';

const verifierOptions = z.object({ challenge: z.string().optional(), domain: z.string().optional() }).loose().optional();

const credentialBody = z.object({
  verifiableCredential: z.unknown().refine((v) => v !== undefined, '"verifiableCredential" is required'),
  options: verifierOptions,
});

const presentationBody = z.object({
  verifiablePresentation: z.unknown().refine((v) => v !== undefined, '"verifiablePresentation" is required'),
  options: verifierOptions,
});

/** `{verifiableCredential, options?}` -> the credential; throws 400 AppErrors. */
export function parseCredentialRequest(body: string): unknown {
  return parseJsonText(body, credentialBody).verifiableCredential;
}

/** `{verifiablePresentation, options?: {challenge, domain}}` -> the presentation and options. */
export function parsePresentationRequest(body: string): { presentation: unknown; options: PresentationOptions } {
  const { verifiablePresentation, options = {} } = parseJsonText(body, presentationBody);
  return {
    presentation: verifiablePresentation,
    options: {
      ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
      ...(options.domain !== undefined ? { domain: options.domain } : {}),
    },
  };
}
