/**
 * What a verification result means, in words a person can act on: one verdict (is this a
 * certificate to rely on?) and one line per check. Written once here, on the server, and
 * sent with every result, so the /verify page, the certificate pages, the Worker and API
 * clients all say the same thing. A valid signature from an unknown issuer is never a
 * plain "valid": anyone can make a DID and call themselves by any name.
 */
import type { Check, CheckId, EndorsementResult, VerificationResult } from './result.js';

/** The verdict's kind: the page's colour. `caution` is a valid signature from an issuer this site does not know. */
type VerdictKind = 'valid' | 'caution' | 'revoked' | 'suspended' | 'expired' | 'invalid';

/** One line of the checks list. */
interface VerdictLine {
  check: 'signature' | 'issuer' | 'status' | 'dates' | 'schema' | 'format' | 'recipient' | 'endorsement';
  state: 'passed' | 'failed' | 'not_checked';
  label: string;
  words: string;
}

/** The verdict sent with every result. */
export interface Verdict {
  kind: VerdictKind;
  headline: string;
  detail: string;
  lines: VerdictLine[];
}

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * Dates already put in words: Intl's format was ~3% of the event loop's time per
 * verification over HTTP (issue 22), and the same few dates come back again and again.
 * Bounded: cleared when full; only date-length texts are kept.
 */
const inWords = new Map<string, string>();
const MAX_REMEMBERED = 1_000;

/** A credential date in words ("7 December 2026"); the text as given when it is not a date. */
export function dateInWords(value: string): string {
  const known = inWords.get(value);
  if (known !== undefined) return known;
  const time = Date.parse(value);
  const words = Number.isNaN(time) ? value : DATE.format(time);
  if (value.length <= 40) {
    if (inWords.size >= MAX_REMEMBERED) inWords.clear();
    inWords.set(value, words);
  }
  return words;
}

function checkOf(result: VerificationResult, id: CheckId): Check | undefined {
  return result.checks.find((check) => check.id === id);
}

function hasError(result: VerificationResult, code: string): boolean {
  return result.errors.some((error) => error.code === code);
}

/**
 * Who issued it, as this site can vouch ("SayPro", "Acme, an accredited partner until ..."):
 * never the name a credential merely claims. Empty for an unknown issuer.
 */
function vouchedIssuer(result: VerificationResult): string {
  const issuer = result.issuer;
  if (issuer?.standing === 'own') return issuer.displayName ?? issuer.name ?? 'this site';
  if (issuer?.standing === 'trusted' && issuer.trust) {
    const { trust } = issuer;
    if (trust.kind === 'accredited_partner')
      return `${trust.name}, an accredited partner${trust.until ? ` until ${dateInWords(trust.until)}` : ''}`;
    return `${trust.name}, on this site's list of trusted issuers`;
  }
  return '';
}

function issuerLine(result: VerificationResult): VerdictLine {
  const issuer = result.issuer;
  const did = issuer?.id ? ` (${issuer.id})` : '';
  const proof = checkOf(result, 'proof');
  if (!issuer || !proof?.valid) {
    const claim = issuer?.name ? `it says '${issuer.name}'${did}, ` : 'who issued it ';
    return {
      check: 'issuer',
      state: 'not_checked',
      label: 'Issuer',
      words: `${claim}but without a valid signature that cannot be confirmed.`,
    };
  }
  if (issuer.standing === 'unknown') {
    const calls = issuer.name ? ` It calls itself '${issuer.name}', which proves nothing.` : '';
    return {
      check: 'issuer',
      state: 'failed',
      label: 'Issuer',
      words: `not one this site knows${did}.${calls}`,
    };
  }
  const note = issuer.trust?.note ? ` ${issuer.trust.note}` : '';
  return {
    check: 'issuer',
    state: 'passed',
    label: 'Issuer',
    words: `${vouchedIssuer(result)}${did}.${note}`,
  };
}

function lineFor(
  result: VerificationResult,
  id: CheckId,
  check: VerdictLine['check'],
  label: string,
  passed: string,
  notChecked: string,
): VerdictLine {
  const found = checkOf(result, id);
  if (!found) return { check, state: 'not_checked', label, words: notChecked };
  if (found.valid) return { check, state: 'passed', label, words: passed };
  return { check, state: 'failed', label, words: found.error?.message ?? 'Failed.' };
}

function datesWords(result: VerificationResult): string {
  const from = result.credential?.validFrom;
  const until = result.credential?.validUntil;
  const start = from ? `valid from ${dateInWords(from)}` : 'valid';
  return until ? `${start} until ${dateInWords(until)}.` : `${start}, with no expiry date.`;
}

function statusLine(result: VerificationResult): VerdictLine {
  const found = checkOf(result, 'status');
  const label = 'Revocation';
  if (found?.valid)
    return {
      check: 'status',
      state: 'passed',
      label,
      words: "not revoked or suspended (checked just now against the issuer's status list).",
    };
  if (found)
    return {
      check: 'status',
      state: 'failed',
      label,
      words: found.error?.message ?? 'The status could not be confirmed.',
    };
  const proofOk = checkOf(result, 'proof')?.valid;
  return {
    check: 'status',
    state: 'not_checked',
    label,
    words: proofOk
      ? 'not checked: this credential has no status entry, so its issuer has no way to revoke it and this site cannot tell whether it was withdrawn.'
      : 'not checked: a status entry is only trusted once the signature over it is valid.',
  };
}

