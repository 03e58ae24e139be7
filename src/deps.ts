/**
 * AppDeps: every collaborator the app uses, built once by createDeps (DESIGN rule 2) and
 * put on the Hono context. Tests build their own with createDeps over a temp directory
 * or pass overrides (clock, fetcher) without touching module state.
 */
import { join } from 'node:path';
import type { Config } from './config.js';
import type { Stores } from './storage/ports.js';
import { createStores } from './storage/createStores.js';
import { loadOrCreateKeyRing } from './credentials/keyRing.js';
import { createIssuerIdentity, type IssuerIdentity } from './credentials/issuerIdentity.js';
import { createPooledSigner } from './credentials/pooledSigner.js';
import { createSchemaValidator } from './credentials/schemaValidator.js';
import { createOneTimeTokenMinter } from './notifications/oneTimeLinks.js';
import { createMessageAttachments } from './notifications/messageAttachments.js';
import type { NotifyDeps } from './notifications/notify.js';
import type { MessagingDeps } from './messaging/messagingDeps.js';
import type { AccreditationDeps } from './accreditation/accreditationDeps.js';
import type { MonitoringDeps } from './monitoring/monitoringDeps.js';
import { createRequestCounter } from './monitoring/requestCounts.js';
import { createBell } from './scheduling/bell.js';
import { loadMessageCrypto } from './messaging/messageCrypto.js';
import { createConversationSignals } from './messaging/conversationSignals.js';
import { hostname } from 'node:os';
import type { ProgramDeps } from './programs/programDeps.js';
import type { IssueDeps } from './credentials/issueCredential.js';
import { createDocumentLoader, loadBundledContexts, type DocumentLoader } from './jsonld/documentLoader.js';
import { useFastContexts } from './jsonld/fastContexts.js';
import { createDidResolver } from './jsonld/didResolver.js';
import {
  createCachedSafeFetchJson,
  createSafeFetchBytes,
  type FetchBytes,
  type FetchJson,
} from './jsonld/safeFetch.js';
import { getStatusListCredential, type StatusDeps } from './status/statusLists.js';
import { statusListUrl } from './status/statusEntries.js';
import type { VerifyDeps } from './verification/verifyCredential.js';
import type { Verifier } from './verification/verifier.js';
import { createPooledVerifier, type VerificationPool } from './verification/pooledVerifier.js';
import { ownIssuerDids, withIssuerStanding, type StandingDeps } from './verification/issuerStanding.js';
import { createTrustLookup } from './trust/trustLookup.js';
import { createMailer, type DkimOptions, type Mailer } from './mail/mailer.js';
import { readFileSync } from 'node:fs';
import { loadOrCreateSecret } from './secrets/localSecret.js';
import type { MailLinkSettings } from './notifications/mailLinks.js';
import type { AccountDeps } from './accounts/accountDeps.js';
import { createRenderingDeps, type RenderingDeps } from './rendering/renderingDeps.js';
import type { ExchangeDeps } from './exchanges/exchangeDeps.js';
import { createContentDeps, type ContentDeps } from './content/contentDeps.js';
import type { Logger } from './logging/logger.js';
import { createLogger } from './logging/pinoLogger.js';
import { createOb3Deps, type Ob3Deps } from './ob3api/ob3Deps.js';
import type { BackpackLinkDeps } from './backpackLinks/linkDeps.js';
import { createHostFetch } from './backpackLinks/hostFetch.js';
import { revokeAllBackpackTokens } from './backpackLinks/connections.js';
import { MAX_CLIENT_LOGO_BYTES } from './ob3api/clientLogos.js';

