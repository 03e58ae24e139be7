/**
 * What the participant's "Add to wallet" page shows for one certificate: a fresh VC-API
 * exchange as a Learner Credential Wallet deep link and a fresh OpenID4VCI offer, each
 * with its QR code. Each visit starts new ones (single-use, 15 minutes); unused expired
 * ones are pruned here.
 */
import { pruneExpired, type ExchangeDeps } from './exchangeDeps.js';
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
 * Starts both hand-offs for a certificate the caller has checked is the participant's.
 * Throws HandOffGoneError for a revoked or suspended one.
 */
export async function startWalletHandOff(deps: ExchangeDeps, owner: { userId: string; credentialId: string }): Promise<WalletHandOff> {
  await assertHandOffPossible(deps, owner.userId, owner.credentialId);
  await pruneExpired(deps);
  const exchange = await startExchange(deps, owner);
  const offer = await startOffer(deps, owner);
  return {
    lcw: { href: exchange.deepLink, qr: await qrDataUri(exchange.deepLink) },
    oid4vci: { href: offer.link, qr: await qrDataUri(offer.link) },
    expiresAt: exchange.expiresAt,
  };
}
