/**
 * The `credentialStatus` entries a credential carries (Bitstring Status List v1.0,
 * section 2.1): one BitstringStatusListEntry per purpose, pointing at a list URL we
 * serve at GET /status/:listId, with the index as a base-10 string.
 */
import type { StatusEntryRef } from '../storage/ports.js';

/** The URL of a status list credential served by this platform. */
export function statusListUrl(publicUrl: string, listId: string): string {
  return `${publicUrl}/status/${listId}`;
}

/** Builds the credentialStatus array for reserved entries. */
export function credentialStatusFor(entries: StatusEntryRef[], publicUrl: string): Record<string, string>[] {
  return entries.map((entry) => {
    const list = statusListUrl(publicUrl, entry.listId);
    return {
      id: `${list}#${entry.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: entry.purpose,
      statusListIndex: String(entry.index),
      statusListCredential: list,
    };
  });
}
