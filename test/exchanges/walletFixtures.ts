/**
 * A scripted holder for the wallet hand-off tests: a participant with an issued
 * certificate, their wallet page's two links parsed back into their parts, a wallet that
 * signs DIDAuth presentations (DataIntegrityProof eddsa-rdfc-2022, as @digitalbazaar/vc
 * does) and OpenID4VCI proof JWTs (EdDSA with node:crypto) with a did:key, and checks a
 * VC-JWT's signature against our DID document with jose. Every call builds fresh objects.
 */
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { expect } from 'vitest';
import type { TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { issueTo } from '../http/pages/pageRequests.js';
import type { Holder } from '../fixtures/holder.js';
import type { CredentialRecord, ExchangeKind } from '../../src/storage/ports.js';
import * as base58btc from 'base58-universal';

/** A parsed JSON body. */
export type Json = Record<string, any>;

/** The test app's public URL (createTestApp sets it). */
export const PUBLIC_URL = 'http://localhost:3000';

/** A signed-in participant with one issued certificate. */
export interface Participant {
  who: SignedIn;
  record: CredentialRecord;
}

/** Signs in a new participant and issues them a certificate. */
export async function participantWithCertificate(t: TestApp): Promise<Participant> {
  const who = await signIn(t, 'participant');
  const record = await issueTo(t, who.user.id);
  return { who, record };
}

/** The path of a certificate's wallet page. */
export function walletPath(credentialId: string): string {
  return `/me/credentials/${encodeURIComponent(credentialId)}/wallet`;
}

/** GETs a page as a signed-in browser. */
export function getAs(t: TestApp, path: string, who?: SignedIn): Promise<Response> {
  return Promise.resolve(
    t.app.request(path, { headers: { ...(who ? { cookie: who.cookie } : {}), accept: 'text/html' } }),
  );
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
}

/** The hrefs on a page that start with `scheme`. */
export function linksWithScheme(html: string, scheme: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)]
    .map((m) => unescapeHtml(m[1]!))
    .filter((href) => href.startsWith(scheme));
}

/** Both wallet links of a page, parsed. */
export interface WalletLinks {
  lcw: {
    href: string;
    issuer: string;
    challenge: string;
    authType: string;
    requestUrl: string;
    exchangePath: string;
  };
  offer: { href: string; offer: Json; code: string };
}

/** Opens the wallet page and parses its LCW deep link and OpenID4VCI offer. */
export async function openWalletPage(
  t: TestApp,
  participant: Participant,
): Promise<{ html: string; links: WalletLinks }> {
  const res = await getAs(t, walletPath(participant.record.id), participant.who);
  expect(res.status).toBe(200);
  const html = await res.text();
  const [lcwHref] = linksWithScheme(html, 'dccrequest://');
  const [offerHref] = linksWithScheme(html, 'openid-credential-offer://');
  expect(lcwHref, 'an LCW deep link').toBeDefined();
  expect(offerHref, 'an OpenID4VCI offer').toBeDefined();
  const lcwQuery = new URL(lcwHref!).searchParams;
  const requestUrl = lcwQuery.get('vc_request_url')!;
  const offer = JSON.parse(new URL(offerHref!).searchParams.get('credential_offer')!) as Json;
  return {
    html,
    links: {
      lcw: {
        href: lcwHref!,
        issuer: lcwQuery.get('issuer')!,
        challenge: lcwQuery.get('challenge')!,
        authType: lcwQuery.get('auth_type')!,
        requestUrl,
        exchangePath: new URL(requestUrl).pathname,
      },
      offer: {
        href: offerHref!,
        offer,
        code: offer.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code']?.['pre-authorized_code'],
      },
    },
  };
}

