/**
 * The Logger of the Cloudflare Workers verifier (src/worker.ts). On Workers the console is
 * the log sink itself (the platform collects it, and indexes a JSON line's fields), and
 * pino's Node destination does not exist there, so this writes the same shape of line as
 * the server's pino logger (level, time, msg, fields, a redacted `err`) through console.
 * Web APIs only, like the rest of what the worker imports.
 */
import type { Logger, LogFn, LogLevel } from './logger.js';
import { errorFields, redactForLog } from './redact.js';

const SEVERITY: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

/** A Logger writing one JSON line per event through console, at `level` and above. */
export function createConsoleLogger(
  level: LogLevel = 'info',
  bindings: Record<string, unknown> = {},
): Logger {
  const at =
    (label: Exclude<LogLevel, 'silent'>, write: (line: string) => void): LogFn =>
    (fields, msg) => {
      if (SEVERITY[label] < SEVERITY[level]) return;
      const { err, ...rest } = fields;
      const line = {
        level: label,
        time: new Date().toISOString(),
        ...bindings,
        ...rest,
        ...(err !== undefined ? { err: errorFields(err) } : {}),
        msg: redactForLog(msg),
      };
      write(JSON.stringify(line));
    };
  return {
    // The console is this runtime's log transport (see above), not a stray debug print.
    fatal: at('fatal', (line) => console.error(line)),
    error: at('error', (line) => console.error(line)),
    warn: at('warn', (line) => console.warn(line)),
    info: at('info', (line) => console.log(line)),
    debug: at('debug', (line) => console.debug(line)),
    child: (more) => createConsoleLogger(level, { ...bindings, ...more }),
  };
}
