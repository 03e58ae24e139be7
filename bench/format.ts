/**
 * Plain-text and Markdown tables for the benchmark report. The same rows feed the
 * console and bench/RESULTS.md, so what is printed is exactly what is recorded.
 */

/** A table: a title, column headers and rows of already formatted cells. */
export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  notes?: string[];
}

/** Formats a rate (per second) with sensible precision. */
export function fmtRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return 'n/a';
  if (perSecond >= 1000) return Math.round(perSecond).toLocaleString('en-US');
  return perSecond.toFixed(1);
}

/** Formats milliseconds. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 0.1) return ms.toFixed(4);
  if (ms < 10) return ms.toFixed(2);
  return ms.toFixed(1);
}

/** Formats a ratio as `1.23x`. */
export function fmtRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a';
}

/** Formats the spread of per-round ratios with their median, e.g. `1.08-1.37 (1.12)`. */
export function fmtSpread(ratios: number[]): string {
  const finite = ratios.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return '';
  const median = finite[Math.ceil(finite.length / 2) - 1]!;
  return `${finite[0]!.toFixed(2)}-${finite.at(-1)!.toFixed(2)} (${median.toFixed(2)})`;
}

/** A target verdict: `met` or `MISSED`, upper-case so a miss stands out. */
export function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

/** Renders a table as aligned plain text (numbers right-aligned). */
export function renderText(table: Table): string {
  const all = [table.headers, ...table.rows];
  const widths = table.headers.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const numeric = (s: string) => /^[\d,.<>=~x%-]+\s*(x|ms|s)?$/.test(s.trim()) && s.trim() !== '';
  const line = (r: string[]) =>
    r
      .map((cell, c) => (numeric(cell) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const notes = (table.notes ?? []).map((n) => `  * ${n}`);
  return [`\n${table.title}`, line(table.headers), rule, ...table.rows.map(line), ...notes].join('\n');
}

/** Renders a table as GitHub Markdown. */
export function renderMarkdown(table: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const head = `| ${table.headers.map(esc).join(' | ')} |`;
  const sep = `|${table.headers.map(() => '---').join('|')}|`;
  const body = table.rows.map((r) => `| ${r.map(esc).join(' | ')} |`);
  const notes = (table.notes ?? []).map((n) => `- ${n}`);
  return [`#### ${table.title}`, '', head, sep, ...body, ...(notes.length ? ['', ...notes] : [])].join('\n');
}
