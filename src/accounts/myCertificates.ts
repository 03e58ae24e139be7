/**
 * What a participant's "My certificates" page shows for each certificate: its state in
 * one word (valid, suspended, revoked, replaced, expired), the replacement of a replaced
 * one, its verification link, and the LinkedIn link of a valid one, beside the wallet
 * copies grouped under it. What a person may do follows from the state: only a valid
 * certificate is offered to wallets, LinkedIn or a public page.
 */
import type { AccountDeps } from './accountDeps.js';
import { listHeldCredentials, type HeldCredential } from './heldCredentials.js';
import { markOf, type CertificateMark } from '../rendering/certificateMark.js';
import { claimedIssuer, describeCredential } from '../verification/credentialFacts.js';
import { linkedInAddToProfileUrl } from '../sharing/linkedIn.js';
import { groupWalletCopies, type CertificateWithCopies } from '../exchanges/walletHandOff.js';
import type { ExchangeDeps } from '../exchanges/exchangeDeps.js';
import type { NameCorrectionRecord } from '../storage/correctionPorts.js';
import { badgeFacts, type BadgeFacts } from '../badges/badgeFacts.js';

/** A certificate as its holder sees it. */
export interface MyCertificate extends CertificateWithCopies<HeldCredential> {
  state: CertificateMark | 'valid';
  /** The certificate that replaced this one (a corrected name), when it is in the account. */
  replacement?: { id: string; certificateNumber: string };
  /** The verification link (QR target): works whatever the public flag. */
  verificationUrl: string;
  /** "Add to profile" on LinkedIn, for a valid certificate. */
  linkedInUrl?: string;
  /** The newest name correction request about it, if any. */
  correction?: NameCorrectionRecord;
  /** Its badge picture, skills, results and evidence (none on certificates from before issue 20). */
  badge: BadgeFacts;
}

/** The holder's certificates, newest first, as the page shows them. */
export async function myCertificates(
  deps: AccountDeps,
  exchanges: ExchangeDeps,
  userId: string,
): Promise<MyCertificate[]> {
  const held = await listHeldCredentials(deps, userId);
  const groups = await groupWalletCopies(exchanges, held);
  const now = deps.now();
  const corrections = new Map<string, NameCorrectionRecord>();
  // Newest first, so the first seen per certificate is its newest.
  for (const request of await deps.stores.corrections.listForUser(userId))
    if (!corrections.has(request.credentialId)) corrections.set(request.credentialId, request);
  const result: MyCertificate[] = [];
  for (const group of groups) {
    const record = group.original;
    const state = markOf(record, now) ?? 'valid';
    const verificationUrl = `${deps.settings.publicUrl}/v/${record.verificationToken}`;
    const correction = corrections.get(record.id);
    const entry: MyCertificate = {
      ...group,
      state,
      verificationUrl,
      badge: badgeFacts(record.credential, deps.settings.publicUrl),
      ...(correction ? { correction } : {}),
    };
    if (state === 'replaced') {
      const newer = await deps.stores.credentials.findReplacement(record.id);
      if (newer && newer.holderUserId === userId)
        entry.replacement = { id: newer.id, certificateNumber: newer.certificateNumber };
    }
    if (state === 'valid') {
      const facts = describeCredential(record.credential);
      entry.linkedInUrl = linkedInAddToProfileUrl({
        name: facts.achievementName,
        organisationName: claimedIssuer(record.credential).name ?? deps.settings.organisationName,
        issuedAt: facts.validFrom ?? record.createdAt,
        ...(facts.validUntil ? { expiresAt: facts.validUntil } : {}),
        certificateUrl: record.isPublic
          ? `${deps.settings.publicUrl}/c/${encodeURIComponent(record.id)}`
          : verificationUrl,
        certificateNumber: record.certificateNumber,
      });
    }
    result.push(entry);
  }
  return result;
}
