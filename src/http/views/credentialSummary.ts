/**
 * Reads the human parts of a stored credential (recipient, achievement, issuer, dates)
 * for the pages. Tolerant of shape: a plain VC without an achievement still gets a name,
 * and only strings are taken, so nothing odd in a credential reaches a page unescaped.
 */
type Json = Record<string, unknown>;

/** The fields the certificate pages show. */
export interface CredentialSummary {
  recipientName?: string;
  achievementName: string;
  description?: string;
  criteria?: string;
  issuerName?: string;
  issuerId?: string;
  validFrom?: string;
  validUntil?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function object(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/** Summarises a credential for display. */
export function summarise(credential: Json): CredentialSummary {
  const subject = object(Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0] : credential.credentialSubject);
  const achievement = object(subject.achievement);
  const issuer = typeof credential.issuer === 'string' ? { id: credential.issuer } : object(credential.issuer);
  const summary: CredentialSummary = { achievementName: text(achievement.name) ?? text(credential.name) ?? 'Certificate' };
  const fields: [keyof CredentialSummary, string | undefined][] = [
    ['recipientName', text(subject.name)],
    ['description', text(achievement.description) ?? text(credential.description)],
    ['criteria', text(object(achievement.criteria).narrative)],
    ['issuerName', text(issuer.name)],
    ['issuerId', text(issuer.id)],
    ['validFrom', text(credential.validFrom) ?? text(credential.issuanceDate)],
    ['validUntil', text(credential.validUntil) ?? text(credential.expirationDate)],
  ];
  for (const [key, value] of fields) if (value !== undefined) summary[key] = value;
  return summary;
}
