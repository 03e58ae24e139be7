/**
 * What code that logs is given: the Logger interface and LOG_LEVEL's values. A logger is
 * built once (createDeps; index.ts for the cluster primary, which has no deps) and passed
 * in as a collaborator; nothing imports a logger instance. Node builds pino
 * (pinoLogger.ts); the Workers verifier writes through the console (consoleLogger.ts).
 * No imports here, so the config and the Workers bundle can use the types freely.
 */

/** LOG_LEVEL's values, most to least severe; `silent` logs nothing (tests). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One log call: the event's fields (an `err` is serialized) and a sentence saying what happened. */
export type LogFn = (fields: Record<string, unknown>, msg: string) => void;

/**
 * What code that logs is given. A pino logger is one; the Workers verifier has its own
 * over console (src/logging/consoleLogger.ts). Fields first, then a message, always: the
 * fields are what a log search filters on.
 */
export interface Logger {
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  /** A logger whose lines all carry `bindings` (e.g. `{ component: 'outbox delivery' }`). */
  child(bindings: Record<string, unknown>): Logger;
}
