/**
 * GET /ims/ob/v3p0/discovery: the Service Description Document, the official OpenAPI
 * document (schemas/ob3/openapi.json) profiled for this server as the spec asks: our
 * server URL, name, terms and privacy policy (`x-imssf-privacyPolicyUrl`), and in the
 * OAuth2ACG security scheme our registration, authorization, token and refresh URLs (the
 * refresh URL is the token endpoint, as in the spec's example). The spec names no property
 * for the RFC 7009 revocation endpoint, so it is given as `x-saypro-revocationUrl`.
 */
import { readFileSync } from 'node:fs';
import { OAUTH_PATHS, OB3_BASE_PATH } from './oauthProvider.js';
import { ALL_OB3_SCOPES } from './ob3Scopes.js';

let official: Record<string, unknown> | undefined;

/** The official document, read once. */
function officialDocument(): Record<string, unknown> {
  official ??= JSON.parse(
    readFileSync(new URL('../../schemas/ob3/openapi.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  return official;
}

/** The discovery document for a server at `publicUrl`. */
export function serviceDescription(options: {
  publicUrl: string;
  serviceName: string;
}): Record<string, unknown> {
  const base = officialDocument();
  const url = (path: string) => `${options.publicUrl}${path}`;
  const components = base.components as Record<string, unknown>;
  const scheme = (components.securitySchemes as Record<string, Record<string, unknown>>).OAuth2ACG!;
  const flow = (scheme.flows as Record<string, Record<string, unknown>>).authorizationCode!;
  const scopes = Object.fromEntries(
    ALL_OB3_SCOPES.map((s) => [s, (flow.scopes as Record<string, string>)[s] ?? s]),
  );
  return {
    ...base,
    info: {
      ...(base.info as Record<string, unknown>),
      title: `${options.serviceName}: Open Badges 3.0 API`,
      termsOfService: url('/terms'),
      'x-imssf-privacyPolicyUrl': url('/privacy'),
      'x-imssf-image': url('/favicon.svg'),
    },
    servers: [{ url: url(OB3_BASE_PATH), description: options.serviceName }],
    components: {
      ...components,
      securitySchemes: {
        OAuth2ACG: {
          type: 'oauth2',
          description: 'OAuth 2.0 Authorization Code Grant authorization, with PKCE (S256)',
          'x-imssf-name': options.serviceName,
          'x-imssf-privacyPolicyUrl': url('/privacy'),
          'x-imssf-termsOfServiceUrl': url('/terms'),
          'x-imssf-registrationUrl': url(OAUTH_PATHS.registration),
          'x-saypro-revocationUrl': url(OAUTH_PATHS.revocation),
          flows: {
            authorizationCode: {
              authorizationUrl: url(OAUTH_PATHS.authorization),
              tokenUrl: url(OAUTH_PATHS.token),
              refreshUrl: url(OAUTH_PATHS.token),
              scopes,
            },
          },
        },
      },
    },
  };
}