/** Everything route handlers reach through `c.var.deps`. */
export interface AppDeps {
  config: Config;
  stores: Stores;
  identity: IssuerIdentity;
  documentLoader: DocumentLoader;
  issue: IssueDeps;
  status: StatusDeps;
  /** The verification steps' collaborators, for in-process use (CLI, tests, the pool's main side). */
  verify: VerifyDeps;
  /** Verifies request input: caps first, then on worker threads under a time budget. */
  verifier: Verifier;
  /** The signing thread (pooledSigner.ts): ended on shutdown. */
  signing: { close(): Promise<void> };
  accounts: AccountDeps;
  /** Wallet hand-off: VC-API exchanges and OpenID4VCI offers. */
  exchanges: ExchangeDeps;
  /** Certificate pictures (PNG, PDF, SVG) and the cache of finished renders. */
  rendering: RenderingDeps;
  /** Courses, batches, enrolments, content review and automatic issuance. */
  programs: ProgramDeps;
  /** The outbox (queued messages, delivery with retries, the delivery log) and who the messages are from. */
  notifications: NotifyDeps;
  /** Conversations with the admin team: encryption, live signals, notices. */
  messaging: MessagingDeps;
  /** Partner accreditation: types, applications, documents, the accreditation credential. */
  accreditation: AccreditationDeps;
  /** Heartbeat, request counts per route and alerts (src/monitoring/). */
  monitoring: MonitoringDeps;
  /** The privacy notice, terms of use and help page: published versions and placeholder values. */
  content: ContentDeps;
  mailer: Mailer;
  /** Structured log lines (pino, JSON on stdout, LOG_LEVEL); request failures and background jobs. */
  logger: Logger;
  /** The Open Badges 3.0 API: its OAuth server and resource endpoints (src/ob3api/). */
  ob3: Ob3Deps;
  /** Connections to external OB 3.0 backpacks: connect, send, import (src/backpackLinks/). */
  backpackLinks: BackpackLinkDeps;
  now: () => Date;
}

/** Longest one signing on a thread may take, waiting included: 900 claim objects took ~0.9 s with the thread's start-up. */
const SIGN_BUDGET_MS = 10_000;

/** Collaborators a caller (usually a test) may replace. */
export interface DepsOverrides {
  stores?: Stores;
  mailer?: Mailer;
  now?: () => Date;
  fetchJson?: FetchJson;
  /** Fetches an OB 3.0 app's logo (tests: a local site through the same deadline and cap). */
  fetchLogo?: FetchBytes;
  /** Verification threads shared with other deps (tests: one pool per process, not per app). */
  verificationPool?: VerificationPool;
  /** Certificate rendering shared with other deps (tests: one set of render threads per process). */
  rendering?: RenderingDeps;
  /** Where log lines go (tests: a silent logger or one writing to a buffer; index.ts: the one it already built). */
  logger?: Logger;
}

