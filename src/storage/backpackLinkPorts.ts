/**
 * Repository interface for connections to external Open Badges 3.0 backpacks (issue 20,
 * part 3: src/backpackLinks/). Three kinds of record: the OAuth client we registered at a
 * host (once per host, shared by every person who connects there), a person's connection
 * to a host (its tokens sealed with the message key ring, never stored in the clear), and
 * a "send to my backpack" push with its attempts, which a background job retries.
 */
import type { SealedText } from './messagingPorts.js';

/** What a host's discovery document told us, kept with its client. */
export interface BackpackHostEndpoints {
  /** The service's name (the OAuth scheme's x-imssf-name, or the document's title). */
  name: string;
  /** The API base (servers[0].url): /credentials and /profile are under it. */
  api: string;
  authorization: string;
  token: string;
  registration: string;
  /** RFC 7009 revocation, when the host publishes one. */
  revocation?: string;
}

/** Our OAuth client at one host. */
export interface BackpackHostClient {
  /** The host's base URL as normalised by the domain (its key). */
  host: string;
  endpoints: BackpackHostEndpoints;
  clientId: string;
  /** The client secret, sealed with context `backpack-host:<host>`. */
  clientSecret: SealedText;
  redirectUri: string;
  registeredAt: string;
}

/** Where a connection stands. */
export type BackpackConnectionStatus = 'authorizing' | 'connected' | 'needs_reconnect';

/** One person's connection to a host. */
export interface BackpackConnection {
  id: string;
  userId: string;
  host: string;
  /** The host's name, for the page. */
  name: string;
  status: BackpackConnectionStatus;
  /** Scopes asked for (authorizing) or granted (connected). */
  scopes: string[];
  /** While authorizing: sha256 (hex) of the `state` sent, and the PKCE verifier, sealed. */
  stateHash?: string;
  verifier?: SealedText;
  /** When connected: {access, refresh, expiresAt} as JSON, sealed with context `backpack-connection:<id>`. */
  tokens?: SealedText;
  /** Why it needs re-connection, or what last went wrong, in words. */
  problem?: string;
  createdAt: string;
  updatedAt: string;
  connectedAt?: string;
}

/** Where a push stands. */
type BackpackPushStatus = 'pending' | 'sent' | 'failed';

/** One "send to my backpack". */
export interface BackpackPush {
  id: string;
  userId: string;
  connectionId: string;
  /** Our credential record's id. */
  credentialId: string;
  /** The certificate's name, for the page. */
  label: string;
  status: BackpackPushStatus;
  attempts: number;
  /** When pending: the next attempt, not before. */
  nextAttemptAt?: string;
  /** Why the last attempt failed, in words. */
  lastError?: string;
  /** When sent: whether the host stored it new or replaced its copy. */
  outcome?: 'created' | 'replaced';
  createdAt: string;
  updatedAt: string;
}

/** Connections to external backpacks. */
export interface BackpackLinkStore {
  getHostClient(host: string): Promise<BackpackHostClient | undefined>;
  /** Stores the client unless the host has one already; returns the one stored (first wins). */
  addHostClient(client: BackpackHostClient): Promise<BackpackHostClient>;
  /** Inserts or replaces the connection by id. */
  saveConnection(connection: BackpackConnection): Promise<void>;
  /** The user's connection with this id; undefined for anyone else's. */
  getConnection(userId: string, id: string): Promise<BackpackConnection | undefined>;
  /** The user's connection waiting for the callback with this state hash. */
  findByState(userId: string, stateHash: string): Promise<BackpackConnection | undefined>;
  /** The user's connections, oldest first. */
  listConnections(userId: string): Promise<BackpackConnection[]>;
  /** Removes the user's connection and its pushes; false when they have none with this id. */
  removeConnection(userId: string, id: string): Promise<boolean>;
  /** Inserts or replaces the push by id. */
  savePush(push: BackpackPush): Promise<void>;
  /** The user's pushes, newest first. */
  listPushes(userId: string, limit: number): Promise<BackpackPush[]>;
  /**
   * Pending pushes due at `now` (nextAttemptAt <= now), at most `limit`, each claimed by
   * moving its nextAttemptAt to `leaseUntil` so another worker does not take it meanwhile.
   */
  claimDuePushes(now: string, leaseUntil: string, limit: number): Promise<BackpackPush[]>;
  /** Removes every connection and push of the user (account erasure); how many connections. */
  removeAllOf(userId: string): Promise<number>;
}
