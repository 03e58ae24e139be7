/**
 * `npm run admin:create -- --email you@example.org --name "Your Name"`: creates an admin
 * account. The password comes from ADMIN_PASSWORD or is asked for (not echoed).
 */
import { createInterface } from 'node:readline';
import { cliDeps, parseFlags } from './cliDeps.js';
import { createAdmin } from '../accounts/invitations.js';
import { AppError } from '../errors.js';

async function askHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('Set ADMIN_PASSWORD or run in a terminal to type the password');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Suppress echo: print the prompt once, then mask everything typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.includes(question)) process.stdout.write(question);
  };
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

const flags = parseFlags(process.argv.slice(2));
if (!flags.email || !flags.name) {
  console.error(
    'Usage: npm run admin:create -- --email you@example.org --name "Your Name"   (password from ADMIN_PASSWORD or prompted)',
  );
  process.exit(2);
}
const deps = await cliDeps();
try {
  const password = process.env.ADMIN_PASSWORD ?? (await askHidden('Password (10+ characters): '));
  const user = await createAdmin(deps.accounts, { email: flags.email, name: flags.name, password });
  console.log(`Admin ${user.email} created. Log in at ${deps.config.publicUrl}/login`);
} catch (error) {
  console.error(error instanceof AppError ? error.detail : (error as Error).message);
  process.exitCode = 1;
} finally {
  await deps.stores.close();
}
