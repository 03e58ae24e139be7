/**
 * CSV for spreadsheets (RFC 4180: CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled), with formula injection neutralised: a cell that starts
 * with = + - @ tab or CR would run as a formula in Excel or Sheets, so it gets a leading
 * apostrophe. Numbers are written as numbers (a negative number is data, not a formula).
 */

/** One cell's text. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV document: a header row and data rows. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
