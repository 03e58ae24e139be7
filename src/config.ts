/**
 * The platform's configuration: one zod schema over the environment, parsed once at the
 * entry and frozen (DESIGN rule 8). Nothing deeper reads process.env.
 */
import { z } from 'zod';
import type { InputLimits } from './verification/inputLimits.js';
import { isDid } from './jsonld/didSyntax.js';
import { LOG_LEVELS } from './logging/logger.js';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** Request and fetch limits; shared with the Workers verifier's bindings (src/worker.ts). */
export const limitVariables = {
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Uploads (content submissions, CSV imports) may be larger than other bodies. */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(12 * 1024 * 1024),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(30000).default(5000),
  FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  /** Caps on a credential under verification, checked before any JSON-LD work (src/verification/inputLimits.ts). */
  VERIFY_MAX_CREDENTIAL_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  VERIFY_MAX_CLAIMS: z.coerce.number().int().min(10).default(1_000),
  VERIFY_MAX_CONTEXT_TERMS: z.coerce.number().int().min(0).default(256),
  VERIFY_MAX_DEPTH: z.coerce.number().int().min(8).max(1_000).default(64),
  /**
   * DIDs this organisation signed as besides the current one and its key ring (a did:web
   * used before the site moved), comma-separated: their credentials show as "Issued by" us.
   */
  OWN_ISSUER_DIDS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((did) => did.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().refine(isDid, 'OWN_ISSUER_DIDS must be DIDs separated by commas'))),
};

/** The verification caps from parsed limit variables (server and Workers verifier alike). */
export function verifyLimitsOf(env: {
  VERIFY_MAX_CREDENTIAL_BYTES: number;
  VERIFY_MAX_CLAIMS: number;
  VERIFY_MAX_CONTEXT_TERMS: number;
  VERIFY_MAX_DEPTH: number;
}): InputLimits {
  return Object.freeze({
    maxCredentialBytes: env.VERIFY_MAX_CREDENTIAL_BYTES,
    maxClaims: env.VERIFY_MAX_CLAIMS,
    maxContextTerms: env.VERIFY_MAX_CONTEXT_TERMS,
    maxDepth: env.VERIFY_MAX_DEPTH,
  });
}

