/**
 * What a certificate file leads to, read on the verification thread: the credential it
 * carries (baked into a PNG or SVG, attached to a PDF), or else the text of the QR code
 * printed on it, which the main thread follows (qrLink.ts) since the credential behind it
 * is in the store. A PNG is looked at in that order: a baked credential first (cheap, and
 * the very credential), then its QR code. A PDF is read for its attachment only: one
 * without it plainly carries no credential (its pages are not rasterised to find the QR).
 */
import { AppError } from '../errors.js';
import { unbakeImage, unbakePng } from '../rendering/baking.js';
import { credentialFromPdf } from './pdfAttachment.js';
import { decodePicture } from './pictureDecoding.js';
import { findQrText } from './qrScan.js';
import type { PictureType } from './pictureType.js';

/** A credential found in the file itself, or the text of its QR code. */
export type PictureContents = { credential: Record<string, unknown> } | { qrText: string };

const TRY_INSTEAD =
  "Upload the certificate's PDF or PNG as downloaded, or a sharp, well-lit photo with the whole QR code in view";

function svgCredential(bytes: Uint8Array): Record<string, unknown> {
  const credential = unbakeImage(bytes, 'image/svg+xml');
  if (!credential)
    throw new AppError(
      'invalid_request',
      'This image carries no Open Badges credential: it has no openbadges:credential element',
    );
  return credential;
}

function qrOf(bytes: Uint8Array, type: 'image/png' | 'image/jpeg', nothing: string): PictureContents {
  const qrText = findQrText(decodePicture(bytes, type));
  if (qrText === undefined) throw new AppError('picture_without_credential', `${nothing}. ${TRY_INSTEAD}`);
  return { qrText };
}

/**
 * Reads a file sent to POST /credentials/verify. Throws AppErrors: 413 picture_too_large
 * (over MAX_PICTURE_PIXELS, before decoding), 422 picture_without_credential, 400 invalid_request
 * for a file that is not what its type says or carries an unusable credential.
 */
export async function readPicture(bytes: Uint8Array, type: PictureType): Promise<PictureContents> {
  switch (type) {
    case 'image/svg+xml':
      return { credential: svgCredential(bytes) };
    case 'image/png': {
      const credential = unbakePng(bytes);
      if (credential) return { credential };
      return qrOf(
        bytes,
        type,
        'This picture carries no certificate: no Open Badges credential is baked into it and no QR code could be read in it',
      );
    }
    case 'image/jpeg':
      return qrOf(bytes, type, 'No QR code could be read in this picture');
    case 'application/pdf': {
      const credential = await credentialFromPdf(bytes);
      if (credential) return { credential };
      throw new AppError(
        'picture_without_credential',
        "This PDF carries no credential: it has no credential.json attachment, so there is nothing in it to verify. Upload the certificate's PNG, or a photo of its QR code, instead",
      );
    }
  }
}
