/**
 * POST /credentials/verify on credentials other issuers make (issue 16, part 7): foreign test
 * issuers built here with their own Ed25519 keys, a did:key and did:web documents whose key
 * is embedded in `assertionMethod` (Multikey, and Ed25519VerificationKey2020 under a relative
 * id), each signing eddsa-rdfc-2022 credentials on the contexts real issuers use (DCC, CLR
 * 2.0, JFF plugfests, every OB 3.0 version). The did:web documents are served by the test's
 * fetcher, which records what was asked for. The canonical 1EdTech schema URLs are checked,
 * never skipped as unknown (except for VC 1.1 badges, whose schema version is not bundled).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueVia, verifyVia, type Json } from '../fixtures/http.js';

const V1 = 'https://www.w3.org/2018/credentials/v1';
const V2 = 'https://www.w3.org/ns/credentials/v2';
const DATA_INTEGRITY = 'https://w3id.org/security/data-integrity/v2';
const DCC = 'https://w3id.org/dcc/v1';
const CLR_201 = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';
const JFF_1 = 'https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json';
const JFF_2 = 'https://w3c-ccg.github.io/vc-ed/plugfest-2-2022/jff-vc-edu-plugfest-2-context.json';
const OB = (version: string) => `https://purl.imsglobal.org/spec/ob/v3p0/${version}.json`;
const SCHEMA_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/';
const ACHIEVEMENT_SCHEMA = `${SCHEMA_BASE}ob_v3p0_achievementcredential_schema.json`;
const ENDORSEMENT_SCHEMA = `${SCHEMA_BASE}ob_v3p0_endorsementcredential_schema.json`;
const LEGACY_ACHIEVEMENT_SCHEMA = `${SCHEMA_BASE}ob_v3p0_achievementcredential-jsonschema1.json`;
const SCHEMA_TYPE = '1EdTechJsonSchemaValidator2019';

/** A foreign issuer: its DID, the key pair it signs with and, for did:web, its published document. */
interface Issuer {
  did: string;
  keyPair: Ed25519MultikeyKeyPair;
  document?: Json;
}

/** A key pair whose verification method is `methodId`, controlled by `did`. */
async function keyPairFor(did: string | ((publicKeyMultibase: string) => string), fragment?: string) {
  const generated = await Ed25519Multikey.generate();
  const controller = typeof did === 'string' ? did : did(generated.publicKeyMultibase);
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const id = `${controller}#${fragment ?? generated.publicKeyMultibase}`;
  return {
    controller,
    keyPair: await Ed25519Multikey.from({ ...exported, id, controller }),
    publicKeyMultibase: generated.publicKeyMultibase,
  };
}

async function didKeyIssuer(): Promise<Issuer> {
  const { controller, keyPair } = await keyPairFor((multibase) => `did:key:${multibase}`);
  return { did: controller, keyPair };
}

/** A did:web whose only key is a Multikey embedded in assertionMethod, with an absolute id. */
async function didWebEmbeddedMultikey(did: string): Promise<Issuer> {
  const { keyPair, publicKeyMultibase } = await keyPairFor(did, 'key-1');
  const document = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    assertionMethod: [{ id: `${did}#key-1`, type: 'Multikey', controller: did, publicKeyMultibase }],
  };
  return { did, keyPair, document };
}

/** A did:web whose key is an Ed25519VerificationKey2020 embedded in assertionMethod under a relative id. */
async function didWebEmbedded2020(did: string): Promise<Issuer> {
  const { keyPair, publicKeyMultibase } = await keyPairFor(did, 'key-2020');
  const document = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/ed25519-2020/v1'],
    id: did,
    assertionMethod: [
      { id: '#key-2020', type: 'Ed25519VerificationKey2020', controller: did, publicKeyMultibase },
    ],
  };
  return { did, keyPair, document };
}