/** Builds all dependencies from the configuration. */
export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<AppDeps> {
  const now = overrides.now ?? (() => new Date());
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const stores =
    overrides.stores ??
    (await createStores({
      mongodbUri: config.mongodbUri,
      mongodbDb: config.mongodbDb,
      dataDir: config.dataDir,
    }));
  const { ring } = await loadOrCreateKeyRing(config.keysDir);
  const identity = await createIssuerIdentity({
    ring,
    publicUrl: config.publicUrl,
    ...(config.issuerDid ? { issuerDid: config.issuerDid } : {}),
    name: config.issuerName,
    url: config.issuerUrl,
    ...(config.issuerImage ? { image: config.issuerImage } : {}),
    ...(config.issuerEmail ? { email: config.issuerEmail } : {}),
  });
  const fetchJson =
    overrides.fetchJson ??
    createCachedSafeFetchJson({ timeoutMs: config.fetchTimeoutMs, maxBytes: config.fetchMaxBytes });
  // The JSON-LD context speed-up (fastContexts.ts) is a process-wide switch: turned on here, once.
  useFastContexts();
  const contexts = loadBundledContexts();
  const ownDocuments = new Map([[identity.did, identity.didDocument]]);
  const resolveDid = createDidResolver({ ownDocuments, fetchJson });
  const documentLoader = createDocumentLoader({ contexts, resolveDid });
  // Large credentials sign on a thread (the key stays here); small ones, ours among them, here.
  const sign = createPooledSigner({
    keyPair: identity.keyPair,
    documentLoader,
    ownDocuments,
    threads: 1,
    budgetMs: SIGN_BUDGET_MS,
  });
  const schemas = createSchemaValidator();
  const status: StatusDeps = {
    credentials: stores.credentials,
    statusLists: stores.statusLists,
    sign,
    issuerDid: identity.did,
    publicUrl: config.publicUrl,
    now,
    walletCopiesOf: async (id) =>
      (await stores.exchanges.listIssuedFrom(id)).flatMap((r) =>
        r.issuedCredentialId ? [r.issuedCredentialId] : [],
      ),
  };

  // Our own lists are read from the store, never over the network; others via safe fetch.
  const ownListPrefix = statusListUrl(config.publicUrl, '');
  const fetchStatusList = async (url: string): Promise<unknown> => {
    if (url.startsWith(ownListPrefix)) {
      const list = await getStatusListCredential(status, url.slice(ownListPrefix.length));
      if (!list) throw new Error('no such status list on this server');
      return list;
    }
    return fetchJson(url);
  };
  const mailer =
    overrides.mailer ??
    createMailer({
      ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
      from: config.mailFrom,
      outboxDir: join(config.dataDir, 'mail'),
      log: (line) => logger.info({ component: 'mail outbox' }, line),
      ...(config.dkim ? { dkim: loadDkimKey(config.dkim) } : {}),
    });
  const links: MailLinkSettings = {
    publicUrl: config.publicUrl,
    secret: loadOrCreateSecret(config.keysDir, 'link-signing-secret', config.linkSigningSecret),
    tracking: config.mailTracking,
    unsubscribeMailto: config.listUnsubscribeMailto,
  };
  const accounts: AccountDeps = {
    stores,
    mailer,
    now,
    settings: {
      publicUrl: config.publicUrl,
      signupMode: config.signupMode,
      sessionTtlHours: config.sessionTtlHours,
      passwordScryptLogN: config.passwordScryptLogN,
      organisationName: config.issuerName,
    },
  };
  const issue: IssueDeps = {
    credentials: stores.credentials,
    identity,
    sign,
    schemas,
    contexts,
    publicUrl: config.publicUrl,
    statusListLength: config.statusListLength,
    certificatePrefix: config.certificatePrefix,
    limits: config.verifyLimits,
    now,
  };
  const rendering =
    overrides.rendering ??
    createRenderingDeps(config.publicUrl, undefined, {
      threads: config.renderThreads,
      timeoutMs: config.renderTimeBudgetMs,
      logger,
    });
  const notifications: NotifyDeps = {
    stores,
    mailer,
    now,
    workerId: `${hostname()}:${process.pid}`,
    links,
    oneTimeTokens: createOneTimeTokenMinter({ stores, now }),
    attachments: createMessageAttachments({
      rendering,
      templates: stores.templates,
      badgeImages: stores.badgeImages,
      credentials: stores.credentials,
      now,
      meetings: { stores, organisationName: config.issuerName, publicUrl: config.publicUrl, now },
    }),
    settings: { publicUrl: config.publicUrl, organisationName: config.issuerName },
    bell: createBell(),
  };
  const programs: ProgramDeps = {
    stores,
    issue,
    status,
    notifications,
    settings: {
      publicUrl: config.publicUrl,
      organisationName: config.issuerName,
      certificateEmailPdf: config.certificateEmailPdf,
    },
    logger,
    now,
  };
  const messaging: MessagingDeps = {
    stores,
    crypto: loadMessageCrypto(config.keysDir, config.messageKeys, config.messageIndexKey),
    notifications,
    signals: createConversationSignals(),
    publicUrl: config.publicUrl,
    now,
  };
  const monitoring: MonitoringDeps = {
    stores,
    counter: createRequestCounter(),
    instanceId: `${hostname()}:${process.pid}`,
    notifications,
    thresholds: config.monitoringAlerts,
    publicUrl: config.publicUrl,
    now,
  };
  const verify: VerifyDeps = {
    documentLoader,
    contexts,
    resolveDid,
    fetchStatusList,
    schemas,
    now,
    verifiedListProofs: new Set(),
  };
  const standing: StandingDeps = {
    ownDids: ownIssuerDids(
      identity.did,
      ring.keys.map((key) => key.publicKeyMultibase),
      config.ownIssuerDids,
    ),
    ownName: config.issuerName,
    trust: createTrustLookup({ stores }),
    now,
  };
  const pooledVerifier = createPooledVerifier({
    resolveDid,
    fetchStatusList,
    now,
    limits: config.verifyLimits,
    threads: config.verifyThreads,
    ownDocuments,
    ...(overrides.verificationPool ? { pool: overrides.verificationPool } : {}),
    budgetMs: config.verifyTimeBudgetMs,
    ownStatusListPrefix: ownListPrefix,
  });
  const verifier = withIssuerStanding(pooledVerifier, standing);
  const ob3 = await createOb3Deps({
    stores,
    accounts,
    backpack: { stores, verifier, now },
    publicUrl: config.publicUrl,
    serviceName: config.issuerName,
    cookieKey: loadOrCreateSecret(config.keysDir, 'oauth-cookie-key').toString('utf8'),
    accessTokenTtlSeconds: config.ob3AccessTokenTtlSeconds,
    fetchLogo:
      overrides.fetchLogo ??
      createSafeFetchBytes({ timeoutMs: config.fetchTimeoutMs, maxBytes: MAX_CLIENT_LOGO_BYTES }),
    logger,
    now,
  });
  const backpackLinks: BackpackLinkDeps = {
    stores,
    crypto: messaging.crypto,
    fetch: createHostFetch({
      timeoutMs: config.fetchTimeoutMs,
      maxBytes: config.fetchMaxBytes,
      testHosts: config.backpackTestHosts,
    }),
    testHosts: config.backpackTestHosts,
    backpack: ob3.backpack,
    accounts,
    publicUrl: config.publicUrl,
    serviceName: config.issuerName,
    now,
  };
  accounts.revokeBackpackTokens = (userId) => revokeAllBackpackTokens(backpackLinks, userId);
  return {
    ob3,
    backpackLinks,
    config,
    stores,
    rendering,
    mailer,
    logger,
    accounts,
    programs,
    notifications,
    messaging,
    monitoring,
    accreditation: {
      stores,
      issue,
      status,
      notifications,
      publicUrl: config.publicUrl,
      now,
      inactivityDays: config.accreditationInactivityDays,
    },
    content: createContentDeps(config, stores, now),
    identity,
    documentLoader,
    now,
    status,
    issue,
    verify,
    verifier,
    signing: sign,
    exchanges: {
      exchanges: stores.exchanges,
      credentials: stores.credentials,
      issue,
      verifier,
      issuerDid: identity.did,
      issuerName: config.issuerName,
      publicUrl: config.publicUrl,
      now,
    },
  };
}

/** Reads the DKIM private key named in the configuration; a clear error when it is missing. */
function loadDkimKey(dkim: NonNullable<Config['dkim']>): DkimOptions {
  let privateKey: string;
  try {
    privateKey = readFileSync(dkim.privateKeyFile, 'utf8');
  } catch (error) {
    throw new Error(
      `DKIM_PRIVATE_KEY_FILE ${dkim.privateKeyFile} cannot be read: ${(error as Error).message}`,
    );
  }
  if (!privateKey.includes('PRIVATE KEY'))
    throw new Error(`DKIM_PRIVATE_KEY_FILE ${dkim.privateKeyFile} is not a PEM private key`);
  return { domainName: dkim.domain, keySelector: dkim.selector, privateKey };
}

/** Where the bootstrap admin API key is written on first run (git-ignored). */
export function bootstrapKeyPath(config: Config): string {
  return join(config.keysDir, 'admin-api-key');
}
