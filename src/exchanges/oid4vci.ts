/**
 * OpenID4VCI 1.0 pre-authorized code flow. The wallet page makes an offer carrying a
 * single-use code (15 minutes, no transaction code: the participant is signed in when it
 * is shown). POST /token trades the code for an access token (10 minutes) and a c_nonce;
 * POST /credential, with that token and a key proof JWT over a nonce we handed out (the
 * token's c_nonce, or one from the nonce endpoint), issues a new credential bound to the
 * proving did:key, as a Data Integrity VC (ldp_vc), a VC-JWT (jwt_vc_json) or a VC 1.1
 * Ed25519Signature2020 VC (ldp_vc), whichever configuration the wallet names. The first
 * proof's DID claims the token: a retry by the same DID, in any of them, returns the same
 * credential, another DID is refused.
 */
import { VC_V1_CONTEXT } from '../credentials/prepareCredential.js';
import { signingProblem } from '../credentials/signingErrors.js';
import { hashSecret, newSecret } from '../accounts/secrets.js';
import type { ExchangeRecord } from '../storage/ports.js';
import {
  HandOffGoneError,
  later,
  NONCE_TTL_MS,
  OFFER_TTL_MS,
  pruneExpired,
  TOKEN_TTL_MS,
  type ExchangeDeps,
} from './exchangeDeps.js';
import {
  CONFIGURATION_FORMATS,
  credentialOffer,
  OB_CONFIGURATION_ID,
  OB_JWT_CONFIGURATION_ID,
  OB_JWT_ES256_CONFIGURATION_ID,
  OB_VC11_CONFIGURATION_ID,
  offeredConfigurations,
  PRE_AUTHORIZED_GRANT,
  type ConfigurationId,
} from './oid4vciMetadata.js';
import { ProofError, verifyProofJwt } from './proofJwt.js';
import { signAsVc11 } from './vc11Copy.js';
import { encodeVcJwt } from './vcJwt.js';
import { issueWalletCopy } from './walletCopy.js';

type Json = Record<string, unknown>;

/** An OAuth / OpenID4VCI error: `{error, error_description}` with its status. */
export class Oid4vciError extends Error {
  constructor(
    readonly error: string,
    readonly status: 400 | 401,
    readonly description: string,
    readonly extra: Json = {},
  ) {
    super(description);
    this.name = 'Oid4vciError';
  }
}

/** A started offer: its deep link (the code travels inside it) and expiry. */
export interface StartedOffer {
  code: string;
  link: string;
  offer: Json;
  expiresAt: string;
}

/** Makes an offer for a participant's certificate (ownership already checked). */
export async function startOffer(
  deps: ExchangeDeps,
  owner: { userId: string; credentialId: string },
): Promise<StartedOffer> {
  const now = deps.now();
  const code = newSecret();
  const expiresAt = later(now, OFFER_TTL_MS);
  await deps.exchanges.create({
    id: hashSecret(code),
    kind: 'oid4vci_offer',
    ...owner,
    createdAt: now.toISOString(),
    expiresAt,
  });
  return { code, ...credentialOffer(deps, code), expiresAt };
}

/** POST /token: the pre-authorized code grant. Returns the token response body. */
export async function redeemPreAuthorizedCode(
  deps: ExchangeDeps,
  form: Record<string, string>,
): Promise<Json> {
  if (!form.grant_type) throw new Oid4vciError('invalid_request', 400, 'grant_type is required');
  if (form.grant_type !== PRE_AUTHORIZED_GRANT)
    throw new Oid4vciError('unsupported_grant_type', 400, `Only ${PRE_AUTHORIZED_GRANT} is supported`);
  const code = form['pre-authorized_code'];
  if (!code) throw new Oid4vciError('invalid_request', 400, 'pre-authorized_code is required');
  const now = deps.now();
  const offer =
    code.length <= 200
      ? await deps.exchanges.claim(hashSecret(code), 'oid4vci_offer', { now: now.toISOString() })
      : undefined;
  if (!offer)
    throw new Oid4vciError(
      'invalid_grant',
      400,
      'The pre-authorized code is unknown, already used or expired',
    );
  const accessToken = newSecret();
  const cNonce = newSecret();
  await deps.exchanges.create({
    id: hashSecret(accessToken),
    kind: 'oid4vci_token',
    userId: offer.userId!,
    credentialId: offer.credentialId!,
    challenge: cNonce,
    parentId: offer.id,
    createdAt: now.toISOString(),
    expiresAt: later(now, TOKEN_TTL_MS),
  });
  const expiresIn = TOKEN_TTL_MS / 1000;
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: expiresIn,
    c_nonce: cNonce,
    c_nonce_expires_in: expiresIn,
  };
}