/** POSTs JSON (a string is sent as it is). */
export function postJson(
  t: TestApp,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    t.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** POSTs a form-encoded token request. */
export function postToken(t: TestApp, fields: Record<string, string>): Promise<Response> {
  return Promise.resolve(
    t.app.request('/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

/** The pre-authorized code grant type. */
export const PRE_AUTH = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/** Trades a code for a token response (expects 200). */
export async function tokenFor(t: TestApp, code: string): Promise<Json> {
  const res = await postToken(t, { grant_type: PRE_AUTH, 'pre-authorized_code': code });
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

// PKCS#8 DER header for a raw 32-byte Ed25519 seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Claims and header fields a test may change in a proof JWT. */
export interface ProofOverrides {
  header?: Json;
  payload?: Json;
  /** Sign with this holder's key while claiming another's `kid`. */
  signer?: Holder;
}

/** The holder's did:key verification method, the `kid` of its proofs. */
export function holderKid(holder: Holder): string {
  return `${holder.did}#${holder.did.slice('did:key:'.length)}`;
}

/** A compact JWS of `header` and `payload` signed (EdDSA) with `signer`'s key. */
export function signJwtAs(signer: Holder, header: unknown, payload: unknown): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  const seed = signer.keyPair.secretKey!.subarray(0, 32);
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return `${signingInput}.${cryptoSign(null, Buffer.from(signingInput), key).toString('base64url')}`;
}

/** A proof JWT by `holder` for `nonce`, as an OpenID4VCI wallet makes it. */
export function proofJwt(holder: Holder, nonce: string | undefined, overrides: ProofOverrides = {}): string {
  const header = { alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: holderKid(holder), ...overrides.header };
  const payload = {
    aud: PUBLIC_URL,
    iat: Math.floor(Date.now() / 1000),
    ...(nonce !== undefined ? { nonce } : {}),
    ...overrides.payload,
  };
  return signJwtAs(overrides.signer ?? holder, header, payload);
}

/** POSTs a credential request with an access token. */
export function postCredential(
  t: TestApp,
  accessToken: string | undefined,
  body: unknown,
): Promise<Response> {
  return postJson(t, '/credential', body, accessToken ? { authorization: `Bearer ${accessToken}` } : {});
}

/** A 1.0 credential request for the Open Badge configuration with one JWT proof. */
export function credentialRequest(jwt: string): Json {
  return { credential_configuration_id: 'OpenBadgeCredential_ldp_vc', proof: { proof_type: 'jwt', jwt } };
}

/** Verifies a credential through POST /credentials/verify. */
export async function verifyViaApi(t: TestApp, verifiableCredential: unknown): Promise<Json> {
  const res = await postJson(t, '/credentials/verify', { verifiableCredential });
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** A 1.0 credential request for the Open Badge as a VC-JWT, with one JWT proof. */
export function jwtCredentialRequest(jwt: string): Json {
  return {
    credential_configuration_id: 'OpenBadgeCredential_jwt_vc_json',
    proof: { proof_type: 'jwt', jwt },
  };
}

/**
 * Checks a VC-JWT as a wallet does: the key its `kid` names, looked up in the issuer's
 * DID document (fetched with `fetchDidDocument`), verifies the signature. Returns its
 * header and payload.
 */
export async function verifyVcJwtSignature(
  jwt: string,
  fetchDidDocument: () => Promise<Json>,
): Promise<{ header: Json; payload: Json }> {
  const header = decodeProtectedHeader(jwt) as Json;
  const document = await fetchDidDocument();
  const method = (document.verificationMethod as Json[]).find((m) => m.id === header.kid);
  expect(method, `the kid ${header.kid} is a verification method of ${document.id}`).toBeDefined();
  // A Multikey's publicKeyMultibase: base58btc of the 0xed01 multicodec prefix and the raw key.
  const raw = base58btc.decode((method!.publicKeyMultibase as string).slice(1)).subarray(2);
  const key = await importJWK(
    { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    'EdDSA',
  );
  const { payload } = await jwtVerify(jwt, key, { algorithms: ['EdDSA'], typ: 'JWT' });
  return { header, payload: payload as Json };
}

/** The stored record of a credential the test knows exists. */
export async function storedCredential(t: TestApp, id: string): Promise<CredentialRecord> {
  const record = await t.deps.stores.credentials.get(id);
  expect(record).toBeDefined();
  return record!;
}

/**
 * Records that `copyId` was handed off from `fromId`, as hand-offs did before copies derived
 * from the original: the legacy copy-of-a-copy chains revocation must still reach.
 */
export async function recordLegacyCopy(
  t: TestApp,
  fromId: string,
  copyId: string,
  userId: string,
  kind: ExchangeKind = 'vcapi_exchange',
): Promise<void> {
  const at = new Date().toISOString();
  const id = `legacy-${fromId}-${copyId}`;
  await t.deps.stores.exchanges.create({
    id,
    kind,
    userId,
    credentialId: fromId,
    createdAt: at,
    expiresAt: at,
    usedAt: at,
  });
  await t.deps.stores.exchanges.setIssued(id, kind, copyId);
}
