/**
 * Other people's OpenID4VCI wallets against a running server, asking for the Open Badge
 * as a VC-JWT (jwt_vc_json) and as a VC 1.1 Ed25519Signature2020 credential (ldp_vc): the
 * OpenWallet Foundation's @openid4vc/openid4vci (the library inside Credo) and
 * @sphereon/oid4vci-client each take the offer from the wallet page, fetch the metadata,
 * trade the code for a token, prove the holder's did:key and receive the credential. The
 * wallet then checks the JWT with jose against the key its `kid` names in our DID document;
 * the VC 1.1 credential must be one Credo's W3cJsonLdVerifiableCredential takes and must
 * verify with @digitalbazaar/vc as an outside party. Our verifier calls each verified
 * (standing own), and revoked once the original is revoked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { clientAuthenticationAnonymous, setGlobalConfig, type SignJwtCallback } from '@openid4vc/oauth2';
import { OpenID4VCIClientV1_0_15 } from '@sphereon/oid4vci-client';
import { JsonTransformer, W3cJsonLdVerifiableCredential } from '@credo-ts/core';
import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
// @ts-expect-error untyped package
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { readFileSync } from 'node:fs';
import { CompactSign, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createHolder, type Holder } from '../fixtures/holder.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import {
  holderKid,
  openWalletPage,
  participantWithCertificate,
  signJwtAs,
  storedCredential,
  verifyVcJwtSignature,
  type Json,
  type Participant,
} from './walletFixtures.js';
import { outsideDocumentLoader } from '../e2e/independentVerifier.js';

const JWT_CONFIGURATION = 'OpenBadgeCredential_jwt_vc_json';
const VC11_CONFIGURATION = 'OpenBadgeCredential_ldp_vc_v1';
const ES256_CONFIGURATION = 'OpenBadgeCredential_jwt_vc_json_ES256';

let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer();
  // The test server is plain http on loopback; both libraries refuse that by default.
  setGlobalConfig({ allowInsecureUrls: true });
});
afterAll(async () => {
  setGlobalConfig({ allowInsecureUrls: false });
  await server?.close();
});

async function offerFor(): Promise<{ participant: Participant; href: string }> {
  const participant = await participantWithCertificate(server.testApp);
  return { participant, href: (await openWalletPage(server.testApp, participant)).links.offer.href };
}

async function fromOurServer(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, init);
}

async function verifyWithOurs(credential: unknown): Promise<Json> {
  const res = await fromOurServer('/credentials/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ verifiableCredential: credential }),
  });
  return (await res.json()) as Json;
}

/** What the wallet does with the VC-JWT it received, then what revoking the original does to it. */
async function checkReceived(jwt: unknown, participant: Participant, holder: Holder): Promise<void> {
  expect(typeof jwt).toBe('string');
  const { header, payload } = await verifyVcJwtSignature(
    jwt as string,
    async () => (await (await fromOurServer('/.well-known/did.json')).json()) as Json,
  );
  expect(header).toMatchObject({
    alg: 'EdDSA',
    typ: 'JWT',
    kid: server.testApp.deps.identity.verificationMethod,
  });
  expect(payload).toMatchObject({ iss: server.testApp.deps.identity.did, sub: holder.did });
  expect((payload.vc as Json).credentialSubject.id).toBe(holder.did);

  const before = await verifyWithOurs(jwt);
  expect(before.verified, JSON.stringify(before.errors)).toBe(true);
  expect(before.issuer.standing).toBe('own');
  await changeCredentialStatus(
    server.testApp.deps.status,
    participant.record.id,
    'revoke',
    'issued in error',
  );
  const after = await verifyWithOurs(jwt);
  expect(after.verified).toBe(false);
  expect(after.errors.map((e: Json) => e.code)).toEqual(['revoked']);
}