/** POST /nonce: a fresh single-use nonce for a key proof. */
export async function issueNonce(deps: ExchangeDeps): Promise<Json> {
  await pruneExpired(deps);
  const now = deps.now();
  const nonce = newSecret();
  await deps.exchanges.create({
    id: nonce,
    kind: 'oid4vci_nonce',
    createdAt: now.toISOString(),
    expiresAt: later(now, NONCE_TTL_MS),
  });
  return { c_nonce: nonce };
}

/** The live access token in an Authorization header, else 401 invalid_token. */
export async function accessTokenRecord(
  deps: ExchangeDeps,
  authorization: string | undefined,
): Promise<ExchangeRecord> {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '');
  if (!match)
    throw new Oid4vciError(
      'invalid_token',
      401,
      'Send the access token from the token endpoint as "Authorization: Bearer <token>"',
    );
  const token = await deps.exchanges.get(hashSecret(match[1]!), 'oid4vci_token');
  if (!token || token.expiresAt <= deps.now().toISOString())
    throw new Oid4vciError('invalid_token', 401, 'The access token is unknown or expired');
  return token;
}

/** The configuration a request names; `legacyShape` when it used the pre-1.0 `format` shape. */
function requestedConfiguration(
  deps: ExchangeDeps,
  body: Json,
): { configuration: ConfigurationId; legacyShape: boolean } {
  const CONFIGURATION_IDS = offeredConfigurations(deps);
  if (body.credential_configuration_id !== undefined) {
    const configuration = CONFIGURATION_IDS.find((id) => id === body.credential_configuration_id);
    if (!configuration)
      throw new Oid4vciError(
        'unknown_credential_configuration',
        400,
        `The credential configurations are ${CONFIGURATION_IDS.join(', ')}`,
      );
    return { configuration, legacyShape: false };
  }
  if (body.credential_identifier !== undefined)
    throw new Oid4vciError(
      'unknown_credential_identifier',
      400,
      'This issuer hands out no credential identifiers',
    );
  if (body.format !== undefined) {
    const found = CONFIGURATION_IDS.find((id) => CONFIGURATION_FORMATS[id] === body.format);
    if (!found)
      throw new Oid4vciError(
        'unsupported_credential_format',
        400,
        `The formats are ${[...new Set(Object.values(CONFIGURATION_FORMATS))].join(', ')}`,
      );
    const definition = body.credential_definition as Json | undefined;
    const types = ([] as unknown[]).concat(definition?.type ?? []);
    if (definition !== undefined && !types.includes('OpenBadgeCredential')) {
      throw new Oid4vciError(
        'unsupported_credential_type',
        400,
        'The only credential type is OpenBadgeCredential',
      );
    }
    // Pre-1.0 ldp_vc requests name the data model they take by the first @context.
    const vc11 =
      found === OB_CONFIGURATION_ID &&
      ([] as unknown[]).concat(definition?.['@context'] ?? [])[0] === VC_V1_CONTEXT;
    return { configuration: vc11 ? OB_VC11_CONFIGURATION_ID : found, legacyShape: true };
  }
  throw new Oid4vciError(
    'invalid_credential_request',
    400,
    `Name the credential: "credential_configuration_id": "${OB_CONFIGURATION_ID}"`,
  );
}

/** The one proof JWT of a request (`proof` before 1.0, `proofs.jwt` in 1.0). */
function proofJwtOf(body: Json): string {
  const proof = body.proof as Json | undefined;
  const proofs = body.proofs as Json | undefined;
  if (proof !== undefined && proofs !== undefined)
    throw new Oid4vciError('invalid_credential_request', 400, 'Send either "proof" or "proofs", not both');
  if (proof && typeof proof === 'object') {
    if (proof.proof_type !== 'jwt' || typeof proof.jwt !== 'string')
      throw new Oid4vciError('invalid_proof', 400, 'The proof must be {"proof_type": "jwt", "jwt": "..."}');
    return proof.jwt;
  }
  if (proofs && typeof proofs === 'object') {
    const jwts = proofs.jwt;
    if (
      !Array.isArray(jwts) ||
      jwts.length !== 1 ||
      typeof jwts[0] !== 'string' ||
      Object.keys(proofs).length !== 1
    ) {
      throw new Oid4vciError('invalid_proof', 400, 'Send exactly one key proof: "proofs": {"jwt": ["..."]}');
    }
    return jwts[0];
  }
  throw new Oid4vciError(
    'invalid_proof',
    400,
    'A key proof is required: a JWT signed by the did:key the credential is for',
  );
}

