/** Builds the app dependencies for a command-line tool from the environment. */
import { ConfigError, loadConfig } from '../config.js';
import { createDeps, type AppDeps } from '../deps.js';
import pino from 'pino';
import { createLogger } from '../logging/pinoLogger.js';

/** Loads the configuration (exiting with its message when invalid) and creates deps. */
export async function cliDeps(): Promise<AppDeps> {
  try {
    const config = loadConfig();
    // A command's own output (what it did, one line per item) is stdout; log lines go to
    // stderr, so they never mix into output a script may read.
    return await createDeps(config, {
      logger: createLogger({
        level: config.logLevel,
        destination: pino.destination({ dest: 2, sync: true }),
      }),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Reads `--name value` pairs from argv. */
export function parseFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      flags[key] = inline ?? (argv[i + 1] && !argv[i + 1]!.startsWith('--') ? argv[++i]! : 'true');
    }
  }
  return flags;
}