/** Signs as the issuer would: DataIntegrityProof, eddsa-rdfc-2022, over the bundled contexts. */
async function sign(t: TestApp, issuer: Issuer, credential: Json): Promise<Json> {
  const suite = new DataIntegrityProof({ signer: issuer.keyPair.signer(), cryptosuite: eddsaRdfc2022 });
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader: t.deps.documentLoader });
}

const profile = (issuer: Issuer, name: string) => ({ id: issuer.did, type: ['Profile'], name });

/** A DCC-style course credential on VC 1.1 and https://w3id.org/dcc/v1 (as DCC's sign-and-verify issues). */
const dccCredential = (issuer: Issuer): Json => ({
  '@context': [V1, DCC, DATA_INTEGRITY],
  id: 'urn:uuid:8f5b0c8e-5d0f-4c57-9a63-1d1c2b7a6f01',
  type: ['VerifiableCredential', 'LearningCredential'],
  issuer: {
    id: issuer.did,
    type: 'Issuer',
    name: 'Example Community College',
    url: 'https://college.example',
  },
  issuanceDate: '2025-06-01T12:00:00Z',
  credentialSubject: {
    id: 'did:example:learner-42',
    type: 'Person',
    name: 'Thandiwe Nkosi',
    hasCredential: {
      type: 'EducationalOccupationalCredential',
      name: 'Introduction to Data Analysis',
      description: 'Twelve-week course: spreadsheets, descriptive statistics and charts.',
      credentialCategory: 'Certificate',
      competencyRequired: 'Passed all assessments',
    },
  },
});

/** A CLR 2.0 transcript with two achievements and how they relate. */
const clrCredential = (issuer: Issuer): Json => ({
  '@context': [V2, CLR_201, OB('context-3.0.3')],
  id: 'urn:uuid:1c9d7d02-4b8e-4d2a-8a0e-6f1b9a1d0c11',
  type: ['VerifiableCredential', 'ClrCredential'],
  issuer: profile(issuer, 'Example University Registrar'),
  validFrom: '2025-07-01T00:00:00Z',
  name: 'Transcript: BSc Computer Science (partial)',
  partial: true,
  credentialSubject: {
    id: 'did:example:student-7',
    type: ['ClrSubject'],
    achievement: [
      {
        id: 'https://university.example/courses/cs101',
        type: ['Achievement'],
        name: 'CS101 Programming',
        description: 'First programming course.',
        criteria: { narrative: 'Passed the course.' },
      },
      {
        id: 'https://university.example/programs/bsc-cs',
        type: ['Achievement'],
        name: 'BSc Computer Science',
        description: 'The degree programme.',
        criteria: { narrative: 'Completed 360 credits.' },
      },
    ],
    association: [
      {
        type: 'Association',
        associationType: 'isChildOf',
        sourceId: 'https://university.example/courses/cs101',
        targetId: 'https://university.example/programs/bsc-cs',
      },
    ],
  },
});

/** An Open Badge as the JFF plugfests issued them: VC 1.1 and the plugfest context. */
const jffCredential = (issuer: Issuer, context: string, subjectName: string): Json => ({
  '@context': [V1, context, DATA_INTEGRITY],
  id: `urn:uuid:${crypto.randomUUID()}`,
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: {
    id: issuer.did,
    type: 'Profile',
    name: 'Jobs for the Future (JFF)',
    url: 'https://www.jff.org/',
    image: 'https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/images/JFF_LogoLockup.png',
  },
  issuanceDate: '2022-11-01T00:00:00Z',
  name: 'JFF x vc-edu PlugFest 2 Interoperability',
  credentialSubject: {
    type: 'AchievementSubject',
    id: 'did:example:wallet-holder',
    achievement: {
      id: 'urn:uuid:bd6d9316-f7ae-4073-a1e5-2f7f5bd22922',
      type: 'Achievement',
      name: subjectName,
      description: 'This wallet can display this Open Badge 3.0',
      criteria: {
        type: 'Criteria',
        narrative: 'Solutions providers earned this badge by demonstrating interoperability.',
      },
      image: {
        id: 'https://w3c-ccg.github.io/vc-ed/plugfest-2-2022/images/JFF-VC-EDU-PLUGFEST2-badge-image.png',
        type: 'Image',
      },
    },
  },
});