const configSchema = z
  .object({
    PORT: z.coerce
      .number({ error: 'PORT must be a number' })
      .int('PORT must be a whole number')
      .min(0, 'PORT must be between 0 and 65535')
      .max(65535, 'PORT must be between 0 and 65535')
      .default(3000),
    HOST: z.string().default('127.0.0.1'),
    /** HTTP worker processes sharing the port (node:cluster); 1 runs everything in one process. */
    WEB_CONCURRENCY: z.coerce
      .number({ error: 'WEB_CONCURRENCY must be a number' })
      .int()
      .min(1)
      .max(32)
      .default(1),
    PUBLIC_URL: optionalString.pipe(
      z
        .url({ error: 'PUBLIC_URL must be an absolute http(s) URL such as https://certs.example.org' })
        .refine((u) => /^https?:\/\//.test(u), 'PUBLIC_URL must start with http:// or https://')
        .optional(),
    ),
    /** Threads verifying credentials and presentations off the event loop (per HTTP worker process). */
    VERIFY_THREADS: z.coerce.number().int().min(1).max(32).default(2),
    /** Computation one verification may take before it is stopped with 422 verification_too_costly. */
    VERIFY_TIME_BUDGET_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
    /** Threads drawing certificate pictures (satori, resvg, pdf-lib); 0 draws on the main thread, for comparisons only. */
    RENDER_THREADS: z.coerce.number().int().min(0).max(32).default(1),
    /** One picture's budget, waiting for a render thread included; past it the answer is 503 rendering_busy. */
    RENDER_TIME_BUDGET_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    DATA_DIR: z.string().default('data'),
    KEYS_DIR: z.string().default('keys'),
    MONGODB_URI: optionalString.pipe(
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'MONGODB_URI must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    MONGODB_DB: z.string().default('saypro'),
    ISSUER_DID: optionalString.pipe(
      z
        .string()
        .regex(/^did:(web|key):[A-Za-z0-9.%:_-]+$/, 'ISSUER_DID must be a did:web or did:key DID')
        .optional(),
    ),
    ISSUER_NAME: z.string().min(1).default('SayPro'),
    ISSUER_URL: optionalString.pipe(z.url({ error: 'ISSUER_URL must be an absolute URL' }).optional()),
    ISSUER_IMAGE: optionalString.pipe(z.url({ error: 'ISSUER_IMAGE must be an absolute URL' }).optional()),
    /** The issuer's contact email, stated in every Open Badge's issuer Profile (and its achievements' creator). */
    ISSUER_EMAIL: optionalString.pipe(z.email({ error: 'ISSUER_EMAIL must be an email address' }).optional()),
    ADMIN_API_KEY: optionalString.pipe(
      z.string().min(24, 'ADMIN_API_KEY must be at least 24 characters').optional(),
    ),
    CERTIFICATE_PREFIX: z
      .string()
      .regex(/^[A-Z]{1,8}$/, 'CERTIFICATE_PREFIX must be 1-8 capital letters')
      .default('SP'),
    STATUS_LIST_LENGTH: z.coerce
      .number({ error: 'STATUS_LIST_LENGTH must be a number' })
      .int()
      .min(131072, 'STATUS_LIST_LENGTH must be at least 131072 (Bitstring Status List minimum)')
      .default(131072),
    ...limitVariables,
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** The least severe log lines written (JSON on stdout); `silent` writes none. The start-up banner is printed regardless. */
    LOG_LEVEL: z
      .string()
      .trim()
      .toLowerCase()
      .transform((level) => (level === '' ? 'info' : level))
      .pipe(z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }))
      .default('info'),
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\//, 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465')
        .optional(),
    ),
    MAIL_FROM: z.string().min(3).default('SayPro Credentials <no-reply@localhost>'),
    SIGNUP_MODE: z
      .enum(['invite', 'self'], { error: 'SIGNUP_MODE must be "invite" or "self"' })
      .default('self'),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(24 * 14),
    /** How long an OB 3.0 API access token works, in seconds (apps then use their refresh token). */
    OB3_ACCESS_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60 * 60)
      .default(60 * 60),
    /** Days without activity on an accreditation application before its partner is prompted (once per period). */
    ACCREDITATION_INACTIVITY_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    /** scrypt cost as log2(N); 15 (32 MiB, ~80 ms) by default, lower only in tests. */
    PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(15),
    /** Shared secret the LMS signs webhook bodies with (HMAC-SHA256); the webhook is off without it. */
    LMS_WEBHOOK_SECRET: optionalString.pipe(
      z.string().min(32, 'LMS_WEBHOOK_SECRET must be at least 32 characters').optional(),
    ),
    /** Signs click, open-pixel and unsubscribe links; generated into keys/ when unset. */
    LINK_SIGNING_SECRET: optionalString.pipe(
      z.string().min(32, 'LINK_SIGNING_SECRET must be at least 32 characters').optional(),
    ),
    /** Open pixel and click redirects in HTML email ("off" sends links as they are). */
    MAIL_TRACKING: z.enum(['on', 'off'], { error: 'MAIL_TRACKING must be "on" or "off"' }).default('on'),
    /** Attach the certificate's PDF to the "certificate issued" email ("off": the email links to it). */
    CERTIFICATE_EMAIL_PDF: z
      .enum(['on', 'off'], { error: 'CERTIFICATE_EMAIL_PDF must be "on" or "off"' })
      .default('off'),
    /** DKIM signing of outgoing mail: all three or none. */
    DKIM_DOMAIN: optionalString,
    DKIM_SELECTOR: optionalString,
    DKIM_PRIVATE_KEY_FILE: optionalString,
    /** An address that unsubscribes by email too (List-Unsubscribe mailto), e.g. unsubscribe@example.org. */
    LIST_UNSUBSCRIBE_MAILTO: optionalString.pipe(
      z.email({ error: 'LIST_UNSUBSCRIBE_MAILTO must be an email address' }).optional(),
    ),
    /** Message encryption keys, `id:base64url-32-bytes` comma-separated, the first one current; keys/message-keys when unset. */
    MESSAGE_KEYS: optionalString.pipe(
      z
        .string()
        .regex(
          /^[a-z0-9_-]{1,16}:[A-Za-z0-9_-]{43}(,[a-z0-9_-]{1,16}:[A-Za-z0-9_-]{43})*$/,
          'MESSAGE_KEYS must be id:key pairs separated by commas, each key 32 bytes in base64url (43 characters)',
        )
        .optional(),
    ),
    /** Keys the blind search index of messages (never rotate it without re-indexing); keys/message-index-key when unset. */
    MESSAGE_INDEX_KEY: optionalString.pipe(
      z.string().min(32, 'MESSAGE_INDEX_KEY must be at least 32 characters').optional(),
    ),
    /**
     * Tests only: backpack hosts (host:port, comma-separated) a participant may connect to over
     * http or at a private address (src/backpackLinks/hostFetch.ts). Refused in production.
     */
    BACKPACK_TEST_HOSTS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((host) => host.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^[a-z0-9.-]+:\d{1,5}$/,
              'BACKPACK_TEST_HOSTS must be host:port values separated by commas',
            ),
        ),
      ),
    /** Alert admins when this many conversations wait past the messaging reply target (0: never). */
    MONITORING_BACKLOG_ALERT: z.coerce.number().int().min(0).default(10),
    /** Alert admins when this share (percent) of requests over 15 minutes are server errors (0: never). */
    MONITORING_ERROR_RATE_ALERT_PCT: z.coerce.number().min(0).max(100).default(5),
    /** Fewer requests than this in the 15 minutes raise no error-rate alert. */
    MONITORING_ERROR_ALERT_MIN_REQUESTS: z.coerce.number().int().min(1).default(20),
  })
  .refine(
    (env) => [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY_FILE].filter(Boolean).length % 3 === 0,
    {
      message: 'DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE must be set together',
      path: ['DKIM_DOMAIN'],
    },
  )
  .refine((env) => env.NODE_ENV !== 'production' || env.BACKPACK_TEST_HOSTS.length === 0, {
    message: 'BACKPACK_TEST_HOSTS is for tests only and must be empty in production',
    path: ['BACKPACK_TEST_HOSTS'],
  })
  .transform((env) => {
    const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    return {
      port: env.PORT,
      host: env.HOST,
      webConcurrency: env.WEB_CONCURRENCY,
      publicUrl,
      dataDir: env.DATA_DIR,
      keysDir: env.KEYS_DIR,
      mongodbUri: env.MONGODB_URI,
      mongodbDb: env.MONGODB_DB,
      issuerDid: env.ISSUER_DID,
      ownIssuerDids: env.OWN_ISSUER_DIDS,
      issuerName: env.ISSUER_NAME,
      issuerUrl: env.ISSUER_URL ?? publicUrl,
      issuerImage: env.ISSUER_IMAGE,
      issuerEmail: env.ISSUER_EMAIL,
      adminApiKey: env.ADMIN_API_KEY,
      certificatePrefix: env.CERTIFICATE_PREFIX,
      statusListLength: env.STATUS_LIST_LENGTH,
      maxBodyBytes: env.MAX_BODY_BYTES,
      maxUploadBytes: env.MAX_UPLOAD_BYTES,
      fetchTimeoutMs: env.FETCH_TIMEOUT_MS,
      fetchMaxBytes: env.FETCH_MAX_BYTES,
      verifyLimits: verifyLimitsOf(env),
      verifyThreads: env.VERIFY_THREADS,
      verifyTimeBudgetMs: env.VERIFY_TIME_BUDGET_MS,
      renderThreads: env.RENDER_THREADS,
      renderTimeBudgetMs: env.RENDER_TIME_BUDGET_MS,
      nodeEnv: env.NODE_ENV,
      logLevel: env.LOG_LEVEL,
      smtpUrl: env.SMTP_URL,
      mailFrom: env.MAIL_FROM,
      signupMode: env.SIGNUP_MODE,
      sessionTtlHours: env.SESSION_TTL_HOURS,
      ob3AccessTokenTtlSeconds: env.OB3_ACCESS_TOKEN_TTL_SECONDS,
      passwordScryptLogN: env.PASSWORD_SCRYPT_LOG_N,
      accreditationInactivityDays: env.ACCREDITATION_INACTIVITY_DAYS,
      lmsWebhookSecret: env.LMS_WEBHOOK_SECRET,
      linkSigningSecret: env.LINK_SIGNING_SECRET,
      mailTracking: env.MAIL_TRACKING === 'on',
      certificateEmailPdf: env.CERTIFICATE_EMAIL_PDF === 'on',
      dkim:
        env.DKIM_DOMAIN && env.DKIM_SELECTOR && env.DKIM_PRIVATE_KEY_FILE
          ? {
              domain: env.DKIM_DOMAIN,
              selector: env.DKIM_SELECTOR,
              privateKeyFile: env.DKIM_PRIVATE_KEY_FILE,
            }
          : undefined,
      listUnsubscribeMailto: env.LIST_UNSUBSCRIBE_MAILTO,
      messageKeys: env.MESSAGE_KEYS,
      messageIndexKey: env.MESSAGE_INDEX_KEY,
      backpackTestHosts: env.BACKPACK_TEST_HOSTS,
      monitoringAlerts: {
        backlog: env.MONITORING_BACKLOG_ALERT,
        errorRatePct: env.MONITORING_ERROR_RATE_ALERT_PCT,
        errorMinRequests: env.MONITORING_ERROR_ALERT_MIN_REQUESTS,
      },
    };
  });

/** The parsed, validated configuration. */
export type Config = Readonly<z.output<typeof configSchema>>;

/** Raised when the environment holds bad values; lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  return Object.freeze(parsed.data);
}
