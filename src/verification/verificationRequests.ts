/**
 * The VC-API verify request bodies, parsed wherever the verification runs (on a worker
 * thread for the Node server), so that JSON.parse of a large body never runs on the event
 * loop: a body of many distinct keys costs V8 tens of milliseconds to parse.
 */
import { z } from 'zod';
import { parseJsonText } from '../jsonText.js';
import { AppError } from '../errors.js';
import { unbakeImage, type BakedImageType } from '../rendering/baking.js';
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

/**
 * The credential baked into an Open Badges image (PNG iTXt chunk or SVG element), read
 * where it is verified: the JSON inside may be as costly to parse as any request body.
 */
export function credentialFromImage(image: ArrayBuffer, type: BakedImageType): Record<string, unknown> {
  const credential = unbakeImage(new Uint8Array(image), type);
  if (!credential) {
    const where = type === 'image/png' ? 'no openbadgecredential iTXt chunk' : 'no openbadges:credential element';
    throw new AppError('invalid_request', `This image carries no Open Badges credential: it has ${where}`);
  }
  return credential;
}

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
