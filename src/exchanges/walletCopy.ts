/**
 * The credential a wallet receives: a new credential bound to the wallet's DID
 * (credentialSubject.id), carrying the achievement, names and display fields of the
 * participant's stored certificate, issued through the ordinary issuance path so it gets
 * its own number and status entry and is recorded against the participant's account.
 */
import { issueCredential } from '../credentials/issueCredential.js';
import type { CredentialRecord, ExchangeKind } from '../storage/ports.js';
import { HandOffGoneError, type ExchangeDeps } from './exchangeDeps.js';

type Json = Record<string, unknown>;

/** Fields the issuer sets afresh on every credential, so never copied. */
const ISSUER_OWNED = [
  'id',
  'issuer',
  'validFrom',
  'issuanceDate',
  'proof',
  'credentialStatus',
  'credentialSchema',
];

/**
 * The issue request for a wallet copy of `original`. The subject keeps everything but
 * its id (now the wallet's DID) and its identifiers (they carry the original's
 * certificate number; the copy is given its own).
 */
export function walletCopyRequest(original: Json, holderDid: string): Json {
  const request: Json = {};
  for (const [key, value] of Object.entries(original)) {
    if (!ISSUER_OWNED.includes(key)) request[key] = structuredClone(value);
  }
  const subjects = ([] as unknown[]).concat(original.credentialSubject ?? []);
  const subject = (subjects[0] && typeof subjects[0] === 'object' ? subjects[0] : {}) as Json;
  const { id: _id, identifier: _identifier, ...rest } = structuredClone(subject);
  request.credentialSubject = { ...rest, id: holderDid };
  return request;
}

/** The stored certificate a hand-off was started for, while it may still be handed out. */
async function handOffSource(
  deps: ExchangeDeps,
  userId: string,
  credentialId: string,
): Promise<CredentialRecord & { credential: Json }> {
  const original = await deps.credentials.get(credentialId);
  if (
    original?.state !== 'issued' ||
    original.redactedAt ||
    !original.credential ||
    original.holderUserId !== userId
  ) {
    throw new HandOffGoneError('The certificate is no longer in the account it was offered from');
  }
  if (original.revoked || original.suspended) {
    throw new HandOffGoneError(
      `The certificate is ${original.revoked ? 'revoked' : 'suspended'}, so it cannot be added to a wallet`,
    );
  }
  return original as CredentialRecord & { credential: Json };
}

/** What a claimed exchange, code or token says about the copy to issue. */
export interface CopyOrder {
  /** The claimed record (its id and kind make the idempotency key). */
  id: string;
  kind: ExchangeKind;
  userId: string;
  credentialId: string;
  holderDid: string;
}

/**
 * The idempotency-key prefix of each kind of wallet hand-off: a wallet copy's key is
 * `<prefix>:<claimed record id>`. Reports that count certificates leave these out (a copy
 * is the same certificate re-signed for a wallet, not a new one).
 */
export const WALLET_COPY_KEY_PREFIXES = ['exchange', 'oid4vci'] as const;
export type WalletCopyKeyPrefix = (typeof WALLET_COPY_KEY_PREFIXES)[number];

/**
 * Issues (or, on a retry, returns) the wallet copy for a claimed hand-off. The
 * idempotency key is the claimed record's, so however often a wallet retries, one
 * hand-off yields one credential.
 */
export async function issueWalletCopy(
  deps: ExchangeDeps,
  order: CopyOrder,
  keyPrefix: WalletCopyKeyPrefix,
): Promise<Json> {
  const original = await handOffSource(deps, order.userId, order.credentialId);
  const { record } = await issueCredential(
    deps.issue,
    walletCopyRequest(original.credential, order.holderDid),
    {
      idempotencyKey: `${keyPrefix}:${order.id}`,
      holderUserId: order.userId,
      isPublic: false,
    },
  );
  if (!record.credential) throw new Error(`wallet copy ${record.id} was not signed`);
  await deps.exchanges.setIssued(order.id, order.kind, record.id);
  return record.credential;
}

/** Checks a hand-off source up front (the wallet page), with the same rules as issuing. */
export async function assertHandOffPossible(
  deps: ExchangeDeps,
  userId: string,
  credentialId: string,
): Promise<void> {
  await handOffSource(deps, userId, credentialId);
}