/**
 * An Open Badge 3.0 naming the canonical achievement schema, as 1EdTech's examples do (its
 * extensions context defines the schema's type). On VC 2.0 for contexts 3.0.2 and 3.0.3; the
 * earlier two redefine terms VC 2.0 protects, so they were issued on VC 1.1.
 */
const openBadge = (issuer: Issuer, context: string, vc1 = false): Json => ({
  '@context': vc1 ? [V1, context, OB('extensions'), DATA_INTEGRITY] : [V2, context, OB('extensions')],
  id: `urn:uuid:${crypto.randomUUID()}`,
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: profile(issuer, 'Example Training Provider'),
  ...(vc1 ? { issuanceDate: '2023-03-01T09:00:00Z' } : { validFrom: '2025-03-01T09:00:00Z' }),
  name: 'Safe Food Handling',
  credentialSubject: {
    type: ['AchievementSubject'],
    achievement: {
      id: 'https://training.example/achievements/food-safety',
      type: ['Achievement'],
      name: 'Safe Food Handling',
      description: 'Handles, stores and serves food safely.',
      criteria: { narrative: 'Passed the practical and the written test.' },
    },
  },
  credentialSchema: [{ id: ACHIEVEMENT_SCHEMA, type: SCHEMA_TYPE }],
});

/** An Open Badge 3.0 endorsement of an achievement, naming the canonical endorsement schema. */
const endorsement = (issuer: Issuer, context: string): Json => ({
  '@context': [V2, context, OB('extensions')],
  id: `urn:uuid:${crypto.randomUUID()}`,
  type: ['VerifiableCredential', 'EndorsementCredential'],
  issuer: profile(issuer, 'Example Hospitality Association'),
  validFrom: '2025-04-01T00:00:00Z',
  name: 'Endorsement of Safe Food Handling',
  credentialSubject: {
    id: 'https://training.example/achievements/food-safety',
    type: ['EndorsementSubject'],
    endorsementComment: 'Meets the association standard for kitchen staff.',
  },
  credentialSchema: [{ id: ENDORSEMENT_SCHEMA, type: SCHEMA_TYPE }],
});

let t: TestApp;
let published: Map<string, Json>;
let fetched: string[];

beforeEach(async () => {
  published = new Map();
  fetched = [];
  t = await createTestApp({
    fetchJson: async (url) => {
      fetched.push(url);
      const document = published.get(url);
      if (!document) throw new Error(`connect ECONNREFUSED ${url}`);
      return structuredClone(document);
    },
  });
});
afterEach(async () => {
  await t.close();
});

/** Publishes a did:web issuer's document where its method says it lives. */
function publish(issuer: Issuer): Issuer {
  const host = issuer.did.slice('did:web:'.length);
  published.set(`https://${host}/.well-known/did.json`, issuer.document!);
  return issuer;
}

/** Verifies and asserts every check passed; returns the body. */
async function expectVerified(credential: Json, label: string): Promise<Json> {
  const { status, body } = await verifyVia(t, credential);
  expect(status, `${label}: ${JSON.stringify(body)}`).toBe(200);
  expect(body.verified, label).toBe(true);
  expect(body.errors, label).toEqual([]);
  expect(
    body.checks.filter((c: Json) => !c.valid),
    label,
  ).toEqual([]);
  expect(
    body.checks.find((c: Json) => c.id === 'proof'),
    label,
  ).toEqual({ id: 'proof', valid: true });
  return body;
}

/** Verifies and asserts the proof failed with `code`. */
async function expectProofFailure(credential: Json, code: string, label: string): Promise<Json> {
  const { status, body } = await verifyVia(t, credential);
  expect(status, `${label}: ${JSON.stringify(body)}`).toBe(400);
  expect(body.verified, label).toBe(false);
  expect(
    body.checks.find((c: Json) => c.id === 'proof'),
    label,
  ).toMatchObject({ valid: false, error: { code } });
  return body;
}

