/**
 * Open Badges 3.0 baking (§5.3): a credential carried inside its badge image. PNG: one
 * uncompressed iTXt chunk with keyword `openbadgecredential`, before IEND. SVG: an
 * `<openbadges:credential>` element (svgBaking.ts). Pure functions over bytes and text,
 * no file system and no Node built-ins, so the Workers verifier can use them too; every
 * unusable input is a BakingError (an AppError `invalid_request`) with a sentence.
 */
import { BakingError, PNG_KEYWORD, parseBakedCredential, serializeCredential } from './bakedCredential.js';
import { decodeITXt, encodeITXt, encodePng, iTXtKeyword, readPngChunks, type PngChunk } from './pngChunks.js';
import { bakeSvg, unbakeSvg } from './svgBaking.js';

export { BakingError, bakeSvg, unbakeSvg };

const isCredentialChunk = (chunk: PngChunk): boolean =>
  chunk.type === 'iTXt' && iTXtKeyword(chunk.data) === PNG_KEYWORD;

/**
 * Bakes `credential` into a PNG: drops any openbadgecredential chunk already there and
 * adds one (uncompressed, UTF-8 JSON) just before IEND. Other chunks are kept as they are.
 */
export function bakePng(png: Uint8Array, credential: object): Uint8Array<ArrayBuffer> {
  const chunks = readPngChunks(png).filter((chunk) => !isCredentialChunk(chunk));
  const baked: PngChunk = { type: 'iTXt', data: encodeITXt(PNG_KEYWORD, serializeCredential(credential)) };
  chunks.splice(chunks.length - 1, 0, baked);
  return encodePng(chunks);
}

/**
 * The credential baked into a PNG, or undefined when it carries none. A corrupt PNG, more
 * than one credential chunk, a compressed one, or text that is not a JSON object is a
 * BakingError.
 */
export function unbakePng(png: Uint8Array): Record<string, unknown> | undefined {
  const found = readPngChunks(png).filter(isCredentialChunk);
  if (found.length === 0) return undefined;
  if (found.length > 1)
    throw new BakingError(
      `The PNG image carries ${found.length} ${PNG_KEYWORD} chunks; Open Badges 3.0 allows one`,
    );
  const chunk = decodeITXt(found[0]!.data);
  if (chunk.compressed)
    throw new BakingError(
      `The PNG image's ${PNG_KEYWORD} chunk is compressed; Open Badges 3.0 requires it uncompressed`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(chunk.text);
  } catch {
    throw new BakingError(`The PNG image's ${PNG_KEYWORD} chunk is not valid UTF-8`);
  }
  return parseBakedCredential(text, 'PNG image');
}

/** The media types a baked badge arrives as. */
export type BakedImageType = 'image/png' | 'image/svg+xml';

/** The media type of a Content-Type header value if it names a baked-badge image. */
export function bakedImageType(contentType: string | undefined): BakedImageType | undefined {
  const match = /^\s*(image\/png|image\/svg\+xml)\s*(?:;|$)/i.exec(contentType ?? '');
  return match ? (match[1]!.toLowerCase() as BakedImageType) : undefined;
}

/** The credential in a PNG's bytes or an SVG's (UTF-8) bytes, or undefined when there is none. */
export function unbakeImage(bytes: Uint8Array, type: BakedImageType): Record<string, unknown> | undefined {
  if (type === 'image/png') return unbakePng(bytes);
  let svg: string;
  try {
    svg = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BakingError('The SVG image is not UTF-8 text');
  }
  return unbakeSvg(svg);
}
