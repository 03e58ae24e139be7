/**
 * Bitstring Status List encoding (W3C Bitstring Status List v1.0, section 3.1): bit 0 is
 * the most significant bit of the first byte; the list is GZIP-compressed and written as
 * multibase base64url (prefix `u`, no padding).
 */
import { gunzipSync, gzipSync } from 'node:zlib';

/** The smallest list the specification allows (16 KiB of bits), for herd privacy. */
export const MIN_STATUS_LIST_LENGTH = 131_072;

/** Encodes a list of `length` bits with the given indexes set. */
export function encodeStatusList(length: number, setIndexes: Iterable<number>): string {
  const bytes = new Uint8Array(Math.ceil(length / 8));
  for (const index of setIndexes) {
    if (index < 0 || index >= length) throw new RangeError(`index ${index} is outside the list`);
    bytes[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bytes).toString('base64url')}`;
}

/** A decoded list: its bytes and how many bits it holds. */
export interface DecodedStatusList {
  bytes: Uint8Array;
  length: number;
}

/**
 * Decodes an encodedList; throws on bad multibase, bad GZIP or a list larger than
 * `maxBytes` once inflated (a compressed list can be a decompression bomb).
 */
export function decodeStatusList(encoded: string, maxBytes = 16 * 1024 * 1024): DecodedStatusList {
  if (typeof encoded !== 'string' || !encoded.startsWith('u')) {
    throw new Error('encodedList must be multibase base64url (starting with "u")');
  }
  const body = encoded.slice(1);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) throw new Error('encodedList is not base64url');
  const bytes = gunzipSync(Buffer.from(body, 'base64url'), { maxOutputLength: maxBytes });
  return { bytes: new Uint8Array(bytes), length: bytes.length * 8 };
}

/** Reads one bit of a decoded list. */
export function readStatusBit(list: DecodedStatusList, index: number): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= list.length) {
    throw new RangeError(`statusListIndex ${index} is outside the list of ${list.length} entries`);
  }
  return (list.bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}
