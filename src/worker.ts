/**
 * Cloudflare Workers entry (wrangler main): the stateless verifier. It answers
 * POST /credentials/verify, POST /presentations/verify, GET /1.0/identifiers/{did} (DID
 * resolution), GET /health and the /verify page
 * with the same
 * verification, request handling and problem+json errors as the Node server, over
 * bundled contexts and ahead-of-time compiled schemas; it has no stores and never signs.
 * DIDs (did:web) and status lists are fetched with the Workers fetcher under the same
 * policy as on Node (DESIGN rule 7).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { limitVariables, verifyLimitsOf } from './config.js';
import { toProblem } from './errors.js';
import { applyRequestHandling, type RequestVariables } from './http/requestHandling.js';
import { handleVerifyCredential, handleVerifyPresentation } from './http/routes/verifyHandlers.js';
import { createDocumentLoader, loadBundledContexts } from './jsonld/documentLoader.js';
import { useFastContexts } from './jsonld/fastContexts.js';
import { createDidResolver } from './jsonld/didResolver.js';
import type { FetchJson } from './jsonld/fetchPolicy.js';
import { createCachedWorkerFetchJson } from './jsonld/workerFetch.js';
import { assetRoutes, staticVerifierRoutes } from './http/routes/assets.js';
import { siteAssetRoutes } from './http/routes/siteAssets.js';
import { didResolutionRoutes } from './http/routes/didResolution.js';
import { createSchemaValidator } from './credentials/schemaValidator.js';
import type { VerifyDeps } from './verification/verifyCredential.js';
import { createInProcessVerifier } from './verification/verifier.js';
import { withIssuerStanding } from './verification/issuerStanding.js';
import { readTrustListDocument } from './trust/trustListDocument.js';
import type { TrustedIssuerFields } from './trust/trustedIssuerInput.js';
import { createListedTrustLookup } from './trust/trustLookup.js';
import { createConsoleLogger } from './logging/consoleLogger.js';

/** The worker's log: JSON lines through the console, which Workers collects (consoleLogger.ts). */
const workerLogger = createConsoleLogger('info', { service: 'verifier' });

/** The worker's environment bindings (wrangler `[vars]`); all optional. */
export type WorkerBindings = Partial<
  Record<keyof typeof limitVariables | 'ISSUER_NAME' | 'TRUSTED_ISSUERS', string>
>;

const workerConfigSchema = z
  .object({
    ...limitVariables,
    ISSUER_NAME: z.string().min(1).default('SayPro'),
    /** A trust list exported from the server's console (/admin/trust), as JSON text. */
    TRUSTED_ISSUERS: z.string().optional(),
  })
  .transform((env, ctx) => ({
    /** The organisation whose DIDs (OWN_ISSUER_DIDS) this verifier shows as "Issued by <name>". */
    issuerName: env.ISSUER_NAME,
    ownIssuerDids: env.OWN_ISSUER_DIDS,
    trustedIssuers: trustedIssuersOf(env.TRUSTED_ISSUERS, ctx),
    maxBodyBytes: env.MAX_BODY_BYTES,
    fetchTimeoutMs: env.FETCH_TIMEOUT_MS,
    fetchMaxBytes: env.FETCH_MAX_BYTES,
    verifyLimits: verifyLimitsOf(env),
  }));

/** The TRUSTED_ISSUERS list's entries; a broken list is a configuration error naming why. */
function trustedIssuersOf(text: string | undefined, ctx: z.RefinementCtx): TrustedIssuerFields[] {
  if (!text) return [];
  try {
    return readTrustListDocument(text);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      path: ['TRUSTED_ISSUERS'],
      message: (error as Error).message.replace(/^Nothing was imported\. /, ''),
    });
    return [];
  }
}

/** The worker's parsed configuration. */
export type WorkerConfig = Readonly<z.output<typeof workerConfigSchema>>;

/** Parses the bindings once (DESIGN rule 8); throws naming each bad variable. */
export function loadWorkerConfig(env: WorkerBindings = {}): WorkerConfig {
  const parsed = workerConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Invalid worker configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return Object.freeze(parsed.data);
}

