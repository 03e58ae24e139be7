/**
 * "Import from my backpack": every credential a connected backpack holds for the person
 * (GET <api>/credentials, paged by limit/offset with X-Total-Count, as the OB 3.0 API
 * says) goes into their backpack here through upsertIntoBackpack(..., 'import'), which
 * verifies each one: what verifies is added or replaces the copy already here, what does
 * not is refused, and the person is told how many of each and why.
 */
import { AppError } from '../errors.js';
import { MAX_BACKPACK_ITEMS, upsertIntoBackpack } from '../backpack/backpack.js';
import { describeCredential } from '../verification/credentialFacts.js';
import { callHost, clientOf, HostProblem, imsxDescription } from './hostCalls.js';
import { safeJson } from './hostDiscovery.js';
import type { BackpackLinkDeps } from './linkDeps.js';

/** What an import did. */
export interface ImportReport {
  from: string;
  added: number;
  replaced: number;
  refused: { name: string; reason: string }[];
}

/** Credentials asked for per page. */
const PAGE_SIZE = 50;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Imports everything the connected backpack holds for the person (at most a full backpack's worth). */
export async function importFromBackpack(
  deps: BackpackLinkDeps,
  userId: string,
  connectionId: string,
): Promise<ImportReport> {
  const connection = await deps.stores.backpackLinks.getConnection(userId, connectionId);
  if (!connection) throw new AppError('not_found', 'There is no such backpack connected to your account');
  const client = await clientOf(deps, connection);
  const report: ImportReport = { from: connection.name, added: 0, replaced: 0, refused: [] };
  const store = async (input: { credential: Record<string, unknown> } | { jwt: string }, name: string) => {
    try {
      const { created } = await upsertIntoBackpack(deps.backpack, userId, input, 'import');
      if (created) report.added += 1;
      else report.replaced += 1;
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      report.refused.push({ name, reason: error.detail });
    }
  };
  let offset = 0;
  // Bounded by what one backpack may hold here, whatever the host says its total is.
  while (offset < MAX_BACKPACK_ITEMS) {
    let response: Awaited<ReturnType<typeof callHost>>;
    try {
      response = await callHost(deps, connection, (token) => ({
        method: 'GET',
        url: `${client.endpoints.api}/credentials?limit=${PAGE_SIZE}&offset=${offset}`,
        headers: { authorization: `Bearer ${token}` },
      }));
    } catch (error) {
      if (error instanceof HostProblem) throw new AppError('conflict', `${error.message}.`);
      throw error;
    }
    if (response.status !== 200) {
      const said = imsxDescription(response.text);
      throw new AppError(
        'conflict',
        response.status === 403
          ? `${connection.name} did not give us permission to read your certificates: connect it again and allow reading.`
          : `${connection.name} did not list your certificates (HTTP ${response.status}${said ? `: ${said}` : ''}).`,
      );
    }
    const body = safeJson(response.text) as { credential?: unknown; compactJwsString?: unknown } | undefined;
    const credentials = Array.isArray(body?.credential) ? body.credential : [];
    const jwts = Array.isArray(body?.compactJwsString) ? body.compactJwsString : [];
    for (const credential of credentials) {
      if (isObject(credential)) await store({ credential }, describeCredential(credential).achievementName);
      else report.refused.push({ name: 'An entry', reason: 'It is not a credential (a JSON object).' });
    }
    for (const jwt of jwts) {
      if (typeof jwt === 'string') await store({ jwt }, 'A VC-JWT credential');
    }
    const count = credentials.length + jwts.length;
    offset += count;
    const total = Number.parseInt(response.header('x-total-count') ?? '', 10);
    if (count === 0 || (Number.isFinite(total) ? offset >= total : count < PAGE_SIZE)) break;
  }
  return report;
}
