/**
 * The VC-API exchange the Learner Credential Wallet (LCW) uses to receive a credential.
 * A participant's wallet page starts one: a random id in the URL, a random challenge,
 * bound to the certificate and the account, usable once, for 15 minutes. The wallet then
 * either (VC-API) posts `{}`, gets a DIDAuthentication request, and posts
 * `{verifiablePresentation}`; or (the `dccrequest://` deep link) posts the signed DIDAuth
 * presentation itself. Either way it gets back a presentation wrapping a new credential
 * bound to the DID that signed, in the shape it posted, signed by the issuer with the
 * wallet's challenge and domain (issuerPresentation.ts).
 *
 * Replays: the exchange is claimed by the first holder DID whose presentation verifies.
 * A retry by that same DID before expiry (a wallet that lost the response) gets the very
 * same credential back; anyone else, and everyone after expiry, gets 410 Gone.
 */
import { AppError } from '../errors.js';
import { newSecret } from '../accounts/secrets.js';
import type { ExchangeRecord } from '../storage/ports.js';
import { HandOffGoneError, later, OFFER_TTL_MS, type ExchangeDeps } from './exchangeDeps.js';
import { issueWalletCopy } from './walletCopy.js';
import { signedIssuerPresentation } from './issuerPresentation.js';

type Json = Record<string, unknown>;

/** A started exchange: where the wallet posts, and the LCW deep link that says so. */
export interface StartedExchange {
  exchangeId: string;
  challenge: string;
  url: string;
  deepLink: string;
  expiresAt: string;
}

/** The URL of an exchange on this server. */
function exchangeUrl(publicUrl: string, exchangeId: string): string {
  return `${publicUrl}/exchanges/${encodeURIComponent(exchangeId)}`;
}

/** The `domain` presentations for our exchanges are bound to: our public host. */
export function exchangeDomain(publicUrl: string): string {
  return new URL(publicUrl).host;
}

/** Starts an exchange for a participant's certificate (ownership already checked). */
export async function startExchange(
  deps: ExchangeDeps,
  owner: { userId: string; credentialId: string },
): Promise<StartedExchange> {
  const now = deps.now();
  const record: ExchangeRecord = {
    id: newSecret(),
    kind: 'vcapi_exchange',
    userId: owner.userId,
    credentialId: owner.credentialId,
    challenge: newSecret(),
    createdAt: now.toISOString(),
    expiresAt: later(now, OFFER_TTL_MS),
  };
  await deps.exchanges.create(record);
  const url = exchangeUrl(deps.publicUrl, record.id);
  const query = new URLSearchParams({
    issuer: deps.issuerDid,
    auth_type: 'bearer',
    challenge: record.challenge!,
    vc_request_url: url,
  });
  return {
    exchangeId: record.id,
    challenge: record.challenge!,
    url,
    deepLink: `dccrequest://request?${query.toString()}`,
    expiresAt: record.expiresAt,
  };
}

function holderOf(presentation: Json): string | undefined {
  const holder = presentation.holder;
  const id =
    typeof holder === 'string'
      ? holder
      : holder && typeof holder === 'object'
        ? (holder as Json).id
        : undefined;
  return typeof id === 'string' ? id : undefined;
}

function proofsOf(presentation: Json): Json[] {
  return ([] as unknown[])
    .concat(presentation.proof ?? [])
    .filter((p): p is Json => !!p && typeof p === 'object');
}

/** The domain the wallet's verified proof named (our host), if it named one. */
function walletDomain(presentation: Json): string | undefined {
  const domain = proofsOf(presentation).find((p) => typeof p.domain === 'string')?.domain;
  return typeof domain === 'string' ? domain : undefined;
}

function refuse(code: string, message: string): never {
  throw new AppError('verification_failed', message, { verified: false, errors: [{ code, message }] });
}

/**
 * Verifies the wallet's DIDAuth presentation: our challenge; our domain when the proof
 * names one (LCW's deep-link flow signs without a domain, and our single-use challenge
 * already ties the proof to this exchange); signed by a key of its holder, a did:key or
 * did:web. Returns the holder DID.
 */
