/**
 * The credential's dates: each must be an RFC 3339 date-time with a time zone (an XML
 * Schema dateTimeStamp), as the VC Data Model requires and digitalbazaar/vc checks while
 * signing. The issuer fills the start date when the caller leaves it out.
 */
import { invalid, type Json } from './credentialValues.js';

const DATE_TIME_STAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

const DATE_FIELDS = ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate'] as const;

/** Start and end of validity, VC 2.0's pair then VC 1.1's: an end may not precede its start. */
const DATE_RANGES = [
  ['validFrom', 'validUntil'],
  ['issuanceDate', 'expirationDate'],
] as const;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Now as a dateTimeStamp to the second, without milliseconds. */
function nowSeconds(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/**
 * Whether a value is an XML Schema dateTimeStamp as RFC 3339 writes it: a date, a time and a
 * time zone, each field in range (no 24:00:00, no leap seconds, offsets within ±14:00).
 * Date.parse is no test: it accepts "Sat 25 Feb 2023 07:16:31 PM CST" and rolls 02-30 over.
 */
export function isDateTimeStamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_TIME_STAMP.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (match[7] !== undefined) {
    const offsetHours = Number(match[7]);
    const offsetMinutes = Number(match[8]);
    if (offsetMinutes > 59 || offsetHours > 14 || (offsetHours === 14 && offsetMinutes > 0)) return false;
  }
  return true;
}

/**
 * Checks the credential's dates and fills its start date (validFrom on VC 2.0, issuanceDate
 * on VC 1.1) with `now` when absent, and refuses an end already past unless told this is a
 * replacement keeping its original's end. Dates are checked in form before anything compares
 * them, as Date.parse is lenient.
 */
export function prepareDates(credential: Json, version: 1 | 2, now: Date, endMayBePast = false): void {
  if (version === 2 && ('issuanceDate' in credential || 'expirationDate' in credential)) {
    throw invalid('VC 2.0 credentials use validFrom/validUntil, not issuanceDate/expirationDate');
  }
  // VC 1.1 does not define them, and they would escape the issuanceDate/expirationDate order check.
  if (version === 1 && ('validFrom' in credential || 'validUntil' in credential)) {
    throw invalid('VC 1.1 credentials use issuanceDate/expirationDate, not validFrom/validUntil');
  }
  for (const field of DATE_FIELDS) {
    const value = credential[field];
    if (value !== undefined && !isDateTimeStamp(value)) {
      throw invalid(
        `"${field}" must be an RFC 3339 date-time with a time zone, such as 2026-01-31T00:00:00Z`,
      );
    }
  }
  if (version === 2) {
    if (credential.validFrom === undefined) credential.validFrom = nowSeconds(now);
  } else if (credential.issuanceDate === undefined) {
    credential.issuanceDate = nowSeconds(now);
  }
  for (const [start, end] of DATE_RANGES) {
    const from = credential[start];
    const until = credential[end];
    if (typeof from === 'string' && typeof until === 'string' && Date.parse(until) < Date.parse(from)) {
      throw invalid(`"${end}" is before "${start}"`);
    }
    // A credential that ends before it is signed would verify as expired from its first
    // moment: refuse it rather than issue something nobody can use.
    if (!endMayBePast && typeof until === 'string' && Date.parse(until) < now.getTime()) {
      throw invalid(`"${end}" is in the past: the credential would be expired when issued`);
    }
  }
}
