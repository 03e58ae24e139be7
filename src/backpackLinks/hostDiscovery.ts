/**
 * Finding a backpack host and registering with it: the person gives the host's base URL,
 * we read its OB 3.0 discovery document (GET <base>/ims/ob/v3p0/discovery, through the
 * host fetcher's policy) and keep what we need of it, and register our client there by
 * RFC 7591 once per host (every later connection to that host reuses the client). A
 * document that is not the spec's shape, too large or at a refused address is refused in
 * words; so is every endpoint it names that the policy would not let us reach.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import { SafeFetchError } from '../jsonld/fetchPolicy.js';
import { ALL_OB3_SCOPES } from '../ob3api/ob3Scopes.js';
import type { BackpackHostClient, BackpackHostEndpoints } from '../storage/ports.js';
import { checkHostUrl } from './hostFetch.js';
import { CALLBACK_PATH, type BackpackLinkDeps, secretContext } from './linkDeps.js';

const API_PATH = '/ims/ob/v3p0';

/** The base URL the person typed, as the key of its host: no trailing slash, no API path. */
export function normaliseHost(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new AppError(
      'invalid_request',
      'Give the backpack’s address as a web address, e.g. https://backpack.example',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('invalid_request', 'A backpack’s address starts with https://');
  const path = url.pathname
    .replace(/\/+$/, '')
    .replace(/\/discovery$/, '')
    .replace(new RegExp(`${API_PATH}$`), '');
  return `${url.origin}${path}`;
}

const link = z.url({ protocol: /^https?$/ }).max(2000);
const discoverySchema = z.object({
  info: z.object({ title: z.string().max(200).optional() }).optional(),
  servers: z.array(z.object({ url: link })).min(1),
  components: z.object({
    securitySchemes: z.object({
      OAuth2ACG: z.object({
        'x-imssf-name': z.string().max(200).optional(),
        'x-imssf-registrationUrl': link,
        'x-saypro-revocationUrl': link.optional(),
        flows: z.object({
          authorizationCode: z.object({ authorizationUrl: link, tokenUrl: link }),
        }),
      }),
    }),
  }),
});

/** Why a host was refused, in the words the page shows. */
export function hostFailure(host: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof SafeFetchError) {
    const why: Record<SafeFetchError['reason'], string> = {
      not_https: 'its address is not https',
      private_address: 'its address is a private or local network address, which we never connect to',
      timeout: 'it did not answer in time',
      too_large: 'its answer was too large',
      http_status: 'it answered with an error',
      not_json: 'its answer was not JSON',
      network: 'it could not be reached',
    };
    return new AppError('invalid_request', `We could not use ${host}: ${why[error.reason]}.`);
  }
  throw error;
}

/** Reads and checks the host's discovery document. */
async function discover(deps: BackpackLinkDeps, host: string): Promise<BackpackHostEndpoints> {
  const response = await deps.fetch({ method: 'GET', url: `${host}${API_PATH}/discovery` });
  if (response.status !== 200)
    throw new AppError(
      'invalid_request',
      `${host} has no Open Badges 3.0 discovery document (it answered HTTP ${response.status}).`,
    );
  let parsed: z.infer<typeof discoverySchema>;
  try {
    parsed = discoverySchema.parse(JSON.parse(response.text));
  } catch {
    throw new AppError(
      'invalid_request',
      `${host} answered, but not with an Open Badges 3.0 discovery document we can use (it lacks the OAuth 2.0 registration, authorization or token addresses).`,
    );
  }
  const scheme = parsed.components.securitySchemes.OAuth2ACG;
  const endpoints: BackpackHostEndpoints = {
    name: scheme['x-imssf-name'] ?? parsed.info?.title ?? new URL(host).host,
    api: parsed.servers[0]!.url.replace(/\/+$/, ''),
    authorization: scheme.flows.authorizationCode.authorizationUrl,
    token: scheme.flows.authorizationCode.tokenUrl,
    registration: scheme['x-imssf-registrationUrl'],
    ...(scheme['x-saypro-revocationUrl'] ? { revocation: scheme['x-saypro-revocationUrl'] } : {}),
  };
  // Every address it names must be one we may reach (the browser goes to the authorization one).
  const { name: _name, ...urls } = endpoints;
  for (const url of Object.values(urls)) checkHostUrl(url, deps.testHosts);
  return endpoints;
}

const registrationAnswer = z.object({
  client_id: z.string().min(1).max(500),
  client_secret: z.string().min(1).max(2000),
});

/** Our client at the host: the one registered before, or a new registration (RFC 7591). */
export async function hostClient(deps: BackpackLinkDeps, host: string): Promise<BackpackHostClient> {
  const known = await deps.stores.backpackLinks.getHostClient(host);
  if (known) return known;
  try {
    const endpoints = await discover(deps, host);
    const redirectUri = `${deps.publicUrl}${CALLBACK_PATH}`;
    const response = await deps.fetch({
      method: 'POST',
      url: endpoints.registration,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: deps.serviceName,
        client_uri: `${deps.publicUrl}/`,
        logo_uri: `${deps.publicUrl}/favicon.svg`,
        tos_uri: `${deps.publicUrl}/terms`,
        policy_uri: `${deps.publicUrl}/privacy`,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: ALL_OB3_SCOPES.join(' '),
      }),
    });
    const answer = response.status === 201 || response.status === 200 ? safeJson(response.text) : undefined;
    const registered = registrationAnswer.safeParse(answer);
    if (!registered.success)
      throw new AppError(
        'invalid_request',
        `${endpoints.name} did not let us register as an app (HTTP ${response.status}${describeOAuthError(response.text)}).`,
      );
    return await deps.stores.backpackLinks.addHostClient({
      host,
      endpoints,
      clientId: registered.data.client_id,
      clientSecret: deps.crypto.seal(registered.data.client_secret, secretContext(host)),
      redirectUri,
      registeredAt: deps.now().toISOString(),
    });
  } catch (error) {
    throw hostFailure(host, error);
  }
}

/** JSON, or undefined for text that is not. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** ": <error_description>" of an OAuth error answer, or nothing. */
export function describeOAuthError(text: string): string {
  const body = safeJson(text) as { error?: unknown; error_description?: unknown } | undefined;
  const words = body?.error_description ?? body?.error;
  return typeof words === 'string' ? `: ${words.slice(0, 200)}` : '';
}
