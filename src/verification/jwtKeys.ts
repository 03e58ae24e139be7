/**
 * The key a VC-JWT is verified with, and the proof that it is its issuer's: the header's
 * `kid` (a DID URL) or embedded `jwk` must be a key the issuer's DID document lists under
 * assertionMethod. A key the JWT merely carries proves only that someone signed; without
 * this binding anyone could sign as any issuer, ours included, and earn its standing here.
 * did:key (Ed25519, P-256, RSA) and did:jwk documents follow from the DID itself; any other
 * DID goes through the resolver (did:web over the main thread's safe fetch).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import * as base58btc from 'base58-universal';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { splitDidUrl } from '../credentials/didDocuments.js';
import type { DidResolver } from '../jsonld/documentLoader.js';
import { DidResolutionError } from '../jsonld/didResolver.js';
import type { Finding } from './result.js';

type Json = Record<string, unknown>;

/** Multicodec headers (varint) of the public keys a did:key or Multikey may hold here. */
const ED25519_PUB = [0xed, 0x01];
const P256_PUB = [0x80, 0x24];
const RSA_PUB = [0x85, 0x24];
/** DER prefixes that wrap a raw Ed25519 key and a compressed P-256 point as SubjectPublicKeyInfo. */
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const P256_SPKI = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');
/** A did:jwk is a public JWK; a 4096-bit RSA key is under 1 KB of base64url. */
const MAX_DID_JWK_CHARS = 2048;

const startsWith = (bytes: Uint8Array, header: number[]) => header.every((b, i) => bytes[i] === b);

/**
 * An RSA check costs with the size of the modulus and of the exponent, both the document's
 * choice: 8192 bits and a 48-bit exponent bound it (real keys: 2048-4096 bits, e = 65537).
 */
const MAX_RSA_N_CHARS = 1366;
const MAX_RSA_E_CHARS = 8;

/** Only the public members: a `d` (private) or odd member in a published key is ignored, never used. */
function publicJwk(jwk: Json): JWK | undefined {
  const members = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;
  const picked: JWK = {};
  for (const m of members) if (typeof jwk[m] === 'string') picked[m] = jwk[m] as string;
  if (picked.kty === 'RSA')
    return (picked.n?.length ?? 0) <= MAX_RSA_N_CHARS && (picked.e?.length ?? 0) <= MAX_RSA_E_CHARS
      ? picked
      : undefined;
  return picked.kty === 'OKP' || picked.kty === 'EC' ? picked : undefined;
}

