/**
 * Node entry: loadConfig() -> createDeps() -> serve(createApp(deps)). Prints the URL, the
 * issuer DID and, on first run, where the generated admin API key was written and a
 * one-time link to create the first admin (or use `npm run admin:create`).
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
import { startRetentionSweep } from './messaging/messagingPrivacy.js';
import { startAccreditationSweep } from './accreditation/applicationReview.js';
import { DataDirectoryInUseError, lockDataDirectory } from './storage/sqlite/serverLock.js';
import { mkdirSync } from 'node:fs';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // One server per SQLite data directory; MongoDB deployments run as many as they like.
  let unlock = () => {};
  if (!config.mongodbUri) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      unlock = lockDataDirectory(config.dataDir);
    } catch (error) {
      if (error instanceof DataDirectoryInUseError) {
        console.error(error.message);
        process.exit(1);
      }
      throw error;
    }
  }
  const deps = await createDeps(config);
  const generated = await ensureBootstrapAdminKey(deps.stores.apiKeys, {
    ...(config.adminApiKey ? { configuredSecret: config.adminApiKey } : {}),
    path: bootstrapKeyPath(config),
    now: new Date(),
  });
  const setupLink = await createSetupLinkIfNeeded(deps.accounts);
  const server = serve({ fetch: createApp(deps).fetch, port: config.port, hostname: config.host }, (info) => {
    // One write, so whoever watches the output sees the whole start-up message at once.
    const lines = [
      `Issuer ${deps.identity.did} · storage ${config.mongodbUri ? 'MongoDB' : `SQLite in ${config.dataDir}/`}`,
      ...(generated ? [`Admin API key generated and saved to ${bootstrapKeyPath(config)} (keep it secret)`] : []),
      ...(setupLink ? [`No admin yet: open ${setupLink} to create the first one (valid 24 hours), or run npm run admin:create`] : []),
      `SayPro Credentials listening on http://${info.address}:${info.port} (public URL ${config.publicUrl})`,
    ];
    console.log(lines.join('\n'));
    const sample = previewCredential({ issuerName: config.issuerName, issuerId: deps.identity.did, now: new Date() });
    warmUpRenderer(deps.rendering.renderer, sample).catch((error: unknown) => {
      console.error('Certificate renderer warm-up failed; pictures will render on first request', error);
    });
  });
  const stopScheduler = startIssuanceScheduler(deps.programs);
  const stopDelivery = startDeliveryWorker(deps.notifications);
  const stopRetention = startRetentionSweep(deps.messaging);
  const stopAccreditation = startAccreditationSweep(deps.accreditation);
  const shutdown = () => {
    stopAccreditation();
    stopScheduler();
    stopDelivery();
    stopRetention();
    server.close();
    void deps.stores.close().finally(() => {
      unlock();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await main();
