/**
 * The 1EdTech Revocation List status method (OB 3.0, status type `1EdTechRevocationList`):
 * the entry's `id` is a URL that answers `{id, issuer, revokedCredentials: [{id,
 * revocationReason?}]}`, and the credential is revoked when its id is listed. The list is not
 * signed; it counts as the issuer's because the issuer's signed credential points at it, and
 * it is fetched through the same path as Bitstring lists (the main thread's safe fetch, with
 * its deadline, size cap and refusal of private addresses). A list that cannot be read is
 * its own failure, never "not revoked".
 */
import type { FetchStatusList } from './checkStatus.js';
import type { Finding } from './result.js';

type Json = Record<string, unknown>;

/** The status type this module checks. */
export const REVOCATION_LIST_TYPE = '1EdTechRevocationList';

/** A reason is shown in a sentence; a list may say anything. */
const MAX_REASON = 300;

const idOf = (value: unknown): unknown => (value && typeof value === 'object' ? (value as Json).id : value);

/** Checks one 1EdTechRevocationList entry; returns the finding, or undefined when not revoked. */
export async function checkRevocationListEntry(
  entry: Json,
  credential: Json,
  fetchList: FetchStatusList,
): Promise<Finding | undefined> {
  const url = entry.id;
  if (typeof url !== 'string')
    return {
      code: 'status_list_invalid',
      message: 'A 1EdTechRevocationList entry needs the list URL as its id',
    };
  if (typeof credential.id !== 'string') {
    return {
      code: 'status_list_invalid',
      message: 'The credential has no id, so the revocation list cannot say whether it is revoked',
    };
  }
  let list: Json;
  try {
    const fetched = await fetchList(url);
    if (!fetched || typeof fetched !== 'object' || Array.isArray(fetched))
      throw new Error('not a JSON object');
    list = fetched as Json;
  } catch (error) {
    return {
      code: 'status_list_unreachable',
      message: `The revocation list ${url} could not be retrieved (${(error as Error).message}); the revocation status is unknown`,
    };
  }
  if (!Array.isArray(list.revokedCredentials))
    return {
      code: 'status_list_invalid',
      message: `${url} is not a revocation list: it has no revokedCredentials array`,
    };
  const listIssuer = idOf(list.issuer);
  if (listIssuer !== undefined && listIssuer !== idOf(credential.issuer)) {
    return {
      code: 'status_list_invalid',
      message: `The revocation list ${url} belongs to ${String(listIssuer)}, not to the credential's issuer`,
    };
  }
  const revoked = list.revokedCredentials.find((r) => idOf(r) === credential.id);
  if (revoked === undefined) return undefined;
  const reason = (revoked as Json | null)?.revocationReason;
  const because = typeof reason === 'string' && reason.trim() ? `: ${reason.slice(0, MAX_REASON)}` : '';
  return { code: 'revoked', message: `The issuer has revoked this credential${because}` };
}
