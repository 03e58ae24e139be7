/**
 * The logo an OB 3.0 app names at registration (`logo_uri`), shown on the consent screen
 * and in the console from OUR origin: our pages' Content-Security-Policy loads no image from
 * another site, and a logo fetched by each person's browser would tell the app who looks at
 * its consent screen. So the logo is fetched once, by the server, through the safe fetcher
 * (https only, no private addresses, a deadline and a size cap), its bytes checked like a
 * course's badge image (PNG, JPEG or an SVG that can run and load nothing), stored by its
 * sha256 in the badge image store, and served at /ims/ob/v3p0/client-logos/<client id>.
 *
 * The outcome is kept per client as an OAuthStore record of our own model (`ClientLogo`,
 * keyed by client id; the library never asks for it): the image's sha256 or, for a logo
 * that failed a check, why in words, which the console shows. A refused logo shows the
 * app's initial. The check runs when the app registers and again (if still missing) when a
 * consent screen opens; a failed fetch is tried again after RETRY_AFTER_MS.
 */
import { createHash } from 'node:crypto';
import { checkBadgeImage, MAX_BADGE_IMAGE_BYTES } from '../badges/badgeImages.js';
import { AppError } from '../errors.js';
import { SafeFetchError } from '../jsonld/fetchPolicy.js';
import type { FetchBytes } from '../jsonld/safeFetch.js';
import type { BadgeImageStore, BadgeImageType, OAuthStore } from '../storage/ports.js';

/** The largest logo fetched or accepted: the badge image cap. */
export const MAX_CLIENT_LOGO_BYTES = MAX_BADGE_IMAGE_BYTES;
/** Our model name in the OAuthStore. */
const LOGO_MODEL = 'ClientLogo';
/** A logo whose fetch failed (not one refused for its bytes) is fetched again after this. */
const RETRY_AFTER_MS = 60 * 60_000;
const SUBJECT = "The app's logo";

/** The outcome of checking one client's logo. */
export interface ClientLogoState {
  /** The logo_uri checked (a logo is checked again only if it changes). */
  source: string;
  sha256?: string;
  mediaType?: BadgeImageType;
  /** Why the logo is not shown, in words. */
  problem?: string;
  /** Whether the problem was reaching it (tried again later) rather than its bytes. */
  retry?: boolean;
  checkedAt: string;
}

/** What checking logos needs. */
export interface ClientLogoDeps {
  stores: { oauth: OAuthStore; badgeImages: BadgeImageStore };
  fetchLogo: FetchBytes;
  now: () => Date;
}

/** Checks logos, one at a time per client (a registration and a consent screen may ask together). */
export interface ClientLogos {
  /** The client's logo state, checking it first when it was never checked (or a fetch may be retried). */
  ensure(clientId: string, logoUri: string | undefined): Promise<ClientLogoState | undefined>;
}

/** Why a fetch failed, in words an admin can act on. */
function fetchProblem(error: unknown): { problem: string; retry: boolean } {
  if (!(error instanceof SafeFetchError))
    return { problem: `${SUBJECT} could not be fetched: ${(error as Error).message}`, retry: true };
  const words: Record<SafeFetchError['reason'], [string, boolean]> = {
    not_https: ['is not at an https address, so it was not fetched', false],
    private_address: ['is at a private, loopback or link-local address, so it was not fetched', false],
    timeout: ['did not arrive in time', true],
    too_large: [`is larger than ${MAX_CLIENT_LOGO_BYTES / 1024} KB`, false],
    http_status: [`could not be fetched (${error.message.replace(/^.* answered /, '')})`, true],
    not_json: ['could not be read', false],
    network: ['could not be fetched: the site could not be reached', true],
  };
  const [problem, retry] = words[error.reason];
  return { problem: `${SUBJECT} ${problem}`, retry };
}

/** Fetches and checks one logo, storing the image when it passes. */
async function check(deps: ClientLogoDeps, source: string): Promise<ClientLogoState> {
  const checkedAt = deps.now().toISOString();
  let bytes: Uint8Array;
  try {
    // The library accepts only http(s) logo URIs at registration (no data: URIs).
    bytes = await deps.fetchLogo(source);
  } catch (error) {
    return { source, ...fetchProblem(error), checkedAt };
  }
  let mediaType: BadgeImageType;
  try {
    mediaType = checkBadgeImage(bytes, SUBJECT);
  } catch (error) {
    if (error instanceof AppError) return { source, problem: error.message, checkedAt };
    throw error;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await deps.stores.badgeImages.putBadgeImage({ sha256, mediaType, bytes, createdAt: checkedAt });
  return { source, sha256, mediaType, checkedAt };
}

/** The stored logo state of a client, if it was checked. */
export async function clientLogoState(
  deps: Pick<ClientLogoDeps, 'stores'>,
  clientId: string,
): Promise<ClientLogoState | undefined> {
  const record = await deps.stores.oauth.find(LOGO_MODEL, clientId);
  return record?.payload as ClientLogoState | undefined;
}

/** Every client's logo state, by client id (the console's list). */
export async function allClientLogoStates(
  deps: Pick<ClientLogoDeps, 'stores'>,
): Promise<Map<string, ClientLogoState>> {
  const records = await deps.stores.oauth.listByModel(LOGO_MODEL);
  return new Map(records.map((r) => [r.key, r.payload as unknown as ClientLogoState]));
}

/** Builds the logo checker (one per process: it remembers the checks under way). */
export function createClientLogos(deps: ClientLogoDeps): ClientLogos {
  const running = new Map<string, Promise<ClientLogoState>>();
  const due = (state: ClientLogoState | undefined, source: string) =>
    !state ||
    state.source !== source ||
    (state.retry === true && deps.now().getTime() - Date.parse(state.checkedAt) > RETRY_AFTER_MS);
  return {
    async ensure(clientId, logoUri) {
      if (!logoUri) return undefined;
      const key = `${clientId} ${logoUri}`;
      const pending = running.get(key);
      if (pending) return pending;
      const work = (async () => {
        const stored = await clientLogoState(deps, clientId);
        if (stored && !due(stored, logoUri)) return stored;
        const state = await check(deps, logoUri);
        await deps.stores.oauth.upsert({
          model: LOGO_MODEL,
          key: clientId,
          clientId,
          payload: { ...state },
          createdAt: state.checkedAt,
        });
        return state;
      })();
      running.set(key, work);
      try {
        return await work;
      } finally {
        running.delete(key);
      }
    },
  };
}

/** The served logo of a client; not_found when it has none that passed. */
export async function clientLogoFile(
  deps: Pick<ClientLogoDeps, 'stores'>,
  clientId: string,
): Promise<{ mediaType: BadgeImageType; bytes: Uint8Array }> {
  const state = await clientLogoState(deps, clientId);
  const image = state?.sha256 ? await deps.stores.badgeImages.getBadgeImage(state.sha256) : undefined;
  if (!image) throw new AppError('not_found', 'This app has no logo');
  return { mediaType: image.mediaType, bytes: image.bytes };
}

/** Where a client's checked logo is served; the sha256 in the query makes each version its own URL. */
export const clientLogoPath = (clientId: string, state: ClientLogoState) =>
  `/ims/ob/v3p0/client-logos/${encodeURIComponent(clientId)}?v=${state.sha256!.slice(0, 16)}`;
