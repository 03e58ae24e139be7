/**
 * A keyed permutation of [0, length): the n-th credential put in a status list gets
 * index shuffle(key, n). Indexes are never reused (n only grows) and, because positions
 * are scattered by a secret key, an observer of published indexes learns neither the
 * issuance order nor how many positions were reserved but never used (Bitstring Status
 * List v1.0, section 6.1 on herd privacy). A 4-round Feistel network over the next power
 * of two with cycle-walking keeps it a true bijection for any length.
 */
import { createHmac } from 'node:crypto';

const ROUNDS = 4;

function roundFunction(key: string, round: number, value: number, bits: number): number {
  const mac = createHmac('sha256', key).update(`${round}:${value}`).digest();
  return mac.readUInt32BE(0) & ((1 << bits) - 1);
}

function feistel(key: string, value: number, halfBits: number): number {
  const mask = (1 << halfBits) - 1;
  let left = value >>> halfBits;
  let right = value & mask;
  for (let round = 0; round < ROUNDS; round++) {
    const next = left ^ roundFunction(key, round, right, halfBits);
    left = right;
    right = next;
  }
  return ((left << halfBits) | right) >>> 0;
}

/** Maps allocation position `position` of a list of `length` entries to its index. */
export function shuffleIndex(key: string, position: number, length: number): number {
  if (!Number.isInteger(position) || position < 0 || position >= length) {
    throw new RangeError(`position ${position} is outside [0, ${length})`);
  }
  if (length > 2 ** 30) throw new RangeError('status lists above 2^30 entries are not supported');
  let bits = Math.max(2, Math.ceil(Math.log2(length)));
  if (bits % 2 === 1) bits += 1;
  let value = position;
  // Cycle-walk: re-apply until the value lands inside the list (terminates: it is a permutation).
  do {
    value = feistel(key, value, bits / 2);
  } while (value >= length);
  return value;
}
