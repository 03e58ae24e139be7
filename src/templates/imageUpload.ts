/**
 * Turns an uploaded logo or signature image into the data: URL a design stores. The type
 * is read from the file's first bytes (PNG and JPEG signatures, an `<svg` root for SVG),
 * never from the name or the type the browser claims, and the encoded URL must fit the
 * renderer's limit. Failures are 400s naming the field, like the rest of the design check.
 */
import { designError, type IMAGE_TYPES, MAX_IMAGE_URL_LENGTH } from './designSchema.js';

/** An image type a design may embed. */
export type ImageType = (typeof IMAGE_TYPES)[number];

/** The largest file whose data: URL fits the limit (the longest prefix is SVG's). */
export const MAX_IMAGE_FILE_BYTES =
  Math.floor((MAX_IMAGE_URL_LENGTH - 'data:image/svg+xml;base64,'.length) / 4) * 3;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The image type of a file's content, or undefined if it is none of the accepted ones. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  // SVG is text: skip a BOM, an XML declaration, comments and a doctype, then expect <svg.
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 2048))
    .replace(/^\uFEFF/, '');
  const rest = head.replace(/^\s*(<\?xml[^>]*\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*/i, '');
  return /^<svg[\s>]/i.test(rest) ? 'image/svg+xml' : undefined;
}

/** The data: URL of an uploaded image; throws a 400 naming `field` if it is unusable. */
export function imageToDataUrl(bytes: Uint8Array, field: string): string {
  if (bytes.length === 0) throw designError([`${field}: the file is empty`]);
  if (bytes.length > MAX_IMAGE_FILE_BYTES) {
    throw designError([
      `${field}: the file is too large (${Math.ceil(bytes.length / 1024)} KB); the largest accepted is ${Math.floor(MAX_IMAGE_FILE_BYTES / 1024)} KB`,
    ]);
  }
  const type = sniffImageType(bytes);
  if (!type) throw designError([`${field}: the file is not a PNG, JPEG or SVG image`]);
  return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
}
