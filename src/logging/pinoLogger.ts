/**
 * The server's structured logger: pino, one JSON line per event on stdout, at the level
 * LOG_LEVEL names.
 *
 * Every line goes through the log hygiene of redact.ts: message strings are redacted,
 * errors are logged as redacted type/message/stack, and fields that name a secret
 * (password, token, cookie...) are censored at the top level and one object down.
 */
import pino, { type DestinationStream } from 'pino';
import type { Logger, LogLevel } from './logger.js';
import { errorFields, redactForLog } from './redact.js';

/** Field names censored in any line, at the top level and one object down. */
const SECRET_FIELDS = [
  'password',
  'passwordHash',
  'token',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
  'setupLink',
];
const REDACT_PATHS = SECRET_FIELDS.flatMap((name) => [name, `*.${name}`]);

/** How to build a logger: the level and, for tests, where the lines go (default stdout). */
export interface LoggerOptions {
  level: LogLevel;
  destination?: DestinationStream;
}

/** Builds the pino logger. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"error" rather than 50: read by people as often as by machines.
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errorFields },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        // Message strings are redacted too: one may quote a link or an address.
        logMethod(args, method) {
          const redacted = (args as unknown[]).map((arg) =>
            typeof arg === 'string' ? redactForLog(arg) : arg,
          );
          method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