async function verifiedHolder(
  deps: ExchangeDeps,
  presentation: Json,
  exchange: ExchangeRecord,
): Promise<string> {
  const holder = holderOf(presentation);
  if (!holder || !/^did:(key|web):[^#?/\s]+$/.test(holder)) {
    throw new AppError(
      'invalid_request',
      'The presentation needs a "holder": the did:key or did:web of the wallet that signs it',
    );
  }
  const proofs = proofsOf(presentation);
  if (proofs.length === 0)
    refuse(
      'no_proof',
      'The presentation is not signed: sign it with the holder key, with the challenge of this exchange',
    );
  if (
    !proofs.every(
      (p) => typeof p.verificationMethod === 'string' && p.verificationMethod.startsWith(`${holder}#`),
    )
  ) {
    refuse('holder_mismatch', 'The presentation was not signed by a key of its holder');
  }
  const domain = proofs.some((p) => p.domain !== undefined) ? exchangeDomain(deps.publicUrl) : undefined;
  const result = await deps.verifier.presentation(presentation, {
    challenge: exchange.challenge!,
    ...(domain ? { domain } : {}),
  });
  if (!result.verified) {
    throw new AppError(
      'verification_failed',
      result.errors[0]?.message ?? 'The presentation did not verify',
      { ...result },
    );
  }
  return holder;
}

/** Claims the exchange for `holder`, or recognises that holder's retry; else it is gone. */
async function claimFor(
  deps: ExchangeDeps,
  exchange: ExchangeRecord,
  holder: string,
): Promise<ExchangeRecord> {
  const now = deps.now().toISOString();
  const claimed = await deps.exchanges.claim(exchange.id, exchange.kind, { now, holderDid: holder });
  if (claimed) return claimed;
  const current = await deps.exchanges.get(exchange.id, exchange.kind);
  if (current?.usedAt && current.holderDid === holder && current.expiresAt > now) return current;
  throw new HandOffGoneError(
    'This exchange was already used by another wallet or has expired; open the wallet page again for a new one',
  );
}

/** The step's input: `{}`, `{verifiablePresentation}` (VC-API) or a bare presentation (LCW deep link). */
function classify(body: Json): { presentation?: Json; wrapped: boolean } {
  if ('verifiablePresentation' in body) {
    const vp = body.verifiablePresentation;
    if (!vp || typeof vp !== 'object' || Array.isArray(vp))
      throw new AppError('invalid_request', '"verifiablePresentation" must be a JSON object');
    return { presentation: vp as Json, wrapped: true };
  }
  if (([] as unknown[]).concat(body.type ?? []).includes('VerifiablePresentation'))
    return { presentation: body, wrapped: false };
  if (Object.keys(body).length === 0) return { wrapped: true };
  throw new AppError(
    'invalid_request',
    'Send {} to start the exchange, then {"verifiablePresentation": ...} signed with its challenge',
  );
}

/**
 * One step of an exchange. `bearer` is the Authorization bearer token if the wallet sent
 * one (auth_type=bearer): it must then be the challenge.
 */
export async function exchangeStep(
  deps: ExchangeDeps,
  exchangeId: string,
  body: Json,
  bearer?: string,
): Promise<Json> {
  const exchange = await deps.exchanges.get(exchangeId, 'vcapi_exchange');
  if (!exchange) throw new AppError('not_found', 'There is no such exchange');
  const now = deps.now().toISOString();
  if (exchange.expiresAt <= now)
    throw new HandOffGoneError('This exchange has expired; open the wallet page again for a new one');
  if (bearer !== undefined && bearer !== exchange.challenge)
    throw new AppError('unauthorized', 'The bearer token is not the challenge of this exchange');
  const { presentation, wrapped } = classify(body);
  if (!presentation) {
    if (exchange.usedAt) throw new HandOffGoneError('This exchange was already completed');
    return {
      verifiablePresentationRequest: {
        query: [{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }] }],
        challenge: exchange.challenge,
        domain: exchangeDomain(deps.publicUrl),
        interact: {
          service: [
            {
              type: 'UnmediatedPresentationService2021',
              serviceEndpoint: exchangeUrl(deps.publicUrl, exchange.id),
            },
          ],
        },
      },
    };
  }
  const claimedBy = holderOf(presentation);
  if (exchange.usedAt && exchange.holderDid !== claimedBy)
    throw new HandOffGoneError('This exchange was already used by another wallet');
  const holder = await verifiedHolder(deps, presentation, exchange);
  const claimed = await claimFor(deps, exchange, holder);
  const credential = await issueWalletCopy(
    deps,
    {
      id: claimed.id,
      kind: claimed.kind,
      userId: claimed.userId!,
      credentialId: claimed.credentialId!,
      holderDid: holder,
    },
    'exchange',
  );
  // Signed with the wallet's own challenge and domain, and dated at the claim, so a retry by
  // the same wallet gets the very same presentation back.
  const domain = walletDomain(presentation);
  const vp = await signedIssuerPresentation(deps.issue, [credential], {
    challenge: exchange.challenge!,
    ...(domain !== undefined ? { domain } : {}),
    created: new Date(claimed.usedAt!),
  });
  return wrapped ? { verifiablePresentation: vp } : vp;
}
