/**
 * `npm run issue -- --batch ID --csv FILE [--dry-run]`: bulk issuance for a batch from a
 * CSV of participants (the same import as the console's). Shows a progress bar on a
 * terminal (a line per 10% otherwise) and ends with a summary per outcome. Safe to run
 * again with the same file, also after it was killed half-way: rows already recorded add
 * nothing, and certificates already issued are reported as such, never issued twice.
 * Exit code: 0 when every row was handled, 1 when some rows had errors, 2 for bad usage.
 */
import { readFileSync } from 'node:fs';
import { cliDeps, parseFlags } from './cliDeps.js';
import { createProgress } from './progressBar.js';
import { importParticipants } from '../programs/csvImportRun.js';
import { issueDueEnrolments } from '../programs/automaticIssuance.js';
import { parseParticipantCsv } from '../programs/csvImport.js';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { plural } from '../plural.js';

const USAGE = 'Usage: npm run issue -- --batch <batch id> --csv <file.csv> [--dry-run]';
const flags = parseFlags(process.argv.slice(2));
if (!flags.batch || !flags.csv || flags.batch === 'true' || flags.csv === 'true') {
  console.error(USAGE);
  process.exit(2);
}
let text: string;
try {
  text = readFileSync(flags.csv, 'utf8');
} catch (error) {
  console.error(`Cannot read ${flags.csv}: ${(error as Error).message}`);
  process.exit(2);
}

const deps = await cliDeps();
const actor: Actor = { id: 'cli:issue', label: 'npm run issue', role: 'staff' };
const dryRun = flags['dry-run'] === 'true';
const progress = createProgress({
  total: parseParticipantCsv(text).rows.length,
  label: dryRun ? 'Checking' : 'Issuing',
});
try {
  // Finish anything a previous, interrupted run left due before starting on the file.
  if (!dryRun) await issueDueEnrolments(deps.programs);
  const result = await importParticipants(deps.programs, actor, flags.batch, text, {
    dryRun,
    onRow: (o) => progress.tick(o.outcome),
  });
  progress.done();
  for (const problem of [...result.errors, ...result.outcomes.filter((o) => o.outcome === 'error')]) {
    console.error(`line ${problem.line}: ${problem.message}`);
  }
  const summary = Object.entries(result.counts)
    .map(([outcome, n]) => `${outcome.replace(/_/g, ' ')}: ${n}`)
    .join(', ');
  console.log(
    `${dryRun ? 'Dry run, nothing written. ' : ''}${plural(result.outcomes.length, 'row')}. ${summary || 'nothing to do'}`,
  );
  process.exitCode = result.errors.length > 0 || (result.counts.error ?? 0) > 0 ? 1 : 0;
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error(error.detail);
  process.exitCode = 2;
} finally {
  await deps.stores.close();
}
