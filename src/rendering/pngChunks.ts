/**
 * A small PNG chunk reader and writer (PNG, 3rd edition, §5): the signature, then chunks
 * of length, type, data and CRC-32, from IHDR to IEND. Reading checks the signature and
 * every chunk's length and CRC, so a truncated or corrupt file is a BakingError with a
 * sentence, never a crash. Also encodes and decodes iTXt (§11.3.3.4), the international
 * text chunk that carries a baked credential. Uint8Array and DataView only (Workers-safe).
 */
import { BakingError } from './bakedCredential.js';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const MAX_CHUNK_LENGTH = 0x7fffffff;

/** One chunk: its four-letter type (case carries meaning) and its data. */
export interface PngChunk {
  type: string;
  data: Uint8Array;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG (and zlib) computes it; pass a previous result as `crc` to continue it. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const isChunkType = (bytes: Uint8Array): boolean =>
  bytes.every((b) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
/** Bytes as Latin-1 text (PNG keywords and types), one byte per character. */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/**
 * Splits a PNG into its chunks, IHDR first and IEND last (bytes after IEND are dropped).
 * The chunks' data are views into `png`, not copies.
 */
export function readPngChunks(png: Uint8Array): PngChunk[] {
  if (png.length < SIGNATURE.length || SIGNATURE.some((b, i) => png[i] !== b)) {
    throw new BakingError('This file is not a PNG image: it does not start with the PNG signature');
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let offset = SIGNATURE.length;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const typeBytes = png.subarray(offset + 4, offset + 8);
    if (length > MAX_CHUNK_LENGTH || !isChunkType(typeBytes)) {
      throw new BakingError(
        `The PNG image is corrupt: the chunk at byte ${offset} has an invalid length or type`,
      );
    }
    const end = offset + 8 + length;
    if (end + 4 > png.length) throw new BakingError('The PNG image is truncated: its last chunk is cut off');
    const type = latin1(typeBytes);
    if (crc32(png.subarray(offset + 4, end)) !== view.getUint32(end)) {
      throw new BakingError(
        `The PNG image is corrupt: the CRC of its ${type} chunk at byte ${offset} does not match`,
      );
    }
    if (chunks.length === 0 && type !== 'IHDR')
      throw new BakingError('The PNG image is corrupt: it does not begin with an IHDR chunk');
    chunks.push({ type, data: png.subarray(offset + 8, end) });
    if (type === 'IEND') return chunks;
    offset = end + 4;
  }
  throw new BakingError('The PNG image is truncated: it has no IEND chunk');
}

/** Writes the signature and the chunks, each with its length and CRC. */
export function encodePng(chunks: readonly PngChunk[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(
    SIGNATURE.length + chunks.reduce((sum, chunk) => sum + 12 + chunk.data.length, 0),
  );
  const view = new DataView(out.buffer);
  out.set(SIGNATURE);
  let offset = SIGNATURE.length;
  for (const { type, data } of chunks) {
    view.setUint32(offset, data.length);
    for (let i = 0; i < 4; i++) out[offset + 4 + i] = type.charCodeAt(i);
    out.set(data, offset + 8);
    view.setUint32(offset + 8 + data.length, crc32(out.subarray(offset + 4, offset + 8 + data.length)));
    offset += 12 + data.length;
  }
  return out;
}

/** An iTXt chunk's fields. */
export interface ITXt {
  keyword: string;
  compressed: boolean;
  languageTag: string;
  translatedKeyword: string;
  /** The text bytes as stored (deflated when `compressed`). */
  text: Uint8Array;
}

/** An uncompressed iTXt chunk's data: keyword, flags, empty language tag and translation, UTF-8 text. */
export function encodeITXt(keyword: string, text: string): Uint8Array {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword))
    throw new BakingError('An iTXt keyword must be 1-79 printable characters');
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(keyword.length + 5 + body.length);
  for (let i = 0; i < keyword.length; i++) out[i] = keyword.charCodeAt(i);
  // After the keyword: its null, compression flag 0, method 0, the empty language tag's
  // null and the empty translated keyword's null.
  out.set(body, keyword.length + 5);
  return out;
}

/** Only an iTXt chunk's keyword (Latin-1), without decoding the rest. */
export function iTXtKeyword(data: Uint8Array): string {
  const end = data.indexOf(0);
  return latin1(data.subarray(0, end === -1 ? Math.min(data.length, 80) : end));
}

/** Splits an iTXt chunk's data into its fields; a malformed chunk is a BakingError. */
export function decodeITXt(data: Uint8Array): ITXt {
  const keywordEnd = data.indexOf(0);
  const languageEnd = keywordEnd === -1 ? -1 : data.indexOf(0, keywordEnd + 3);
  const translatedEnd = languageEnd === -1 ? -1 : data.indexOf(0, languageEnd + 1);
  if (keywordEnd < 1 || keywordEnd > 79 || translatedEnd === -1)
    throw new BakingError('The PNG image is corrupt: an iTXt chunk is malformed');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    return {
      keyword: latin1(data.subarray(0, keywordEnd)),
      compressed: data[keywordEnd + 1] !== 0,
      languageTag: latin1(data.subarray(keywordEnd + 3, languageEnd)),
      translatedKeyword: utf8.decode(data.subarray(languageEnd + 1, translatedEnd)),
      text: data.subarray(translatedEnd + 1),
    };
  } catch {
    throw new BakingError('The PNG image is corrupt: an iTXt chunk is not valid UTF-8');
  }
}
