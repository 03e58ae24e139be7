/**
 * Other people's OpenID4VCI wallets against a running server, asking for the Open Badge
 * as a VC-JWT (jwt_vc_json): the OpenWallet Foundation's @openid4vc/openid4vci (the
 * library inside Credo) and @sphereon/oid4vci-client each take the offer from the wallet
 * page, fetch the metadata, trade the code for a token, prove the holder's did:key and
 * receive the credential. The wallet then checks the JWT with jose against the key its
 * `kid` names in our DID document; our verifier calls it verified (standing own), and
 * revoked once the original is revoked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { clientAuthenticationAnonymous, setGlobalConfig, type SignJwtCallback } from '@openid4vc/oauth2';
import { OpenID4VCIClientV1_0_15 } from '@sphereon/oid4vci-client';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createHolder, type Holder } from '../fixtures/holder.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import { holderKid, openWalletPage, participantWithCertificate, signJwtAs, verifyVcJwtSignature, type Json, type Participant } from './walletFixtures.js';

const JWT_CONFIGURATION = 'OpenBadgeCredential_jwt_vc_json';

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

/** What the wallet does with the VC-JWT it received, then what revoking the original does to it. */
async function checkReceived(jwt: unknown, participant: Participant, holder: Holder): Promise<void> {
  expect(typeof jwt).toBe('string');
  const { header, payload } = await verifyVcJwtSignature(jwt as string, async () => (await (await fromOurServer('/.well-known/did.json')).json()) as Json);
  expect(header).toMatchObject({ alg: 'EdDSA', typ: 'JWT', kid: server.testApp.deps.identity.verificationMethod });
  expect(payload).toMatchObject({ iss: server.testApp.deps.identity.did, sub: holder.did });
  expect((payload.vc as Json).credentialSubject.id).toBe(holder.did);

  const verify = async () => {
    const res = await fromOurServer('/credentials/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: jwt }) });
    return (await res.json()) as Json;
  };
  const before = await verify();
  expect(before.verified, JSON.stringify(before.errors)).toBe(true);
  expect(before.issuer.standing).toBe('own');
  await changeCredentialStatus(server.testApp.deps.status, participant.record.id, 'revoke', 'issued in error');
  const after = await verify();
  expect(after.verified).toBe(false);
  expect(after.errors.map((e: Json) => e.code)).toEqual(['revoked']);
}

describe('@openid4vc/openid4vci holder', () => {
  it('receives the Open Badge as a VC-JWT bound to its did:key, which verifies and is revoked with the original', async () => {
    const holder = await createHolder();
    const { participant, href } = await offerFor();
    const publicJwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(holder.keyPair.publicKey!).toString('base64url') };
    const signJwt: SignJwtCallback = async (signer, { header, payload }) => {
      expect(signer).toMatchObject({ method: 'did', didUrl: holderKid(holder) });
      return { jwt: signJwtAs(holder, header, payload), signerJwk: publicJwk };
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
    expect(credentialOffer.credential_configuration_ids).toContain(JWT_CONFIGURATION);
    const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
    expect(issuerMetadata.credentialIssuer.credential_configurations_supported[JWT_CONFIGURATION]?.format).toBe('jwt_vc_json');
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer, issuerMetadata });
    const { c_nonce: nonce } = await client.requestNonce({ issuerMetadata });
    const { jwt: proof } = await client.createCredentialRequestJwtProof({
      issuerMetadata,
      credentialConfigurationId: JWT_CONFIGURATION,
      signer: { method: 'did', didUrl: holderKid(holder), alg: 'EdDSA' },
      nonce,
    });
    const { credentialResponse } = await client.retrieveCredentials({
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      credentialConfigurationId: JWT_CONFIGURATION,
      proofs: { jwt: [proof] },
    });
    const [received, ...more] = credentialResponse.credentials ?? [];
    expect(more).toHaveLength(0);
    await checkReceived(received && typeof received === 'object' && 'credential' in received ? received.credential : received, participant, holder);
  });
});

describe('@sphereon/oid4vci-client holder', () => {
  it('receives the Open Badge as a VC-JWT bound to its did:key, which verifies and is revoked with the original', async () => {
    const holder = await createHolder();
    const { participant, href } = await offerFor();
    const kid = holderKid(holder);
    const client = await OpenID4VCIClientV1_0_15.fromURI({ uri: href, kid, alg: 'EdDSA', retrieveServerMetadata: true });
    await client.acquireAccessToken();
    const response = await client.acquireCredentials({
      credentialConfigurationId: JWT_CONFIGURATION,
      format: 'jwt_vc_json',
      kid,
      alg: 'EdDSA',
      proofCallbacks: { signCallback: async ({ header, payload }) => signJwtAs(holder, header, payload) },
    });
    const credential = response.credentials?.[0]?.credential ?? (response as Json).credential;
    await checkReceived(credential, participant, holder);
  });
});