/** A context from an npm context package, as an outside verifier bundles it. */
const npmContext = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../node_modules/${path}`, import.meta.url), 'utf8'));

/**
 * @digitalbazaar/vc as an outside party with the VC 1.1 contexts: the npm context packages,
 * our published DID document and status lists. Returns whether the credential verifies
 * (its proof with the Ed25519Signature2020 suite alone) and whether the status bit is set.
 */
async function verifyVc11Pristine(
  credential: Json,
): Promise<{ verified: boolean; revoked: boolean | undefined; error?: string }> {
  const didDocument = (await (await fromOurServer('/.well-known/did.json')).json()) as Json;
  const outside = outsideDocumentLoader({
    didDocument,
    statusPrefix: `${server.baseUrl}/status/`,
    fetchJson: async (url) => (await fetch(url)).json(),
  });
  const vc11Contexts = new Map<string, unknown>([
    [
      'https://www.w3.org/2018/credentials/v1',
      npmContext('@digitalbazaar/credentials-context/contexts/v1.jsonld'),
    ],
    [
      'https://www.w3.org/ns/credentials/status/v1',
      npmContext(
        '@digitalbazaar/vc-bitstring-status-list-context/contexts/vc-bitstring-status-list-v1.jsonld',
      ),
    ],
  ]);
  const documentLoader = async (url: string) =>
    vc11Contexts.has(url)
      ? { contextUrl: null, documentUrl: url, document: vc11Contexts.get(url) }
      : outside(url);
  const result = await vc.verifyCredential({
    credential: structuredClone(credential),
    suite: new Ed25519Signature2020(),
    documentLoader,
    // The status list credential is our VC 2.0 Data Integrity one, whichever form the wallet holds.
    checkStatus: (options: Record<string, unknown>) =>
      checkStatus({
        ...options,
        suite: [new Ed25519Signature2020(), new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 })],
        documentLoader,
      }),
  });
  const error = result.error ? String(result.error.errors?.[0]?.message ?? result.error.message) : undefined;
  return {
    verified: Boolean(result.verified),
    revoked: result.statusResult?.results?.[0]?.status,
    ...(error ? { error } : {}),
  };
}

/** What a VC 1.1 ldp_vc wallet does with the credential it received, then what revoking the original does to it. */
async function checkReceivedVc11(received: unknown, participant: Participant, holder: Holder): Promise<void> {
  const credential = received as Json;
  expect(credential['@context'][0]).toBe('https://www.w3.org/2018/credentials/v1');
  expect(credential.issuanceDate).toEqual(expect.any(String));
  expect(credential.proof.type).toBe('Ed25519Signature2020');
  expect(credential.credentialSubject.id).toBe(holder.did);
  expect(credential.credentialStatus.type).toBe('BitstringStatusListEntry');
  expect(credential.id).not.toBe(participant.record.id);

  // Credo's credential class takes it (it validates the VC 1.1 model on the way in).
  const credo = JsonTransformer.fromJSON(credential, W3cJsonLdVerifiableCredential);
  expect(credo).toBeInstanceOf(W3cJsonLdVerifiableCredential);
  expect(credo.id).toBe(credential.id);
  expect(credo.issuerId).toBe(server.testApp.deps.identity.did);
  expect(credo.proofTypes).toEqual(['Ed25519Signature2020']);

  const before = await verifyWithOurs(credential);
  expect(before.verified, JSON.stringify(before.errors)).toBe(true);
  expect(before.issuer.standing).toBe('own');
  expect(await verifyVc11Pristine(credential)).toEqual({ verified: true, revoked: false });

  await changeCredentialStatus(
    server.testApp.deps.status,
    participant.record.id,
    'revoke',
    'issued in error',
  );
  const after = await verifyWithOurs(credential);
  expect(after.verified).toBe(false);
  expect(after.errors.map((e: Json) => e.code)).toEqual(['revoked']);
  expect((await verifyVc11Pristine(credential)).revoked).toBe(true);
}

/** The key a wallet proves: its DID, the `kid` and `alg` of its proofs, and how it signs. */
interface WalletKey {
  did: string;
  kid: string;
  alg: 'EdDSA' | 'ES256';
  publicJwk: Json;
  sign(header: unknown, payload: unknown): Promise<string>;
}

/** An Ed25519 did:key wallet key (the test holder). */
function ed25519Key(holder: Holder): WalletKey {
  const publicJwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: Buffer.from(holder.keyPair.publicKey!).toString('base64url'),
  };
  return {
    did: holder.did,
    kid: holderKid(holder),
    alg: 'EdDSA',
    publicJwk,
    sign: async (header, payload) => signJwtAs(holder, header, payload),
  };
}

/** A P-256 did:jwk wallet key, what most mobile wallets hold. */
async function p256DidJwkKey(): Promise<WalletKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y } = await exportJWK(publicKey);
  const did = `did:jwk:${Buffer.from(JSON.stringify({ kty, crv, x, y })).toString('base64url')}`;
  return {
    did,
    kid: `${did}#0`,
    alg: 'ES256',
    publicJwk: { kty, crv, x, y },
    sign: async (header, payload) =>
      new CompactSign(Buffer.from(JSON.stringify(payload)))
        .setProtectedHeader(header as { alg: string })
        .sign(privateKey),
  };
}

