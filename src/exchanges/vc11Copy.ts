/**
 * The VC Data Model 1.1 form of a wallet copy, for the `ldp_vc` wallets that take nothing
 * newer: Credo's W3cJsonLdVerifiableCredential accepts only the 1.1 model (its context
 * first, `issuanceDate`), and Sphereon's SSI-SDK verifies only Ed25519Signature2018/2020
 * linked-data proofs, not eddsa-rdfc-2022. So the stored (VC 2.0, Data Integrity) copy is
 * re-expressed the way Open Badges 3.0 wrote credentials before it moved to VC 2.0, and
 * signed with Ed25519Signature2020 by our key. Both forms are one credential: one id, one
 * number, one status entry, so revoking it (or its original) revokes both, as with the
 * VC-JWT form (vcJwt.ts).
 *
 * The proof's `created` is the copy's `validFrom`, not the time of the request, so a
 * wallet retrying the request receives the very same credential (Ed25519 is deterministic).
 */
import type { SignCredential } from '../credentials/signCredential.js';
import {
  OB_CONTEXT,
  OB_EXTENSIONS_CONTEXT,
  STATUS_V1_CONTEXT,
  VC_V1_CONTEXT,
  VC_V2_CONTEXT,
} from '../credentials/prepareCredential.js';
import { OB3_ACHIEVEMENT_SCHEMA_ID } from '../credentials/schemaValidator.js';

type Json = Record<string, unknown>;

/**
 * The Open Badges 3.0 context of its VC 1.1 form. 3.0.0 and 3.0.1 redefine terms the VC 2.0
 * context protects, so they go with VC 1.1 only; 3.0.1 defines every term of 3.0.3 (the
 * context of our VC 2.0 credentials) but `inLanguage`, while 3.0.2 also lacks `awardedDate`.
 */
export const OB_VC11_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json';

/** The VC 1.1 names of the VC 2.0 validity dates. */
const VC11_DATES: Record<string, string> = { validFrom: 'issuanceDate', validUntil: 'expirationDate' };

/** The unsigned VC 1.1 form of a stored VC 2.0 credential of ours (its proof left out). */
function asVc11(credential: Json): Json {
  const contexts = ([] as unknown[]).concat(credential['@context'] ?? []);
  const out: Json = {
    '@context': contexts.map((context) =>
      context === VC_V2_CONTEXT ? VC_V1_CONTEXT : context === OB_CONTEXT ? OB_VC11_CONTEXT : context,
    ),
  };
  for (const [key, value] of Object.entries(credential)) {
    if (key === '@context' || key === 'proof') continue;
    out[VC11_DATES[key] ?? key] = structuredClone(value);
  }
  // 1EdTech now serves the VC 2.0 achievement schema at that URL (it requires the VC 2.0
  // context first), so a verifier that fetches it would call this form invalid.
  const schemas = ([] as unknown[])
    .concat(out.credentialSchema ?? [])
    .filter((schema) => (schema as Json | undefined)?.id !== OB3_ACHIEVEMENT_SCHEMA_ID);
  if (schemas.length > 0) out.credentialSchema = schemas;
  else delete out.credentialSchema;
  // The extensions context defines only 1EdTech extension types (issuing adds it for that
  // schema's type): left unused, it would be one more context for a wallet to fetch.
  const outContexts = (out['@context'] as unknown[]).filter(
    (context) => context !== OB_EXTENSIONS_CONTEXT || JSON.stringify(out).includes('1EdTech'),
  );
  // VC 1.1 does not define BitstringStatusListEntry.
  if (out.credentialStatus !== undefined && !outContexts.includes(STATUS_V1_CONTEXT))
    outContexts.push(STATUS_V1_CONTEXT);
  out['@context'] = outContexts;
  return out;
}

/** The VC 1.1 form of a stored copy, signed with Ed25519Signature2020 (which adds its context). */
export async function signAsVc11(sign: SignCredential, credential: Json): Promise<Json> {
  const created = typeof credential.validFrom === 'string' ? new Date(credential.validFrom) : undefined;
  return sign(asVc11(credential), { suite: 'Ed25519Signature2020', ...(created ? { date: created } : {}) });
}