/** Checks the proof's nonce: the token's c_nonce, or an unused one from the nonce endpoint. */
async function checkNonce(
  deps: ExchangeDeps,
  token: ExchangeRecord,
  nonce: string | undefined,
): Promise<void> {
  if (nonce !== undefined && nonce === token.challenge) return;
  const fresh =
    nonce !== undefined &&
    nonce.length <= 200 &&
    (await deps.exchanges.claim(nonce, 'oid4vci_nonce', { now: deps.now().toISOString() }));
  if (fresh) return;
  throw new Oid4vciError(
    'invalid_nonce',
    400,
    'The proof must carry a nonce from this issuer: the c_nonce of the token response or one from the nonce endpoint',
    {
      c_nonce: token.challenge,
      c_nonce_expires_in: Math.max(
        0,
        Math.floor((Date.parse(token.expiresAt) - deps.now().getTime()) / 1000),
      ),
    },
  );
}

/** Claims the token for `holderDid`, or recognises that holder's retry; else refuses. */
async function claimToken(
  deps: ExchangeDeps,
  token: ExchangeRecord,
  holderDid: string,
): Promise<ExchangeRecord> {
  const now = deps.now().toISOString();
  const claimed = await deps.exchanges.claim(token.id, token.kind, { now, holderDid });
  if (claimed) return claimed;
  const current = await deps.exchanges.get(token.id, token.kind);
  if (current?.usedAt && current.holderDid === holderDid && current.expiresAt > now) return current;
  throw new Oid4vciError(
    'credential_request_denied',
    400,
    'This access token was already used to issue the credential to another key',
  );
}

/** The stored wallet copy in the form a configuration names. */
async function inConfiguration(
  deps: ExchangeDeps,
  configuration: ConfigurationId,
  signed: Json,
): Promise<Json | string> {
  switch (configuration) {
    case OB_CONFIGURATION_ID:
      return signed;
    case OB_JWT_CONFIGURATION_ID:
      return encodeVcJwt(signed, deps.issue.identity, 'EdDSA');
    case OB_JWT_ES256_CONFIGURATION_ID:
      return encodeVcJwt(signed, deps.issue.identity, 'ES256');
    case OB_VC11_CONFIGURATION_ID:
      return signAsVc11(deps.issue.sign, signed);
  }
}

/**
 * POST /credential, once accessTokenRecord has checked the token: verifies the request
 * and its proof, then issues (or re-sends) the wallet copy.
 */
export async function requestCredential(
  deps: ExchangeDeps,
  token: ExchangeRecord,
  body: Json,
): Promise<Json> {
  const { configuration, legacyShape } = requestedConfiguration(deps, body);
  let proof: Awaited<ReturnType<typeof verifyProofJwt>>;
  try {
    proof = await verifyProofJwt(proofJwtOf(body), { audience: deps.publicUrl, now: deps.now() });
  } catch (error) {
    if (error instanceof ProofError) throw new Oid4vciError('invalid_proof', 400, error.message);
    throw error;
  }
  await checkNonce(deps, token, proof.nonce);
  const claimed = await claimToken(deps, token, proof.holderDid);
  let credential: Json | string;
  try {
    const signed = await issueWalletCopy(
      deps,
      {
        id: claimed.id,
        kind: claimed.kind,
        userId: claimed.userId!,
        credentialId: claimed.credentialId!,
        holderDid: proof.holderDid,
      },
      'oid4vci',
    );
    credential = await inConfiguration(deps, configuration, signed);
  } catch (error) {
    if (error instanceof HandOffGoneError)
      throw new Oid4vciError('credential_request_denied', 400, error.detail);
    // A credential our VC 1.1 form cannot express is refused like one that cannot be copied.
    const problem = signingProblem(error);
    if (problem && problem.status < 500)
      throw new Oid4vciError('credential_request_denied', 400, problem.detail);
    throw error;
  }
  // Pre-1.0 wallets (the `format` request shape) read a single `credential`.
  return { credentials: [{ credential }], ...(legacyShape ? { credential } : {}) };
}
