/**
 * Node entry: loadConfig() -> createDeps() -> serve(createApp(deps)). Prints the URL, the
 * issuer DID and, on first run, where the generated admin API key was written and a
 * one-time link to create the first admin (or use `npm run admin:create`).
 *
 * With WEB_CONCURRENCY=N > 1 the primary process takes the data directory and forks N HTTP
 * workers sharing the port (node:cluster); the first worker also runs the background jobs
 * (outbox delivery, issuance scheduler, sweeps), so they run once. A worker that dies is
 * replaced.
 *
 * Two kinds of output: the start-up banner (where it listens, the issuer, the first-run
 * setup link, the wallet-offer warning) and the refusals to start are printed as plain
 * lines for the person at the terminal; everything after start-up is a structured log line
 * (AppDeps.logger: pino, JSON on stdout, LOG_LEVEL).
 */
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from './config.js';
import { bootstrapKeyPath, createDeps } from './deps.js';
import { createApp } from './app.js';
import { ensureBootstrapAdminKey } from './credentials/apiKeys.js';
import { createSetupLinkIfNeeded } from './accounts/invitations.js';
import { warmUpRenderer } from './rendering/renderingDeps.js';
import { previewCredential } from './templates/previewCredential.js';
import { startIssuanceScheduler } from './programs/issuanceScheduler.js';
import { startDeliveryWorker } from './notifications/outbox.js';
import { startBackpackPushRetries } from './backpackLinks/pushes.js';
import { startRetentionSweep } from './messaging/messagingPrivacy.js';
import { startAccreditationSweep } from './accreditation/applicationReview.js';
import { startScheduledReports } from './programs/scheduledReports.js';
import { warnIfWalletOffersInsecure } from './exchanges/publicUrlWarning.js';
import { startHeartbeat } from './monitoring/heartbeat.js';
import { startMonitoringAlerts } from './monitoring/alerts.js';
import { DataDirectoryInUseError, lockDataDirectory } from './storage/sqlite/serverLock.js';
import { createLogger } from './logging/pinoLogger.js';
import type { Logger } from './logging/logger.js';
import { mkdirSync } from 'node:fs';
import cluster from 'node:cluster';
import type { Config } from './config.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      // For the person starting the server, and there is no LOG_LEVEL to build a logger with yet.
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** One server per SQLite data directory; MongoDB deployments run as many as they like. */
function lockOrExit(config: Config): () => void {
  if (config.mongodbUri) return () => {};
  mkdirSync(config.dataDir, { recursive: true });
  try {
    return lockDataDirectory(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirectoryInUseError) {
      // A refusal to start: a sentence for the person at the terminal, like the banner.
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** The cluster primary: holds the lock, forks the workers, replaces one that dies. */
function primary(config: Config, logger: Logger): void {
  const unlock = lockOrExit(config);
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({ SAYPRO_WORKER_INDEX: String(index) });
    worker.on('exit', (code) => {
      if (stopping) return;
      logger.error(
        { worker: index, exitCode: code },
        `HTTP worker ${index} exited (${code}); starting another`,
      );
      fork(index);
    });
    return worker;
  };
  // The first worker creates what a first run creates (keys, the admin key) before the
  // others start, so they read it rather than race to create their own.
  fork(0).once('listening', () => {
    for (let i = 1; i < config.webConcurrency; i++) fork(i);
  });
  const shutdown = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    let left = Object.keys(cluster.workers ?? {}).length;
    if (left === 0) {
      unlock();
      process.exit(0);
    }
    cluster.on('exit', () => {
      left -= 1;
      if (left <= 0) {
        unlock();
        process.exit(0);
      }
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger({ level: config.logLevel });
  // Once per start: the primary of a cluster, or the single process. Part of the banner,
  // so printed as it is, whatever LOG_LEVEL says.
  if (cluster.isPrimary) warnIfWalletOffersInsecure(config.publicUrl, (line) => console.warn(line));
  if (cluster.isPrimary && config.webConcurrency > 1) return primary(config, logger);
  // In a cluster the primary holds the data directory; a single process holds it itself.
  const unlock = cluster.isWorker ? () => {} : lockOrExit(config);
  const runsJobs = !cluster.isWorker || process.env.SAYPRO_WORKER_INDEX === '0';
  const deps = await createDeps(config, { logger });
  const generated = await ensureBootstrapAdminKey(deps.stores.apiKeys, {
    ...(config.adminApiKey ? { configuredSecret: config.adminApiKey } : {}),
    path: bootstrapKeyPath(config),
    now: new Date(),
  });
  const setupLink = await createSetupLinkIfNeeded(deps.accounts);
  const server = serve({ fetch: createApp(deps).fetch, port: config.port, hostname: config.host }, (info) => {
    // The banner is for the person at the terminal, so plain lines rather than log records
    // (tests and scripts wait for "listening on" too). It is printed at any LOG_LEVEL, and
    // the setup link's token is meant to be read here: it is the first admin's way in.
    // One write, so whoever watches the output sees the whole start-up message at once.
    const lines = [
      `Issuer ${deps.identity.did} · storage ${config.mongodbUri ? 'MongoDB' : `SQLite in ${config.dataDir}/`}`,
      ...(generated
        ? [`Admin API key generated and saved to ${bootstrapKeyPath(config)} (keep it secret)`]
        : []),
      ...(setupLink
        ? [
            `No admin yet: open ${setupLink} to create the first one (valid 24 hours), or run npm run admin:create`,
          ]
        : []),
      `SayPro Credentials listening on http://${info.address}:${info.port} (public URL ${config.publicUrl})`,
    ];
    console.log(lines.join('\n'));
    const sample = previewCredential({
      issuerName: config.issuerName,
      issuerId: deps.identity.did,
      now: new Date(),
    });
    warmUpRenderer(deps.rendering.renderer, sample).catch((error: unknown) => {
      deps.logger.warn(
        { err: error },
        'Certificate renderer warm-up failed; pictures will render on first request',
      );
    });
    // A verification thread loads jsonld and the contexts once (~1 s): do it before a visitor waits.
    // The sample is unsigned, so its result is a failure; only the start-up matters here.
    deps.verifier.credential(sample).catch(() => {});
  });
  // Background jobs run in one process only (the first worker of a cluster).
  const stops = runsJobs
    ? [
        startIssuanceScheduler(deps.programs),
        startDeliveryWorker(deps.notifications, deps.logger),
        startRetentionSweep(deps.messaging, deps.logger),
        startAccreditationSweep(deps.accreditation, deps.logger),
        startScheduledReports(deps.programs, deps.logger),
        startMonitoringAlerts(deps.monitoring, deps.logger),
        startBackpackPushRetries(deps.backpackLinks, deps.logger),
      ]
    : [];
  // Every process records its own heartbeat and flushes its own request counts.
  stops.push(startHeartbeat(deps.monitoring, deps.logger));
  const shutdown = () => {
    for (const stop of stops) stop();
    server.close();
    void Promise.allSettled([
      deps.rendering.close(),
      deps.verifier.close(),
      deps.signing.close(),
      deps.stores.close(),
    ]).finally(() => {
      unlock();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await main();
