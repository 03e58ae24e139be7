/**
 * DID documents whose keys are embedded in verification relationships (DID Core 5.3), as
 * many did:web documents publish them, and the two names of each OB 3.0 schema. The proof
 * checks end to end are in test/http/othersCredentials.test.ts; these pin the pieces.
 */
import { describe, expect, it } from 'vitest';
import {
  createDidResolver,
  DidResolutionError,
  withAbsoluteMethodIds,
} from '../../src/jsonld/didResolver.js';
import { createDocumentLoader, loadBundledContexts } from '../../src/jsonld/documentLoader.js';
import { createSchemaValidator, OB3_ACHIEVEMENT_SCHEMA_ID } from '../../src/credentials/schemaValidator.js';

const DID = 'did:web:issuer.example';
const KEY = 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const document = {
  '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/ed25519-2020/v1'],
  id: DID,
  assertionMethod: [
    { id: `${DID}#assert`, type: 'Multikey', controller: DID, publicKeyMultibase: KEY },
    '#listed',
  ],
  authentication: [{ id: '#login', type: 'Ed25519VerificationKey2020', publicKeyMultibase: KEY }],
  verificationMethod: [{ id: '#listed', type: 'Multikey', controller: DID, publicKeyMultibase: KEY }],
};
const resolverOf = (published: Record<string, unknown>) =>
  createDidResolver({ ownDocuments: new Map(), fetchJson: async () => structuredClone(published) });

describe('verification methods embedded in a DID document', () => {
  it('resolves a method embedded in assertionMethod, with the context of its type', async () => {
    const resolve = resolverOf(document);
    expect(await resolve(`${DID}#assert`)).toEqual({
      '@context': 'https://w3id.org/security/multikey/v1',
      id: `${DID}#assert`,
      type: 'Multikey',
      controller: DID,
      publicKeyMultibase: KEY,
    });
  });

  it('resolves one embedded under a relative id, made absolute, its controller the DID, Ed25519VerificationKey2020 with its own context', async () => {
    const method = await resolverOf(document)(`${DID}#login`);
    expect(method).toEqual({
      '@context': 'https://w3id.org/security/suites/ed25519-2020/v1',
      id: `${DID}#login`,
      type: 'Ed25519VerificationKey2020',
      controller: DID,
      publicKeyMultibase: KEY,
    });
  });

  it('still resolves methods listed in verificationMethod, and refuses a fragment the document does not define', async () => {
    const resolve = resolverOf(document);
    expect(await resolve(`${DID}#listed`)).toMatchObject({ id: `${DID}#listed`, type: 'Multikey' });
    await expect(resolve(`${DID}#nowhere`)).rejects.toBeInstanceOf(DidResolutionError);
    // A string entry of a relationship only refers to a method; it does not define one.
    await expect(
      resolverOf({ id: DID, assertionMethod: [`${DID}#dangling`] })(`${DID}#dangling`),
    ).rejects.toThrow(/is not a verification method/);
  });

  it('returns the document as published, but the loader gives proof purposes its relative ids made absolute', async () => {
    const resolve = resolverOf(document);
    expect(await resolve(DID)).toEqual(document);
    const loader = createDocumentLoader({ contexts: loadBundledContexts(), resolveDid: resolve });
    const loaded = (await loader(DID)).document as Record<string, unknown[]>;
    expect(loaded.assertionMethod).toEqual([document.assertionMethod[0], `${DID}#listed`]);
    expect(loaded.authentication).toEqual([{ ...document.authentication[0], id: `${DID}#login` }]);
    expect(loaded.verificationMethod).toEqual([{ ...document.verificationMethod[0], id: `${DID}#listed` }]);
    expect(withAbsoluteMethodIds({ id: DID, assertionMethod: '#one' })).toEqual({
      id: DID,
      assertionMethod: [`${DID}#one`],
    });
  });
});

describe('OB 3.0 schema names', () => {
  const schemas = createSchemaValidator();
  const base = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/';
  const vc2 = {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
  };
  const vc1 = {
    '@context': [
      'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
    ],
  };

  it('knows each schema by the URL 1EdTech publishes it at and by its $id; we issue with the published URL', () => {
    expect(OB3_ACHIEVEMENT_SCHEMA_ID).toBe(`${base}ob_v3p0_achievementcredential_schema.json`);
    for (const name of ['achievementcredential', 'endorsementcredential', 'profile']) {
      expect(schemas.has(`${base}ob_v3p0_${name}_schema.json`), name).toBe(true);
      expect(schemas.has(`${base}ob_v3p0_${name}-jsonschema1.json`), name).toBe(true);
    }
    expect(schemas.has(`${base}ob_v3p0_nothing_schema.json`)).toBe(false);
    expect(schemas.has(`${base}ob_v3p0_achievementcredential_schema.json.evil`)).toBe(false);
  });

  it('validates the same way under both names', () => {
    const problems = (id: string) =>
      schemas.validate(id, { ...vc2, type: ['VerifiableCredential'] }).map((p) => p.message);
    const published = problems(`${base}ob_v3p0_achievementcredential_schema.json`);
    expect(published.length).toBeGreaterThan(0);
    expect(published).toEqual(problems(`${base}ob_v3p0_achievementcredential-jsonschema1.json`));
  });

  it('holds the schemas for VC 2.0 credentials only: a VC 1.1 badge was written against an earlier version', () => {
    expect(schemas.has(OB3_ACHIEVEMENT_SCHEMA_ID, vc2)).toBe(true);
    expect(schemas.has(OB3_ACHIEVEMENT_SCHEMA_ID, vc1)).toBe(false);
    expect(schemas.has(`${base}ob_v3p0_achievementcredential-jsonschema1.json`, vc1)).toBe(false);
  });
});