/** The @openid4vc/openid4vci holder: offer, metadata, token, nonce, proof, the credential of `configuration`. */
async function receiveWithOwfClient(
  holder: Holder | WalletKey,
  href: string,
  configuration: string,
  format: string,
): Promise<unknown> {
  const key = 'sign' in holder ? holder : ed25519Key(holder);
  const signJwt: SignJwtCallback = async (signer, { header, payload }) => {
    expect(signer).toMatchObject({ method: 'did', didUrl: key.kid });
    return { jwt: await key.sign(header, payload), signerJwk: key.publicJwk as never };
  };
  const client = new Openid4vciClient({
    callbacks: {
      fetch,
      hash: (data, alg) => createHash(alg.replace('-', '')).update(data).digest(),
      generateRandom: (length) => randomBytes(length),
      clientAuthentication: clientAuthenticationAnonymous(),
      signJwt,
    },
  });
  const credentialOffer = await client.resolveCredentialOffer(href);
  expect(credentialOffer.credential_configuration_ids).toContain(configuration);
  const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
  expect(issuerMetadata.credentialIssuer.credential_configurations_supported[configuration]?.format).toBe(
    format,
  );
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer,
    issuerMetadata,
  });
  const { c_nonce: nonce } = await client.requestNonce({ issuerMetadata });
  const { jwt: proof } = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId: configuration,
    signer: { method: 'did', didUrl: key.kid, alg: key.alg },
    nonce,
  });
  const { credentialResponse } = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: configuration,
    proofs: { jwt: [proof] },
  });
  const [received, ...more] = credentialResponse.credentials ?? [];
  expect(more).toHaveLength(0);
  return received && typeof received === 'object' && 'credential' in received
    ? received.credential
    : received;
}

/** The @sphereon/oid4vci-client holder, for the credential of `configuration`. */
async function receiveWithSphereonClient(
  holder: Holder | WalletKey,
  href: string,
  configuration: string,
  format: 'jwt_vc_json' | 'ldp_vc',
): Promise<unknown> {
  const key = 'sign' in holder ? holder : ed25519Key(holder);
  const client = await OpenID4VCIClientV1_0_15.fromURI({
    uri: href,
    kid: key.kid,
    alg: key.alg,
    retrieveServerMetadata: true,
  });
  await client.acquireAccessToken();
  const response = await client.acquireCredentials({
    credentialConfigurationId: configuration,
    format,
    kid: key.kid,
    alg: key.alg,
    proofCallbacks: { signCallback: async ({ header, payload }) => key.sign(header, payload) },
  });
  return response.credentials?.[0]?.credential ?? (response as Json).credential;
}

describe('VC 1.1 ldp_vc with an Ed25519Signature2020 proof (for Credo and SSI-SDK wallets)', () => {
  it('@openid4vc/openid4vci receives it bound to its did:key; it verifies and is revoked with the original', async () => {
    const holder = await createHolder();
    const { participant, href } = await offerFor();
    await checkReceivedVc11(
      await receiveWithOwfClient(holder, href, VC11_CONFIGURATION, 'ldp_vc'),
      participant,
      holder,
    );
  });

  it('@sphereon/oid4vci-client receives it bound to its did:key; it verifies and is revoked with the original', async () => {
    const holder = await createHolder();
    const { participant, href } = await offerFor();
    await checkReceivedVc11(
      await receiveWithSphereonClient(holder, href, VC11_CONFIGURATION, 'ldp_vc'),
      participant,
      holder,
    );
  });
});

