/**
 * What an OpenID4VCI wallet reads before it asks for anything: the credential issuer
 * metadata (OpenID4VCI 1.0 section 12.2, plus the pre-1.0 `token_endpoint` older wallets
 * look for), the OAuth authorization server metadata (RFC 8414) for the pre-authorized
 * code grant, and the offer a participant's wallet page shows.
 */
import { OB_CONTEXT, VC_V1_CONTEXT, VC_V2_CONTEXT } from '../credentials/prepareCredential.js';
import type { ExchangeDeps } from './exchangeDeps.js';
import { OB_VC11_CONTEXT } from './vc11Copy.js';
import { PROOF_ALGORITHMS } from './proofJwt.js';

/** The Open Badge as a Data Integrity VC (VC 2.0, eddsa-rdfc-2022). */
export const OB_CONFIGURATION_ID = 'OpenBadgeCredential_ldp_vc';
/** The same Open Badge as a VC-JWT (vcJwt.ts), the one format most mobile wallets take. */
export const OB_JWT_CONFIGURATION_ID = 'OpenBadgeCredential_jwt_vc_json';
/**
 * The same VC-JWT signed ES256 with our P-256 key, for the wallets that verify nothing
 * else; offered only when the issuer has one (did:web: see issuerIdentity.ts).
 */
export const OB_JWT_ES256_CONFIGURATION_ID = 'OpenBadgeCredential_jwt_vc_json_ES256';
/**
 * The same Open Badge on the VC 1.1 data model with an Ed25519Signature2020 proof
 * (vc11Copy.ts), for the ldp_vc wallets that take nothing newer (Credo, Sphereon's SSI-SDK).
 */
export const OB_VC11_CONFIGURATION_ID = 'OpenBadgeCredential_ldp_vc_v1';
/**
 * The configurations, by the format each names. The VC 2.0 ldp_vc comes first: a pre-1.0
 * request naming only the format gets it.
 */
export const CONFIGURATION_FORMATS = {
  [OB_CONFIGURATION_ID]: 'ldp_vc',
  [OB_JWT_CONFIGURATION_ID]: 'jwt_vc_json',
  [OB_VC11_CONFIGURATION_ID]: 'ldp_vc',
  [OB_JWT_ES256_CONFIGURATION_ID]: 'jwt_vc_json',
} as const;
/** A configuration we offer. */
export type ConfigurationId = keyof typeof CONFIGURATION_FORMATS;
/** The credential types every configuration carries. */
const OB_TYPES = ['VerifiableCredential', 'OpenBadgeCredential'];
/** The OAuth grant type of the pre-authorized code flow. */
export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/** The configurations this issuer offers: ES256 only with a P-256 key. */
export function offeredConfigurations(deps: Pick<ExchangeDeps, 'issue'>): ConfigurationId[] {
  const all = Object.keys(CONFIGURATION_FORMATS) as ConfigurationId[];
  return deps.issue.identity.es256 ? all : all.filter((id) => id !== OB_JWT_ES256_CONFIGURATION_ID);
}

/** The endpoints, all on our public URL. */
function oid4vciEndpoints(publicUrl: string): { token: string; credential: string; nonce: string } {
  return { token: `${publicUrl}/token`, credential: `${publicUrl}/credential`, nonce: `${publicUrl}/nonce` };
}

/** GET /.well-known/openid-credential-issuer */
export function credentialIssuerMetadata(
  deps: Pick<ExchangeDeps, 'publicUrl' | 'issuerName' | 'issue'>,
): Record<string, unknown> {
  const endpoints = oid4vciEndpoints(deps.publicUrl);
  const display = [
    {
      name: 'Open Badge certificate',
      locale: 'en',
      description: `A certificate issued by ${deps.issuerName}`,
    },
  ];
  const common = {
    cryptographic_binding_methods_supported: ['did:key', 'did:jwk'],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...PROOF_ALGORITHMS] } },
    // 1.0 puts display under credential_metadata; pre-1.0 wallets read it at the top.
    credential_metadata: { display },
    display,
  };
  return {
    credential_issuer: deps.publicUrl,
    authorization_servers: [deps.publicUrl],
    credential_endpoint: endpoints.credential,
    nonce_endpoint: endpoints.nonce,
    // Not in 1.0 (wallets find it in the authorization server metadata); pre-1.0 wallets read it here.
    token_endpoint: endpoints.token,
    display: [{ name: deps.issuerName, locale: 'en' }],
    credential_configurations_supported: Object.fromEntries(
      Object.entries(configurations(common)).filter(([id]) =>
        offeredConfigurations(deps).includes(id as ConfigurationId),
      ),
    ),
  };
}

/** Each configuration's metadata (OpenID4VCI 1.0 Appendix A for its format). */
function configurations(common: Record<string, unknown>): Record<ConfigurationId, Record<string, unknown>> {
  // jwt_vc_json is not JSON-LD: its credential_definition has no @context.
  const jwt = (alg: string) => ({
    format: 'jwt_vc_json',
    credential_definition: { type: OB_TYPES },
    credential_signing_alg_values_supported: [alg],
    ...common,
  });
  return {
    [OB_CONFIGURATION_ID]: {
      format: 'ldp_vc',
      credential_definition: { '@context': [VC_V2_CONTEXT, OB_CONTEXT], type: OB_TYPES },
      // For ldp_vc, Appendix A names proof suites here, not JOSE algorithms: the
      // cryptosuite of our Data Integrity proofs, and their proof type for wallets that
      // match on linked-data proof type names.
      credential_signing_alg_values_supported: ['eddsa-rdfc-2022', 'DataIntegrityProof'],
      ...common,
    },
    [OB_JWT_CONFIGURATION_ID]: jwt('EdDSA'),
    [OB_JWT_ES256_CONFIGURATION_ID]: jwt('ES256'),
    [OB_VC11_CONFIGURATION_ID]: {
      format: 'ldp_vc',
      credential_definition: { '@context': [VC_V1_CONTEXT, OB_VC11_CONTEXT], type: OB_TYPES },
      // The linked-data suite name: Credo picks an ldp_vc signing algorithm only from these.
      credential_signing_alg_values_supported: ['Ed25519Signature2020'],
      ...common,
    },
  };
}

/** GET /.well-known/oauth-authorization-server */
export function authorizationServerMetadata(deps: Pick<ExchangeDeps, 'publicUrl'>): Record<string, unknown> {
  return {
    issuer: deps.publicUrl,
    token_endpoint: oid4vciEndpoints(deps.publicUrl).token,
    grant_types_supported: [PRE_AUTHORIZED_GRANT],
    token_endpoint_auth_methods_supported: ['none'],
    // There is no authorization endpoint: only the pre-authorized code grant is offered.
    response_types_supported: [],
    'pre-authorized_grant_anonymous_access_supported': true,
  };
}

/** The credential offer for a pre-authorized code, and the deep link that carries it by value. */
export function credentialOffer(
  deps: Pick<ExchangeDeps, 'publicUrl' | 'issue'>,
  code: string,
): { offer: Record<string, unknown>; link: string } {
  const offer = {
    credential_issuer: deps.publicUrl,
    // One token, any configuration: the wallet asks for the one it takes (all are one credential).
    credential_configuration_ids: offeredConfigurations(deps),
    grants: { [PRE_AUTHORIZED_GRANT]: { 'pre-authorized_code': code } },
  };
  return {
    offer,
    link: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`,
  };
}
