/**
 * What the participant's "Add to wallet" page shows for one certificate: a fresh VC-API
 * exchange as a Learner Credential Wallet deep link and a fresh OpenID4VCI offer, each
 * with its QR code. Each visit starts new ones (single-use, 15 minutes); unused expired
 * ones are pruned here. A wallet copy is always made from the original certificate, never
 * from another copy, so every copy is one status change away from its original; and the
 * portal lists copies under their original (groupWalletCopies).
 */
import type { CredentialRecord, ExchangeKind } from '../storage/ports.js';
import { MAX_LINEAGE_DEPTH } from '../status/statusLists.js';
import { HandOffGoneError, pruneExpired, type ExchangeDeps } from './exchangeDeps.js';
import { startExchange } from './vcApiExchange.js';
import { startOffer } from './oid4vci.js';
import { qrDataUri } from './qrImage.js';
import { assertHandOffPossible } from './walletCopy.js';

/** A wallet link and its QR image. */
export interface WalletLink {
  href: string;
  qr: string;
}

/** The two ways to add one certificate to a wallet. */
export interface WalletHandOff {
  lcw: WalletLink;
  oid4vci: WalletLink;
  expiresAt: string;
}

/**
 * The original a credential's wallet copies come from: the credential itself, or for a
 * wallet copy the root of its lineage (copies of copies were made before hand-offs used
 * the original). Throws HandOffGoneError on a lineage that loops or runs too deep.
 */
export async function walletOriginalOf(deps: ExchangeDeps, credentialId: string): Promise<string> {
  const seen = new Set([credentialId]);
  let current = credentialId;
  for (let step = 0; ; step++) {
    const parent = (await deps.exchanges.getByIssued(current))?.credentialId;
    if (parent === undefined) return current;
    if (seen.has(parent) || step >= MAX_LINEAGE_DEPTH)
      throw new HandOffGoneError('The original of this wallet copy cannot be found');
    seen.add(parent);
    current = parent;
  }
}

/**
 * Starts both hand-offs for a certificate the caller has checked is the participant's,
 * from its original when it is itself a wallet copy. Throws HandOffGoneError for a
 * revoked or suspended original.
 */
export async function startWalletHandOff(
  deps: ExchangeDeps,
  owner: { userId: string; credentialId: string },
): Promise<WalletHandOff> {
  const source = { userId: owner.userId, credentialId: await walletOriginalOf(deps, owner.credentialId) };
  await assertHandOffPossible(deps, source.userId, source.credentialId);
  await pruneExpired(deps);
  const exchange = await startExchange(deps, source);
  const offer = await startOffer(deps, source);
  return {
    lcw: { href: exchange.deepLink, qr: await qrDataUri(exchange.deepLink) },
    oid4vci: { href: offer.link, qr: await qrDataUri(offer.link) },
    expiresAt: exchange.expiresAt,
  };
}

/** The wallet a copy went to, named after the hand-off that made it. */
const WALLET_NAMES: Partial<Record<ExchangeKind, string>> = {
  vcapi_exchange: 'Learner Credential Wallet',
  oid4vci_token: 'OpenID4VCI wallet',
  oid4vci_offer: 'OpenID4VCI wallet',
};

/** A wallet copy as the portal lists it. */
export interface WalletCopyEntry<R extends CredentialRecord> {
  record: R;
  /** The wallet it was handed to (the kind of hand-off). */
  wallet: string;
  /** When the wallet took it. */
  addedAt: string;
}

/** A certificate with the wallet copies made from it (and from its older copies). */
export interface CertificateWithCopies<R extends CredentialRecord> {
  original: R;
  copies: WalletCopyEntry<R>[];
}

/**
 * Groups a holder's certificates (in the order given) with their wallet copies under their
 * original, copies oldest first. A copy whose original is not among `records` (no longer
 * in the account) is listed on its own, as a certificate.
 */
export async function groupWalletCopies<R extends CredentialRecord>(
  deps: ExchangeDeps,
  records: R[],
): Promise<CertificateWithCopies<R>[]> {
  const ids = new Set(records.map((r) => r.id));
  const copiesOf = new Map<string, WalletCopyEntry<R>[]>();
  // Oldest first (listings are newest first), so copies made at the same instant keep their order.
  for (const record of [...records].reverse()) {
    const made = await deps.exchanges.getByIssued(record.id);
    if (!made) continue;
    let originalId: string;
    try {
      originalId = await walletOriginalOf(deps, record.id);
    } catch (error) {
      if (error instanceof HandOffGoneError) continue;
      throw error;
    }
    if (!ids.has(originalId)) continue;
    const entry = {
      record,
      wallet: WALLET_NAMES[made.kind] ?? 'Wallet',
      addedAt: made.usedAt ?? record.createdAt,
    };
    copiesOf.set(originalId, [...(copiesOf.get(originalId) ?? []), entry]);
  }
  const grouped = new Set([...copiesOf.values()].flat().map((c) => c.record.id));
  return records
    .filter((r) => !grouped.has(r.id))
    .map((original) => ({
      original,
      copies: (copiesOf.get(original.id) ?? []).sort((a, b) => a.addedAt.localeCompare(b.addedAt)),
    }));
}
