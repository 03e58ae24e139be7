/** Builds the app dependencies for a command-line tool from the environment. */
import { ConfigError, loadConfig } from '../config.js';
import { createDeps, type AppDeps } from '../deps.js';

/** Loads the configuration (exiting with its message when invalid) and creates deps. */
export async function cliDeps(): Promise<AppDeps> {
  try {
    return await createDeps(loadConfig());
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
