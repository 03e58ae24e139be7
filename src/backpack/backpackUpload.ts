/**
 * Importing a file into the backpack: an Open Badges 3.0 credential as JSON(-LD), a VC-JWT
 * (compact JWS) as text, or a baked badge (PNG with an `openbadgecredential` iTXt chunk, SVG
 * with an `<openbadges:credential>` element) holding either. The file's kind is read from
 * its bytes, not trusted from its name or type. Each kind is bounded before anything costly:
 * the text of a credential is held to the verifier's size cap before JSON.parse runs on
 * this thread (a body of many distinct keys is slow to parse), and the verification itself
 * runs on the pooled verifier under its caps and time budget. Every refusal is a 4xx AppError
 * whose sentence says what was wrong.
 */
import { AppError } from '../errors.js';
import { BakingError, OB_NAMESPACE, PNG_KEYWORD } from '../rendering/bakedCredential.js';
import { decodeITXt, iTXtKeyword, readPngChunks } from '../rendering/pngChunks.js';
import { elementText, findCredentialElements, findRootTag, namespacePrefix } from '../rendering/svgScan.js';
import type { InputLimits } from '../verification/inputLimits.js';
import { type BackpackDeps, type BackpackItem, upsertIntoBackpack } from './backpack.js';

/** What an import needs beyond the backpack: the verifier's size cap (config.verifyLimits). */
export interface BackpackImportDeps extends BackpackDeps {
  config: { verifyLimits: Pick<InputLimits, 'maxCredentialBytes'> };
}

/** The largest file taken (a badge picture with its credential inside); the route's body limit is a little more. */
export const MAX_BACKPACK_FILE_BYTES = 4 * 1024 * 1024;

/** Room around a credential's JSON in a text upload (whitespace, a byte-order mark). */
const TEXT_MARGIN = 4 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const WHAT_IS_TAKEN =
  'Upload an Open Badges 3.0 credential: its JSON file, its VC-JWT, or the badge image (PNG or SVG) with the credential baked in';

type Input = { credential: Record<string, unknown> } | { jwt: string };

function utf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('invalid_request', `${what} is not UTF-8 text. ${WHAT_IS_TAKEN}`);
  }
}

function tooLarge(what: string, limit: number): AppError {
  return new AppError(
    'credential_too_large',
    `${what} is larger than ${Math.round(limit / 1024)} KB, more than any credential verified here`,
    { maxBytes: limit },
  );
}

/** The credential text as what it is: a VC-JWT, or a JSON object (parsed here, within the cap checked before). */
function credentialFromText(text: string, source: string): Input {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new AppError('invalid_request', `${source} is empty. ${WHAT_IS_TAKEN}`);
  if (COMPACT_JWS.test(trimmed)) return { jwt: trimmed };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    // A RangeError (nesting past the parser's stack) is as unreadable as a syntax error.
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError('malformed_json', `${source} is neither JSON nor a VC-JWT (${why}). ${WHAT_IS_TAKEN}`);
  }
  if (typeof value === 'string' && COMPACT_JWS.test(value.trim())) return { jwt: value.trim() };
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new AppError(
      'invalid_credential',
      `${source} is JSON, but not a credential: it is not a JSON object`,
    );
  return { credential: value as Record<string, unknown> };
}

/** The text baked into a PNG: the one uncompressed openbadgecredential chunk. */
function pngText(bytes: Uint8Array): string {
  const chunks = readPngChunks(bytes).filter((chunk) => chunk.type === 'iTXt' || chunk.type === 'tEXt');
  const keywords = chunks.map((chunk) => iTXtKeyword(chunk.data));
  const baked = chunks.filter((_, i) => keywords[i] === PNG_KEYWORD);
  if (baked.length === 0) {
    // Open Badges 2.0 baked its assertion under the keyword `openbadges`: not a verifiable credential.
    if (keywords.includes('openbadges'))
      throw new AppError(
        'picture_without_credential',
        'This is an Open Badges 2.0 badge: it carries an assertion, not a verifiable credential, so it cannot be verified here. Ask its issuer for an Open Badges 3.0 copy',
      );
    throw new AppError(
      'picture_without_credential',
      `This PNG image carries no Open Badges credential (no ${PNG_KEYWORD} chunk). ${WHAT_IS_TAKEN}`,
    );
  }
  if (baked.length > 1)
    throw new BakingError(
      `The PNG image carries ${baked.length} ${PNG_KEYWORD} chunks; Open Badges 3.0 allows one`,
    );
  if (baked[0]!.type !== 'iTXt')
    throw new BakingError(
      `The PNG image's ${PNG_KEYWORD} chunk is a tEXt chunk; Open Badges 3.0 requires iTXt`,
    );
  const chunk = decodeITXt(baked[0]!.data);
  if (chunk.compressed)
    throw new BakingError(
      `The PNG image's ${PNG_KEYWORD} chunk is compressed; Open Badges 3.0 requires it uncompressed`,
    );
  return utf8(chunk.text, "The PNG image's credential");
}

/** The text baked into an SVG: the one `<openbadges:credential>` element's. */
function svgText(bytes: Uint8Array): string {
  const svg = utf8(bytes, 'The SVG image');
  const root = findRootTag(svg);
  const prefix = namespacePrefix(svg.slice(root.start, root.end)) ?? 'openbadges';
  const elements = root.selfClosing ? [] : findCredentialElements(svg, root.end, prefix);
  if (elements.length === 0)
    throw new AppError(
      'picture_without_credential',
      `This SVG image carries no Open Badges credential (no ${prefix}:credential element in the ${OB_NAMESPACE} namespace). ${WHAT_IS_TAKEN}`,
    );
  if (elements.length > 1)
    throw new BakingError(
      `The SVG image carries ${elements.length} ${prefix}:credential elements; Open Badges 3.0 allows one`,
    );
  return elementText(svg, elements[0]!);
}

/** What an uploaded file holds, as the credential or VC-JWT to verify; 4xx for anything else. */
function readUploadedCredential(bytes: Uint8Array, maxCredentialBytes: number): Input {
  if (bytes.length === 0) throw new AppError('invalid_request', `The file is empty. ${WHAT_IS_TAKEN}`);
  if (bytes.length > MAX_BACKPACK_FILE_BYTES) throw tooLarge('The file', MAX_BACKPACK_FILE_BYTES);
  const maxText = maxCredentialBytes + TEXT_MARGIN;
  if (PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    const text = pngText(bytes);
    if (text.length > maxText) throw tooLarge("The PNG image's credential", maxCredentialBytes);
    return credentialFromText(text, "The PNG image's credential");
  }
  // A text file: an SVG starts with markup, a credential with `{` or a JWT's base64url.
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 256))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) {
    const text = svgText(bytes);
    if (text.length > maxText) throw tooLarge("The SVG image's credential", maxCredentialBytes);
    return credentialFromText(text, "The SVG image's credential");
  }
  if (bytes.length > maxText) throw tooLarge('The file', maxCredentialBytes);
  return credentialFromText(utf8(bytes, 'The file'), 'The file');
}

/** Reads an uploaded file, verifies what it holds and keeps it in the user's backpack. */
export async function importIntoBackpack(
  deps: BackpackImportDeps,
  userId: string,
  file: Uint8Array,
): Promise<{ created: boolean; item: BackpackItem }> {
  const input = readUploadedCredential(file, deps.config.verifyLimits.maxCredentialBytes);
  return upsertIntoBackpack(deps, userId, input, 'upload');
}
