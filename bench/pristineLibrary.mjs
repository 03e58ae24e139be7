/**
 * The "pristine library" baseline of bench sections 1 and 2: a separate Node process that
 * never imports src/ (test/bench/pristineLibrary.test.ts walks its imports), so jsonld runs
 * exactly as a user who installs @digitalbazaar/vc gets it, without the context handling
 * our createDeps switches on. Started by bench/pristineBaseline.ts (pinned with taskset to
 * the CPU the parent's own rounds run on) and driven over IPC, one message at a time:
 *
 *   init {key}                      -> ready {contexts}      the issuer's key pair, imported once
 *   verifyOnce {credential}         -> verified {verified, error}
 *   prepare {kind, suite, template | pool, warmupMs}
 *                                   -> prepared {sample?}    builds the operation, checks it, warms up
 *   round {ms}                      -> round {ops, ms, latencies, cpuMs}
 *   exit                            -> (exits)
 *
 * Any failure answers `failed {message}`. The key material arrives over IPC only and is never
 * printed. Contexts come from the @digitalbazaar context packages and the project's
 * contexts/ directory through this file's own offline loader; any other URL is refused.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import { contexts as didContexts } from 'did-context';
import { contexts as ed25519ContextsMap } from 'ed25519-signature-2020-context';

const CONTEXTS_DIR = new URL('../contexts/', import.meta.url);
const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

/**
 * Every context: the npm packages' own maps, then contexts/index.json for the rest (Open
 * Badges, DCC, examples). A contexts/ file that differs from its package's copy is an error,
 * since the two processes would then sign different canonical RDF.
 */
function loadContexts() {
  const contexts = new Map();
  for (const map of [
    credentialsContexts,
    dataIntegrityContexts,
    multikeyContexts,
    statusListContexts,
    didContexts,
    ed25519ContextsMap,
  ])
    for (const [url, document] of map) contexts.set(url, document);
  const index = JSON.parse(readFileSync(new URL('index.json', CONTEXTS_DIR), 'utf8'));
  for (const [url, file] of Object.entries(index)) {
    const document = JSON.parse(readFileSync(new URL(file, CONTEXTS_DIR), 'utf8'));
    const fromPackage = contexts.get(url);
    if (fromPackage === undefined) contexts.set(url, document);
    else if (!isDeepStrictEqual(fromPackage, document))
      throw new Error(`contexts/${file} differs from the npm package's copy of ${url}`);
  }
  return contexts;
}

/** The DID document of an Ed25519 did:key, derived from the DID itself (no resolution). */
function didKeyDocument(did) {
  const multibase = did.slice('did:key:'.length);
  if (!multibase.startsWith('z6Mk')) throw new Error(`Not an Ed25519 did:key: ${did}`);
  const id = `${did}#${multibase}`;
  return {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase: multibase }],
    assertionMethod: [id],
    authentication: [id],
  };
}

/**
 * An offline loader as jsonld-document-loader builds one: static documents tagged `static`
 * (so jsonld resolves each context once per process), did:key derived locally, and every
 * other URL refused: nothing is ever fetched.
 */
function createDocumentLoader(contexts) {
  return async (url) => {
    const context = contexts.get(url);
    if (context !== undefined)
      return { contextUrl: null, documentUrl: url, document: context, tag: 'static' };
    if (url.startsWith('did:key:')) {
      const [did, fragment] = url.split('#');
      const document = didKeyDocument(did);
      if (fragment === undefined) return { contextUrl: null, documentUrl: url, document };
      const method = document.verificationMethod.find((m) => m.id === url);
      if (!method) throw new Error(`${url} is not a verification method of ${did}`);
      return { contextUrl: null, documentUrl: url, document: { '@context': MULTIKEY_CONTEXT, ...method } };
    }
    throw new Error(`The pristine baseline is offline: refusing to load ${url}`);
  };
}

const contexts = loadContexts();
const documentLoader = createDocumentLoader(contexts);
let keyPair;
let operation;

/** A new signing suite per call, with the library's own signer, as digitalbazaar's README shows. */
function signingSuite(suite) {
  const signer = keyPair.signer();
  return suite === 'Ed25519Signature2020'
    ? new Ed25519Signature2020({ signer })
    : new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022 });
}

/** The library's verification with its own suites; the status check is a no-op it insists on. */
function verify(credential) {
  return vc.verifyCredential({
    credential,
    suite: [new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), new Ed25519Signature2020()],
    documentLoader,
    checkStatus: async () => ({ verified: true }),
  });
}

function verifyError(result) {
  const error = result.error ?? result.results?.find((r) => !r.verified)?.error;
  return error?.errors?.[0]?.message ?? error?.message ?? JSON.stringify(result).slice(0, 500);
}

async function verifyOrThrow(credential) {
  const result = await verify(credential);
  if (!result.verified) throw new Error(`vc.verifyCredential rejected it: ${verifyError(result)}`);
  return result;
}

function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Back-to-back calls for `ms` (bench/stats.ts runFor, repeated here to import nothing of ours). */
async function runFor(fn, ms) {
  const latencies = [];
  const start = nowMs();
  const deadline = start + ms;
  let last = start;
  while (last < deadline) {
    await fn();
    const t = nowMs();
    latencies.push(t - last);
    last = t;
  }
  return { ops: latencies.length, ms: last - start, latencies };
}

async function warmUp(fn, ms, minCount = 20) {
  const start = nowMs();
  for (let i = 0; i < minCount || nowMs() - start < ms; i++) await fn();
}

/** Builds the timed operation; an issued sample must verify here before any timing. */
async function prepare({ kind, suite, template, pool, warmupMs }) {
  let sample;
  if (kind === 'issue') {
    operation = () =>
      vc.issue({
        credential: { ...structuredClone(template), id: `urn:uuid:${randomUUID()}` },
        suite: signingSuite(suite),
        documentLoader,
      });
    sample = await operation();
    await verifyOrThrow(sample);
  } else {
    for (const credential of pool) await verifyOrThrow(credential);
    let i = 0;
    operation = async () => {
      const result = await verify(pool[i++ % pool.length]);
      if (!result.verified) throw new Error(`vc.verifyCredential failed mid-run: ${verifyError(result)}`);
    };
  }
  await warmUp(operation, warmupMs);
  return { type: 'prepared', sample };
}

async function handle(message) {
  switch (message.type) {
    case 'init':
      keyPair = await Ed25519Multikey.from(message.key);
      return { type: 'ready', contexts: contexts.size };
    case 'verifyOnce': {
      const result = await verify(message.credential);
      return {
        type: 'verified',
        verified: result.verified,
        error: result.verified ? '' : verifyError(result),
      };
    }
    case 'prepare':
      return prepare(message);
    case 'round': {
      const cpu = process.cpuUsage();
      const sample = await runFor(operation, message.ms);
      const used = process.cpuUsage(cpu);
      return { type: 'round', ...sample, cpuMs: (used.user + used.system) / 1000 };
    }
    case 'exit':
      process.exit(0);
      return undefined;
    default:
      throw new Error(`Unknown message ${JSON.stringify(message.type)}`);
  }
}

if (!process.send)
  throw new Error('bench/pristineLibrary.mjs is a child process: start it with an IPC channel');
process.on('message', (message) => {
  handle(message).then(
    (reply) => process.send(reply),
    (error) =>
      process.send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