const warningCodes = (body: Json) => (body.warnings as Json[]).map((w) => w.code);

describe('a did:key issuer of its own', () => {
  it('verifies a DCC course credential (w3id.org/dcc/v1), a CLR 2.0 transcript and a JFF plugfest 1 badge', async () => {
    const issuer = await didKeyIssuer();
    const credentials: Array<[string, Json]> = [
      ['DCC', dccCredential(issuer)],
      ['CLR 2.0', clrCredential(issuer)],
      ['JFF plugfest 1', jffCredential(issuer, JFF_1, 'JFF x vc-edu PlugFest 1 Interoperability')],
    ];
    for (const [label, credential] of credentials) {
      const signed = await sign(t, issuer, credential);
      expect(signed.proof, label).toMatchObject({
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        verificationMethod: issuer.keyPair.id,
      });
      await expectVerified(signed, label);
    }
    expect(fetched).toEqual([]);
  });

  it('verifies OB 3.0 badges on VC 1.1 (context.json, i.e. 3.0.0, and 3.0.1); their schema, the VC 1.1 version, is not held and says so', async () => {
    const issuer = await didKeyIssuer();
    for (const version of ['context', 'context-3.0.1']) {
      const body = await expectVerified(await sign(t, issuer, openBadge(issuer, OB(version), true)), version);
      expect(body.warnings.find((w: Json) => w.code === 'schema_unknown')?.message, version).toContain(
        ACHIEVEMENT_SCHEMA,
      );
    }
  });

  it('fails a tampered CLR transcript and DCC credential with invalid_signature', async () => {
    const issuer = await didKeyIssuer();
    const clr = await sign(t, issuer, clrCredential(issuer));
    clr.credentialSubject.achievement[1].name = 'PhD Computer Science';
    await expectProofFailure(clr, 'invalid_signature', 'CLR');
    const dcc = await sign(t, issuer, dccCredential(issuer));
    dcc.credentialSubject.name = 'Mallory';
    await expectProofFailure(dcc, 'invalid_signature', 'DCC');
  });
});