/** What the verifier app is built from; tests inject `fetchJson` and `now`. */
export interface WorkerAppOptions {
  config: WorkerConfig;
  fetchJson: FetchJson;
  now?: () => Date;
}

/** Verification dependencies without stores: bundled contexts, DID resolution, fetched status lists. */
export function createWorkerVerifyDeps({
  fetchJson,
  now = () => new Date(),
}: Omit<WorkerAppOptions, 'config'>): VerifyDeps {
  useFastContexts();
  const contexts = loadBundledContexts();
  const resolveDid = createDidResolver({ ownDocuments: new Map(), fetchJson });
  const documentLoader = createDocumentLoader({ contexts, resolveDid });
  return {
    documentLoader,
    contexts,
    resolveDid,
    fetchStatusList: fetchJson,
    schemas: createSchemaValidator(),
    now,
    verifiedListProofs: new Set(),
  };
}

/** Builds the verifier's Hono app. */
export function createWorkerApp(options: WorkerAppOptions): Hono<{ Variables: RequestVariables }> {
  // No threads here: the Workers platform bounds each request's CPU itself; the caps still apply.
  const verifyDeps = createWorkerVerifyDeps(options);
  const verifier = withIssuerStanding(createInProcessVerifier(verifyDeps, options.config.verifyLimits), {
    ownDids: new Set(options.config.ownIssuerDids),
    ownName: options.config.issuerName,
    trust: createListedTrustLookup(options.config.trustedIssuers),
    now: verifyDeps.now,
  });
  const app = new Hono<{ Variables: RequestVariables }>();
  applyRequestHandling(app, { maxBodyBytes: options.config.maxBodyBytes, logger: workerLogger });
  app.get('/health', (c) => c.json({ status: 'ok', role: 'verifier' }));
  app.post('/credentials/verify', (c) => handleVerifyCredential(c, verifier));
  app.post('/presentations/verify', (c) => handleVerifyPresentation(c, verifier));
  // The public page, the same bytes as the server's: paste, upload or scan to verify here.
  app.route('/verify', staticVerifierRoutes());
  app.route('/assets', assetRoutes());
  app.route('/', siteAssetRoutes());
  // DID resolution as the server answers it. Its own resolver instance, over the same cached
  // fetcher, so this route does not depend on how the verifier holds its deps.
  app.route(
    '/1.0/identifiers',
    didResolutionRoutes({
      resolveDid: createDidResolver({ ownDocuments: new Map(), fetchJson: options.fetchJson }),
    }),
  );
  return app;
}

// Bindings are only known inside fetch(), so the app is built on first use per env and
// kept for the isolate's life (the status-list proof cache lives as long as it does).
const apps = new WeakMap<object, Hono<{ Variables: RequestVariables }>>();

function appFor(env: WorkerBindings): Hono<{ Variables: RequestVariables }> {
  let app = apps.get(env);
  if (!app) {
    const config = loadWorkerConfig(env);
    app = createWorkerApp({
      config,
      fetchJson: createCachedWorkerFetchJson({
        timeoutMs: config.fetchTimeoutMs,
        maxBytes: config.fetchMaxBytes,
      }),
    });
    apps.set(env, app);
  }
  return app;
}

const noBindings: WorkerBindings = {};

export default {
  /** The Workers fetch handler. */
  async fetch(request: Request, env: WorkerBindings = noBindings): Promise<Response> {
    let app: Hono<{ Variables: RequestVariables }>;
    try {
      app = appFor(env);
    } catch (error) {
      // A deployment fault, not the caller's: log it, answer problem+json without internals.
      workerLogger.fatal({ err: error }, 'the verifier could not be built (its bindings, most likely)');
      const problem = toProblem('internal_error', 'The verifier is misconfigured; its logs say why');
      return new Response(JSON.stringify(problem), {
        status: 500,
        headers: { 'content-type': 'application/problem+json' },
      });
    }
    return app.fetch(request);
  },
};