describe('VC 2.0 ldp_vc (eddsa-rdfc-2022)', () => {
  it('each library receives it; a copy handed off from a copy comes from the original, and revoking the original revokes both', async () => {
    const { participant, href } = await offerFor();
    const first = (await receiveWithOwfClient(
      await createHolder(),
      href,
      'OpenBadgeCredential_ldp_vc',
      'ldp_vc',
    )) as Json;
    expect([first.proof].flat()[0]).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
    });
    // The participant now opens "Add to wallet" on the copy in /me, and a second wallet takes that.
    const copy = { who: participant.who, record: await storedCredential(server.testApp, first.id) };
    const second = (await receiveWithSphereonClient(
      await createHolder(),
      (
        await openWalletPage(server.testApp, copy)
      ).links.offer.href,
      'OpenBadgeCredential_ldp_vc',
      'ldp_vc',
    )) as Json;
    expect(second.id).not.toBe(first.id);
    expect(
      (await server.testApp.deps.stores.exchanges.listIssuedFrom(participant.record.id))
        .map((r) => r.issuedCredentialId)
        .sort(),
    ).toEqual([first.id, second.id].sort());
    for (const credential of [first, second]) expect((await verifyWithOurs(credential)).verified).toBe(true);
    await changeCredentialStatus(
      server.testApp.deps.status,
      participant.record.id,
      'revoke',
      'issued in error',
    );
    for (const credential of [first, second])
      expect((await verifyWithOurs(credential)).errors.map((e: Json) => e.code)).toEqual(['revoked']);
  });
});

describe('jwt_vc_json', () => {
  it('@openid4vc/openid4vci receives the Open Badge as a VC-JWT bound to its did:key, which verifies and is revoked with the original', async () => {
    const holder = await createHolder();
    const { participant, href } = await offerFor();
    await checkReceived(
      await receiveWithOwfClient(holder, href, JWT_CONFIGURATION, 'jwt_vc_json'),
      participant,
      holder,
    );
  });

  it('@sphereon/oid4vci-client receives the Open Badge as a VC-JWT bound to its did:key, which verifies and is revoked with the original', async () => {
    const holder = await createHolder();
    const { participant, href } = await offerFor();
    await checkReceived(
      await receiveWithSphereonClient(holder, href, JWT_CONFIGURATION, 'jwt_vc_json'),
      participant,
      holder,
    );
  });
});

describe('a mobile wallet: P-256 key (did:jwk), ES256 VC-JWT from a did:web issuer', () => {
  let webServer: LiveServer;
  beforeAll(async () => {
    // A did:web issuer, the only kind with a P-256 key to sign ES256 with.
    webServer = await startLiveServer({ env: { ISSUER_DID: 'did:web:wallets.example' } });
  });
  afterAll(async () => {
    await webServer?.close();
  });

  for (const [name, receive] of [
    ['@openid4vc/openid4vci', receiveWithOwfClient],
    ['@sphereon/oid4vci-client', receiveWithSphereonClient],
  ] as const) {
    it(`${name} proves a P-256 did:jwk key, receives an ES256 VC-JWT that verifies from our DID document, and sees it revoked`, async () => {
      const key = await p256DidJwkKey();
      const participant = await participantWithCertificate(webServer.testApp);
      const { href } = (await openWalletPage(webServer.testApp, participant)).links.offer;
      const jwt = (await receive(key, href, ES256_CONFIGURATION, 'jwt_vc_json')) as string;
      const header = decodeProtectedHeader(jwt);
      expect(header).toMatchObject({
        alg: 'ES256',
        kid: webServer.testApp.deps.identity.es256!.verificationMethod,
      });
      const document = (await (await fetch(`${webServer.baseUrl}/.well-known/did.json`)).json()) as Json;
      const method = (document.verificationMethod as Json[]).find((m) => m.id === header.kid);
      expect(method?.publicKeyMultibase).toMatch(/^zDn/);
      const verify = async () =>
        (await (
          await fetch(`${webServer.baseUrl}/credentials/verify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ verifiableCredential: jwt }),
          })
        ).json()) as Json;
      const before = await verify();
      expect(before.verified, JSON.stringify(before.errors)).toBe(true);
      expect((decodeJwt(jwt).vc as Json).credentialSubject.id).toBe(key.did);
      await changeCredentialStatus(
        webServer.testApp.deps.status,
        participant.record.id,
        'revoke',
        'issued in error',
      );
      expect((await verify()).errors.map((e: Json) => e.code)).toEqual(['revoked']);
    });
  }
});