/** A multibase (base58btc) multicodec public key as a JWK. */
function multikeyJwk(multibase: string): JWK | undefined {
  if (!multibase.startsWith('z') || multibase.length > 1200) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = base58btc.decode(multibase.slice(1));
  } catch {
    return undefined;
  }
  const body = Buffer.from(bytes.subarray(2));
  try {
    let key: KeyObject | undefined;
    if (startsWith(bytes, ED25519_PUB) && body.length === 32)
      key = createPublicKey({ key: Buffer.concat([ED25519_SPKI, body]), format: 'der', type: 'spki' });
    else if (startsWith(bytes, P256_PUB) && body.length === 33)
      key = createPublicKey({ key: Buffer.concat([P256_SPKI, body]), format: 'der', type: 'spki' });
    else if (startsWith(bytes, RSA_PUB)) key = createPublicKey({ key: body, format: 'der', type: 'pkcs1' });
    return key ? publicJwk(key.export({ format: 'jwk' }) as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** The key of a verification method: `publicKeyJwk` (JsonWebKey, JsonWebKey2020) or `publicKeyMultibase` (Multikey and the like). */
function methodJwk(method: Json): JWK | undefined {
  if (method.publicKeyJwk && typeof method.publicKeyJwk === 'object')
    return publicJwk(method.publicKeyJwk as Json);
  if (typeof method.publicKeyMultibase === 'string') return multikeyJwk(method.publicKeyMultibase);
  return undefined;
}

/** A one-key DID document, for the DID methods whose DID is the key. */
function keyDocument(did: string, fragment: string, method: Json): Json {
  const id = `${did}#${fragment}`;
  return { id: did, verificationMethod: [{ id, controller: did, ...method }], assertionMethod: [id] };
}

/** The issuer's DID document: did:key and did:jwk here, any other method through `resolveDid`. */
export async function issuerDocument(did: string, resolveDid: DidResolver): Promise<Json> {
  if (did.startsWith('did:key:')) {
    const multibase = did.slice('did:key:'.length);
    if (!multikeyJwk(multibase))
      throw new DidResolutionError(
        did,
        `Unsupported or malformed did:key (Ed25519, P-256 and RSA keys are read): ${did}`,
      );
    return keyDocument(did, multibase, { type: 'Multikey', publicKeyMultibase: multibase });
  }
  if (did.startsWith('did:jwk:')) {
    const encoded = did.slice('did:jwk:'.length);
    let jwk: JWK | undefined;
    try {
      if (encoded.length <= MAX_DID_JWK_CHARS)
        jwk = publicJwk(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Json);
    } catch {
      jwk = undefined;
    }
    if (!jwk) throw new DidResolutionError(did, `Malformed did:jwk: ${did.slice(0, 80)}`);
    return keyDocument(did, '0', { type: 'JsonWebKey', publicKeyJwk: jwk });
  }
  const document = await resolveDid(did);
  if (document.id !== did)
    throw new DidResolutionError(
      did,
      `The DID document resolved for ${did} names itself ${String(document.id)}`,
    );
  return document;
}

/** The issuer's assertion keys: each assertionMethod entry, a reference into verificationMethod or embedded. */
function assertionKeys(document: Json): { id: string; jwk: JWK }[] {
  const did = String(document.id);
  const absolute = (id: unknown) => (typeof id === 'string' && id.startsWith('#') ? `${did}${id}` : id);
  const methods = ([] as unknown[])
    .concat(document.verificationMethod ?? [])
    .filter((m): m is Json => !!m && typeof m === 'object');
  const keys: { id: string; jwk: JWK }[] = [];
  for (const entry of ([] as unknown[]).concat(document.assertionMethod ?? [])) {
    const method =
      typeof entry === 'string'
        ? methods.find((m) => absolute(m.id) === absolute(entry))
        : (entry as Json | null);
    const id = absolute(method?.id);
    const jwk = method ? methodJwk(method) : undefined;
    if (typeof id === 'string' && jwk) keys.push({ id, jwk });
  }
  return keys;
}

const mismatch = (message: string): Finding => ({ code: 'issuer_mismatch', message });

/**
 * The issuer key the JWT header names, or why there is none. `kid` may be absolute, relative
 * (`#key-1`) or absent when the issuer has a single assertion key (a did:key); an embedded
 * `jwk` is used only when the issuer lists that very key (compared by RFC 7638 thumbprint).
 */
export async function issuerKeyFor(header: Json, document: Json): Promise<JWK | Finding> {
  const did = String(document.id);
  const keys = assertionKeys(document);
  let chosen: { id: string; jwk: JWK } | undefined;
  const kid = header.kid;
  if (typeof kid === 'string' && (kid.startsWith('did:') || kid.startsWith('#'))) {
    const absolute = kid.startsWith('#') ? `${did}${kid}` : kid;
    if (splitDidUrl(absolute).did !== did)
      return mismatch(
        `The JWT was signed with a key of ${splitDidUrl(absolute).did}, not of its issuer ${did}`,
      );
    chosen = keys.find((k) => k.id === absolute);
    if (!chosen) return mismatch(`The JWT's kid ${absolute} is not an assertion key of its issuer ${did}`);
  }
  if (header.jwk !== undefined) {
    const embedded = header.jwk && typeof header.jwk === 'object' ? publicJwk(header.jwk as Json) : undefined;
    if (!embedded)
      return { code: 'invalid_signature', message: 'The JWT header carries a jwk that is not a public key' };
    const thumbprint = await calculateJwkThumbprint(embedded).catch(() => undefined);
    const listed: { id: string; jwk: JWK }[] = [];
    for (const key of chosen ? [chosen] : keys)
      if ((await calculateJwkThumbprint(key.jwk).catch(() => undefined)) === thumbprint) listed.push(key);
    if (!thumbprint || listed.length === 0)
      return mismatch(`The key in the JWT header is not an assertion key of its issuer ${did}`);
    chosen = listed[0];
  }
  if (!chosen) {
    if (keys.length !== 1)
      return {
        code: 'invalid_signature',
        message: `The JWT names no key (kid or jwk) and its issuer ${did} has ${keys.length} assertion keys`,
      };
    chosen = keys[0];
  }
  return chosen!.jwk;
}
