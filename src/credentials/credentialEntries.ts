/**
 * The optional VC properties whose values are entries with a type and/or an id: termsOfUse,
 * evidence, refreshService, credentialSchema and relatedResource (VC DM 2.0 §4, §5).
 * digitalbazaar/vc throws on a malformed entry while signing, so it is refused here first.
 */
import {
  assertTypeValue,
  describe,
  forEachEntry,
  invalid,
  isObject,
  isUrl,
  type Json,
} from './credentialValues.js';

const SRI_DIGEST = /^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$/;
// Multibase (https://www.w3.org/TR/controller-document/#multibase-0): a prefix naming the
// base, then digits of that base. The common bases only.
const MULTIBASE =
  /^(z[1-9A-HJ-NP-Za-km-z]+|u[A-Za-z0-9_-]+|m[A-Za-z0-9+/]+|M[A-Za-z0-9+/]+={0,2}|f[0-9a-f]+|F[0-9A-F]+|b[a-z2-7]+|B[A-Z2-7]+)$/;

/** Which members the entries of these optional VC properties must have (VC DM 2.0 §4, §5). */
const ENTRY_REQUIREMENTS: ReadonlyArray<[field: string, needs: ReadonlyArray<'type' | 'id'>]> = [
  ['termsOfUse', ['type']],
  ['evidence', ['type']],
  ['refreshService', ['type', 'id']],
  ['credentialSchema', ['type', 'id']],
  ['relatedResource', ['id']],
];

/** Refuses malformed termsOfUse, evidence, refreshService, credentialSchema and relatedResource entries. */
export function assertEntries(credential: Json): void {
  for (const [field, needs] of ENTRY_REQUIREMENTS) {
    const value = credential[field];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0)
      throw invalid(`"${field}" is an empty array; leave it out instead`);
    forEachEntry(value, field, (entry, name) => {
      if (!isObject(entry))
        throw invalid(`"${field}" must be an object or an array of objects; "${name}" is ${describe(entry)}`);
      if (needs.includes('type') && entry.type === undefined) throw invalid(`"${name}" must have a "type"`);
      if (entry.type !== undefined) assertTypeValue(entry.type, `${name}.type`);
      if (needs.includes('id') && entry.id === undefined)
        throw invalid(`"${name}" must have an "id" (a URL)`);
      if (entry.id !== undefined && !isUrl(entry.id))
        throw invalid(`"${name}.id" must be a single URL string`);
    });
    if (field === 'relatedResource') assertRelatedResources(value);
  }
}

/** Each related resource is listed once and carries a well-formed digest of its content. */
function assertRelatedResources(value: unknown): void {
  const seen = new Set<unknown>();
  forEachEntry(value, 'relatedResource', (resource, name) => {
    // assertEntries has already checked that every entry is an object with an id.
    const entry = resource as Json;
    if (seen.has(entry.id))
      throw invalid(`"${name}.id" repeats ${String(entry.id)}: each related resource is listed once`);
    seen.add(entry.id);
    if (entry.digestSRI === undefined && entry.digestMultibase === undefined) {
      throw invalid(`"${name}" must have a "digestSRI" or a "digestMultibase" of the resource`);
    }
    if (
      entry.digestSRI !== undefined &&
      (typeof entry.digestSRI !== 'string' || !SRI_DIGEST.test(entry.digestSRI))
    ) {
      throw invalid(`"${name}.digestSRI" must be a Subresource Integrity digest such as sha384-<base64>`);
    }
    if (
      entry.digestMultibase !== undefined &&
      (typeof entry.digestMultibase !== 'string' || !MULTIBASE.test(entry.digestMultibase))
    ) {
      throw invalid(
        `"${name}.digestMultibase" must be a multibase string, such as u<base64url> or z<base58btc>`,
      );
    }
  });
}
