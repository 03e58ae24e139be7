/**
 * The picture a credential is baked into. A backpack shows the baked image as the badge, so
 * a certificate whose course had a badge image is baked into that image (the one the
 * signed credential names: its achievement's `image`, our /badges/images/<sha256>.<ext>,
 * looked up by sha256 in the badge image store; no URL is ever fetched). A PNG badge
 * carries a baked PNG and an SVG badge a baked SVG; anything else (a JPEG badge, which
 * cannot carry a credential; a badge of the other format; an image whose stored bytes are
 * gone) is baked into the certificate picture, as before badge images existed.
 */
import type { BadgeImageStore } from '../storage/badgePorts.js';
import { bakePng, bakeSvg } from './baking.js';

type Json = Record<string, unknown>;

/** What finding a credential's badge image needs. */
export type BadgeImageLookup = Pick<BadgeImageStore, 'getBadgeImage'>;

const BADGE_IMAGE_PATH = /\/badges\/images\/([0-9a-f]{64})\.(png|svg|jpg)$/;
const MEDIA_TYPE_OF_EXTENSION = { png: 'image/png', svg: 'image/svg+xml', jpg: 'image/jpeg' } as const;

/** The stored badge image the credential's achievement names, if it names one of ours. */
function namedBadgeImage(credential: Json): { sha256: string; mediaType: string } | undefined {
  const subject = credential.credentialSubject as Json | undefined;
  const image = (subject?.achievement as Json | undefined)?.image;
  const url = typeof image === 'string' ? image : (image as Json | undefined)?.id;
  const match = typeof url === 'string' ? BADGE_IMAGE_PATH.exec(url) : null;
  if (!match) return undefined;
  return {
    sha256: match[1]!,
    mediaType: MEDIA_TYPE_OF_EXTENSION[match[2] as keyof typeof MEDIA_TYPE_OF_EXTENSION],
  };
}

/**
 * The baked format that carries the credential in its own badge image: 'baked-svg' for an
 * SVG badge, otherwise 'baked-png' (a PNG badge, or the certificate picture). Read from the
 * credential alone, so the backpack export can name its file before making it.
 */
export function bakedFormatOf(credential: Json): 'baked-png' | 'baked-svg' {
  return namedBadgeImage(credential)?.mediaType === 'image/svg+xml' ? 'baked-svg' : 'baked-png';
}

/**
 * The credential baked into its course's badge image in `format`, or undefined when there
 * is no stored badge image of that format (the caller then bakes the certificate picture).
 */
export async function bakeIntoBadgeImage(
  badgeImages: BadgeImageLookup,
  credential: Json,
  format: 'baked-png' | 'baked-svg',
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const named = namedBadgeImage(credential);
  const wanted = format === 'baked-png' ? 'image/png' : 'image/svg+xml';
  // A JPEG badge has no place for a credential (OB 3.0 bakes PNG and SVG only).
  if (!named || named.mediaType !== wanted) return undefined;
  const image = await badgeImages.getBadgeImage(named.sha256);
  if (!image || image.mediaType !== wanted) return undefined;
  if (format === 'baked-png') return bakePng(image.bytes, credential);
  return new TextEncoder().encode(bakeSvg(new TextDecoder().decode(image.bytes), credential));
}
