/**
 * The VC-API verify handlers, shared by the Node app's /credentials and /presentations
 * sub-apps and by the Workers verifier: read the body, verify, answer the result (200)
 * or a problem+json `verification_failed` (400) that still carries every check.
 * /credentials/verify also takes the certificate itself as the body: a baked Open Badges
 * PNG or SVG, the PDF with its credential attached, or a plain PNG or a photo (JPEG, PNG)
 * whose QR code leads to a certificate of this site. The file is read on the verification
 * thread; a QR code's link is followed here, by looking the credential up (qrLink.ts).
 */
import type { Context } from 'hono';
import { readJsonText } from '../readJson.js';
import { limitBody } from '../bodyLimit.js';
import { AppError, toProblem } from '../../errors.js';
import { pictureType, type PictureType } from '../../verification/pictureType.js';
import { credentialBehindQr, type QrLinkSite } from '../../verification/qrLink.js';
import type { Verifier } from '../../verification/verifier.js';
import type { VerificationResult } from '../../verification/result.js';

function answer(c: Context, result: VerificationResult, fallback: string): Response {
  if (result.verified) return c.json(result, 200);
  const first = result.errors[0];
  // The problem's type stays the category (verification failed); its code names the first
  // failing check (revoked, invalid_signature, ...), so a client can act on it directly.
  const problem = {
    ...toProblem('verification_failed', first?.message ?? fallback, c.get('requestId'), { ...result }),
    ...(first ? { code: first.code } : {}),
  };
  return c.json(problem, 400, { 'content-type': 'application/problem+json' });
}

const JSON_OR_PICTURE =
  'Send the body as JSON with "Content-Type: application/json", a certificate picture as "image/png", "image/jpeg" or "image/svg+xml", or its PDF as "application/pdf"';

/** What POST /credentials/verify takes beyond the verifier, on the Node server. */
export interface CredentialVerifyOptions {
  /** This site and its credentials, for QR codes; without it (the Workers verifier) no link is followed. */
  qrSite?: QrLinkSite;
  /**
   * The limit on JSON and SVG bodies, when the route admits larger ones for photos (a phone
   * photo runs to several megabytes) and PDFs: text is held to the usual limit.
   */
  maxTextBytes?: number;
}

/** Reads with the body held to `maxBytes` (413 payload_too_large past it), as the global limit would. */
async function readWithin<T>(c: Context, maxBytes: number | undefined, read: () => Promise<T>): Promise<T> {
  if (maxBytes === undefined) return read();
  const tooLarge = (): never => {
    throw new AppError('payload_too_large', `The body is larger than ${maxBytes} bytes`);
  };
  let value: T | undefined;
  await limitBody(maxBytes, tooLarge)(c, async () => {
    value = await read();
  });
  return value as T;
}

/** A certificate file: the credential it carries, else the one its QR code leads to (`qrCodeUrl`: the link followed). */
async function verifyPicture(
  c: Context,
  verifier: Verifier,
  type: PictureType,
  options: CredentialVerifyOptions,
): Promise<VerificationResult & { qrCodeUrl?: string }> {
  const limit = type === 'image/svg+xml' ? options.maxTextBytes : undefined;
  const read = await verifier.picture(await readWithin(c, limit, () => c.req.arrayBuffer()), type);
  if ('result' in read) return read.result;
  const linked = await credentialBehindQr(read.qrText, options.qrSite);
  return { ...(await verifier.credential(linked.credential)), qrCodeUrl: linked.url };
}

/** POST /credentials/verify: `{verifiableCredential, options?}`, or a certificate PNG, JPEG, SVG or PDF. */
export async function handleVerifyCredential(
  c: Context,
  verifier: Verifier,
  options: CredentialVerifyOptions = {},
): Promise<Response> {
  const type = pictureType(c.req.header('content-type'));
  const result = type
    ? await verifyPicture(c, verifier, type, options)
    : await verifier.credentialRequest(
        await readWithin(c, options.maxTextBytes, () => readJsonText(c, JSON_OR_PICTURE)),
      );
  return answer(c, result, 'The credential did not verify');
}

/** POST /presentations/verify: `{verifiablePresentation, options?: {challenge, domain}}`. */
export async function handleVerifyPresentation(c: Context, verifier: Verifier): Promise<Response> {
  const result = await verifier.presentationRequest(await readJsonText(c));
  return answer(c, result, 'The presentation did not verify');
}
