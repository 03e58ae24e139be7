/**
 * What connecting external backpacks needs (issue 20, part 3), built once by createDeps:
 * the store, the message key ring (tokens and client secrets are sealed with it, each
 * under a context naming its record, so a sealed value copied onto another record does
 * not open), the host fetcher (hostFetch.ts), the backpack (imports go through its
 * verifier) and the accounts (a push sends one of the person's own certificates).
 */
import type { AccountDeps } from '../accounts/accountDeps.js';
import type { BackpackDeps } from '../backpack/backpack.js';
import type { MessageCrypto } from '../messaging/messageCrypto.js';
import type { BackpackConnection, Stores } from '../storage/ports.js';
import type { HostFetch } from './hostFetch.js';

/** Dependencies of src/backpackLinks/. */
export interface BackpackLinkDeps {
  stores: Pick<Stores, 'backpackLinks' | 'audit'>;
  crypto: MessageCrypto;
  fetch: HostFetch;
  /** BACKPACK_TEST_HOSTS: host:port values the policy lets us reach over http (tests only). */
  testHosts: readonly string[];
  backpack: BackpackDeps;
  accounts: AccountDeps;
  /** Our public URL: the redirect URI we register is under it. */
  publicUrl: string;
  /** Our name, as the client name we register with. */
  serviceName: string;
  now: () => Date;
}

/** The tokens of a connection, as sealed. */
export interface ConnectionTokens {
  access: string;
  refresh?: string;
  /** ISO time the access token expires (from expires_in), if the host said. */
  expiresAt?: string;
}

/** Where the host sends the person back to. */
export const CALLBACK_PATH = '/me/backpack-links/callback';

const tokenContext = (connectionId: string) => `backpack-connection:${connectionId}`;
export const secretContext = (host: string) => `backpack-host:${host}`;

/** The connection's tokens; undefined when it has none (or they no longer open). */
export function openTokens(
  deps: BackpackLinkDeps,
  connection: BackpackConnection,
): ConnectionTokens | undefined {
  if (!connection.tokens) return undefined;
  try {
    return JSON.parse(deps.crypto.open(connection.tokens, tokenContext(connection.id))) as ConnectionTokens;
  } catch {
    return undefined;
  }
}

/** The connection with these tokens sealed in. */
export function withTokens(
  deps: BackpackLinkDeps,
  connection: BackpackConnection,
  tokens: ConnectionTokens,
): BackpackConnection {
  return { ...connection, tokens: deps.crypto.seal(JSON.stringify(tokens), tokenContext(connection.id)) };
}
