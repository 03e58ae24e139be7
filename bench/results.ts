/**
 * Appends one run to bench/RESULTS.md: date, machine, settings, every table (figure,
 * baseline, ratio), the target verdicts stated plainly, and what dominates the cost.
 * Appending, never rewriting, keeps earlier runs for comparison across changes.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import type { MachineInfo } from './setup.js';
import { renderMarkdown, type Table } from './format.js';
import type { Verdict } from './report.js';

/** Where results are recorded. */
export const RESULTS_URL = new URL('./RESULTS.md', import.meta.url);

const HEADER = `# Benchmark results

Appended by \`npm run bench\` (see bench/README.md). Each run lists every figure next to
a baseline measured in the same run; compare ratios across runs, not absolute rates.
`;

/** Everything one run records. */
export interface RunRecord {
  date: Date;
  machine: MachineInfo;
  settings: Record<string, string | number>;
  tables: Table[];
  verdicts: Verdict[];
  costParagraph: string;
  durationS: number;
  /** The commit measured (and whether src/ had uncommitted changes). */
  source: string;
  /** Where the SQLite file lived (the OS temp dir), e.g. `/tmp`. */
  dataDirFs: string;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Renders a run as a Markdown section. */
export function renderRun(run: RunRecord): string {
  const missed = run.verdicts.filter((v) => !v.ok);
  const settings = Object.entries(run.settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return [
    `## ${isoDay(run.date)} ${run.date.toISOString().slice(11, 16)} UTC`,
    '',
    `- Machine: ${run.machine.cpus} x ${run.machine.model}, ${run.machine.memoryGb} GB, ${run.machine.platform}`,
    `- Node ${run.machine.node}; settings: ${settings}; whole run ${run.durationS.toFixed(0)} s`,
    `- Source: ${run.source}; data directory on ${run.dataDirFs}`,
    '',
    '### Targets',
    '',
    ...run.verdicts.map((v) => `- ${v.ok ? 'met' : '**MISSED**'}: ${v.text}`),
    '',
    missed.length
      ? `${missed.length} target(s) missed; see the tables and "What dominates the cost" below.`
      : 'All targets met.',
    '',
    ...run.tables.flatMap((t) => [renderMarkdown(t), '']),
    '### What dominates the cost',
    '',
    run.costParagraph,
    '',
  ].join('\n');
}

/** Appends the run to RESULTS.md, creating the file with its header if needed. */
export async function appendResults(run: RunRecord): Promise<string> {
  const existing = await readFile(RESULTS_URL, 'utf8').catch(() => undefined);
  if (existing === undefined) await writeFile(RESULTS_URL, `${HEADER}\n`);
  await appendFile(RESULTS_URL, `${renderRun(run)}\n`);
  return RESULTS_URL.pathname;
}