function schemaLine(result: VerificationResult): VerdictLine {
  const unknown = result.warnings.find((warning) => warning.code === 'schema_unknown');
  if (unknown && checkOf(result, 'schema')?.valid)
    return { check: 'schema', state: 'not_checked', label: 'Format', words: unknown.message };
  return lineFor(result, 'schema', 'schema', 'Format', 'follows the schema it declares.', 'not checked.');
}

/** An endorsement: who endorses it as this site knows them, and whether the endorsement itself holds. */
function endorsementLine(endorsement: EndorsementResult): VerdictLine {
  const { issuer } = endorsement;
  const who =
    issuer.standing === 'own' || issuer.standing === 'trusted'
      ? (issuer.displayName ?? issuer.name ?? 'a known issuer')
      : `an issuer this site does not know${issuer.name ? `, calling itself '${issuer.name}'` : ''}${issuer.id ? ` (${issuer.id})` : ''}`;
  if (!endorsement.verified) {
    const why = endorsement.checks.find((check) => !check.valid)?.error?.message ?? 'it did not verify';
    return {
      check: 'endorsement',
      state: 'failed',
      label: 'Endorsement',
      words: `by ${who}, but it does not hold: ${why}`,
    };
  }
  return {
    check: 'endorsement',
    state: issuer.standing === 'unknown' ? 'not_checked' : 'passed',
    label: 'Endorsement',
    words: `by ${who}, signature valid.`,
  };
}

/** The lines: signature, issuer, revocation, dates, format (and endorsements, and the recipient when asked for). */
function linesOf(result: VerificationResult): VerdictLine[] {
  const structure = checkOf(result, 'structure');
  if (structure && !structure.valid) {
    return [
      {
        check: 'format',
        state: 'failed',
        label: 'Format',
        words: structure.error?.message ?? 'Not a well-formed credential.',
      },
    ];
  }
  const context = checkOf(result, 'context');
  if (context && !context.valid)
    return [
      {
        check: 'format',
        state: 'failed',
        label: 'Format',
        words: context.error?.message ?? 'Unknown vocabulary.',
      },
    ];
  const didFailed = checkOf(result, 'issuer');
  const lines: VerdictLine[] = [
    didFailed && !didFailed.valid
      ? {
          check: 'signature',
          state: 'failed',
          label: 'Signature',
          words: didFailed.error?.message ?? "The issuer's keys could not be found.",
        }
      : lineFor(
          result,
          'proof',
          'signature',
          'Signature',
          'valid, the certificate has not been altered since it was signed.',
          'not checked.',
        ),
    issuerLine(result),
    statusLine(result),
    lineFor(result, 'validity', 'dates', 'Dates', datesWords(result), 'not checked.'),
    schemaLine(result),
  ];
  for (const endorsement of result.endorsements ?? []) lines.push(endorsementLine(endorsement));
  const recipient = checkOf(result, 'recipient');
  if (recipient)
    lines.push(
      lineFor(
        result,
        'recipient',
        'recipient',
        'Recipient',
        'the email address you gave matches the one the certificate was issued to.',
        'not checked.',
      ),
    );
  return lines;
}

/** Phrases a verification result (after its issuer standing is known). */
export function verdictOf(result: VerificationResult): Verdict {
  const lines = linesOf(result);
  if (result.verified) {
    if (result.issuer?.standing === 'own' || result.issuer?.standing === 'trusted') {
      return {
        kind: 'valid',
        headline: 'Valid certificate',
        detail: `Issued by ${vouchedIssuer(result)}.`,
        lines,
      };
    }
    const unknown = result.warnings.find((warning) => warning.code === 'issuer_unknown');
    return {
      kind: 'caution',
      headline: 'Signature valid, issuer not known',
      detail: unknown?.message ?? 'The issuer is not one this site knows.',
      lines,
    };
  }
  // Only the employer's email check failed: the certificate is sound, the person may not be its holder.
  if (
    result.errors.length > 0 &&
    result.errors.every(
      (error) => error.code === 'recipient_mismatch' || error.code === 'recipient_not_stated',
    )
  ) {
    return {
      kind: 'invalid',
      headline: 'Not confirmed for that email address',
      detail: `${result.errors[0]!.message}. The certificate itself passed every other check.`,
      lines,
    };
  }
  if (hasError(result, 'revoked'))
    return {
      kind: 'revoked',
      headline: 'Revoked',
      detail: 'The issuer has revoked this certificate: it is no longer valid.',
      lines,
    };
  if (hasError(result, 'suspended'))
    return {
      kind: 'suspended',
      headline: 'Suspended',
      detail: 'The issuer has suspended this certificate for now: do not rely on it.',
      lines,
    };
  if (hasError(result, 'expired') && result.errors.length === 1) {
    const until = result.credential?.validUntil;
    return {
      kind: 'expired',
      headline: 'Expired',
      detail: `This certificate expired${until ? ` on ${dateInWords(until)}` : ''}: it is no longer valid.`,
      lines,
    };
  }
  return {
    kind: 'invalid',
    headline: 'Not valid',
    detail: result.errors[0]?.message ?? 'The certificate did not pass verification.',
    lines,
  };
}