describe('a did:web issuer whose key is embedded in assertionMethod', () => {
  it('verifies its JFF plugfest 2 badge and OB 3.0.2 badge (Multikey), fetching its DID document', async () => {
    const issuer = publish(await didWebEmbeddedMultikey('did:web:badges.college.example'));
    await expectVerified(
      await sign(t, issuer, jffCredential(issuer, JFF_2, 'JFF x vc-edu PlugFest 2 Interoperability')),
      'JFF plugfest 2',
    );
    const body = await expectVerified(
      await sign(t, issuer, openBadge(issuer, OB('context-3.0.2'))),
      'OB 3.0.2',
    );
    expect(warningCodes(body)).not.toContain('schema_unknown');
    expect(new Set(fetched)).toEqual(new Set(['https://badges.college.example/.well-known/did.json']));
  });

  it('verifies an OB 3.0.3 badge and an endorsement (canonical endorsement schema) signed with an Ed25519VerificationKey2020 under a relative id', async () => {
    const issuer = publish(await didWebEmbedded2020('did:web:association.example'));
    for (const [label, credential] of [
      ['OB 3.0.3', openBadge(issuer, OB('context-3.0.3'))],
      ['endorsement', endorsement(issuer, OB('context-3.0.3'))],
    ] as const) {
      const body = await expectVerified(await sign(t, issuer, credential), label);
      expect(
        body.checks.find((c: Json) => c.id === 'schema'),
        label,
      ).toEqual({ id: 'schema', valid: true });
      expect(warningCodes(body), label).not.toContain('schema_unknown');
    }
  });

  it('checks the canonical schema for real: a badge missing what the schema requires fails schema_invalid', async () => {
    const issuer = publish(await didWebEmbeddedMultikey('did:web:badges.college.example'));
    const credential = openBadge(issuer, OB('context-3.0.2'));
    delete credential.credentialSubject.achievement.criteria;
    const { status, body } = await verifyVia(t, await sign(t, issuer, credential));
    expect(status).toBe(400);
    expect(body.checks.find((c: Json) => c.id === 'proof')).toEqual({ id: 'proof', valid: true });
    expect(body.checks.find((c: Json) => c.id === 'schema')).toMatchObject({
      valid: false,
      error: { code: 'schema_invalid' },
    });
    expect(body.checks.find((c: Json) => c.id === 'schema').error.message).toContain(
      "must have required property 'criteria'",
    );
  });

  it('fails a tampered badge with invalid_signature', async () => {
    const issuer = publish(await didWebEmbeddedMultikey('did:web:badges.college.example'));
    const signed = await sign(
      t,
      issuer,
      jffCredential(issuer, JFF_2, 'JFF x vc-edu PlugFest 2 Interoperability'),
    );
    signed.credentialSubject.achievement.name = 'Something else';
    await expectProofFailure(signed, 'invalid_signature', 'tampered JFF 2');
  });

  it('refuses a key the document embeds only under authentication: it may not sign credentials', async () => {
    const issuer = await didWebEmbeddedMultikey('did:web:login-only.example');
    const { assertionMethod, ...rest } = issuer.document!;
    publish({ ...issuer, document: { ...rest, authentication: assertionMethod } });
    const body = await expectProofFailure(
      await sign(t, issuer, openBadge(issuer, OB('context-3.0.2'))),
      'issuer_mismatch',
      'authentication only',
    );
    expect(body.verified).toBe(false);
  });

  it('refuses a key listed in verificationMethod when assertionMethod embeds another key', async () => {
    const issuer = await didWebEmbeddedMultikey('did:web:two-keys.example');
    const { keyPair: other, publicKeyMultibase } = await keyPairFor(issuer.did, 'other');
    publish({
      ...issuer,
      document: {
        ...issuer.document,
        verificationMethod: [{ id: other.id, type: 'Multikey', controller: issuer.did, publicKeyMultibase }],
      },
    });
    const signedWithOther = await sign(
      t,
      { ...issuer, keyPair: other },
      openBadge(issuer, OB('context-3.0.2')),
    );
    await expectProofFailure(signedWithOther, 'issuer_mismatch', 'key not under assertionMethod');
    // The embedded key of the same document still signs.
    await expectVerified(await sign(t, issuer, openBadge(issuer, OB('context-3.0.2'))), 'embedded key');
  });
});

describe('the schema ids we issue with', () => {
  it('our Open Badges name the canonical 1EdTech schema URL, and it is checked when verified', async () => {
    const { vc: ours } = await issueVia(t, openBadgeRequest());
    expect(ours.credentialSchema).toEqual([{ id: ACHIEVEMENT_SCHEMA, type: SCHEMA_TYPE }]);
    const body = await expectVerified(ours, 'ours');
    expect(body.checks.find((c: Json) => c.id === 'schema')).toEqual({ id: 'schema', valid: true });
    expect(warningCodes(body)).not.toContain('schema_unknown');
  });

  it('credentials naming the schema by its old id (as we issued before) are still checked', async () => {
    const { vc: old } = await issueVia(
      t,
      openBadgeRequest({ credentialSchema: [{ id: LEGACY_ACHIEVEMENT_SCHEMA, type: SCHEMA_TYPE }] }),
    );
    expect(old.credentialSchema[0].id).toBe(LEGACY_ACHIEVEMENT_SCHEMA);
    const body = await expectVerified(old, 'old id');
    expect(body.checks.find((c: Json) => c.id === 'schema')).toEqual({ id: 'schema', valid: true });
    expect(warningCodes(body)).not.toContain('schema_unknown');
  });
});
