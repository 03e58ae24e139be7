/**
 * The human certificate number both adapters hand out: `SP-2026-000042` (prefix, year and
 * a per-(prefix, year) counter padded to 6 digits). Shared so the format is defined once.
 */

/** Formats the n-th certificate number of a year. */
export function formatCertificateNumber(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}
