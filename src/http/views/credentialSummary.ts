/**
 * The human parts of a stored credential for the portal and certificate pages: what
 * describeCredential reads, plus the name and DID the issuer gives itself.
 */
import { claimedIssuer, describeCredential } from '../../verification/credentialFacts.js';
import type { CredentialFacts } from '../../verification/result.js';

/** The fields the certificate pages show. */
export interface CredentialSummary extends CredentialFacts {
  issuerName?: string;
  issuerId?: string;
}

/** Summarises a credential for display. */
export function summarise(credential: Record<string, unknown>): CredentialSummary {
  const issuer = claimedIssuer(credential);
  return {
    ...describeCredential(credential),
    ...(issuer.name !== undefined ? { issuerName: issuer.name } : {}),
    ...(issuer.id !== undefined ? { issuerId: issuer.id } : {}),
  };
}
