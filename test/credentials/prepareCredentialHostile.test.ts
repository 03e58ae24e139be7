/**
 * prepareCredential refuses, with 400 invalid_credential and a sentence naming the field,
 * every input that would otherwise throw later while signing (a 500 after a reservation):
 * subjects that make no claims, dates that are not RFC 3339 date-times, malformed
 * termsOfUse / evidence / refreshService / credentialSchema / relatedResource, inline
 * contexts JSON-LD cannot expand or that redefine protected terms. It also keeps what is
 * valid, and gives a plain VC an issuer its contexts define.
 */
import { describe, expect, it } from 'vitest';
import { loadBundledContexts } from '../../src/jsonld/documentLoader.js';
import {
  CREDENTIAL_SUBJECT_MISSING,
  MAX_INLINE_CONTEXT_TERMS,
  STATUS_V1_CONTEXT,
  credentialSubjectMissing,
  isDateTimeStamp,
  prepareCredential,
} from '../../src/credentials/prepareCredential.js';
import type { IssuerProfile } from '../../src/credentials/issuerIdentity.js';
import { AppError } from '../../src/errors.js';
import { openBadgeRequest, plainCredentialRequest } from '../fixtures/credentials.js';

type Json = Record<string, any>;

const V2 = 'https://www.w3.org/ns/credentials/v2';
const V1 = 'https://www.w3.org/2018/credentials/v1';
const OUR_DID = 'did:key:z6MkpVgtX7Zgb3HVzhze4gzq26hTxz8vAfiWYSmzzeTDecBK';
const profile: IssuerProfile = {
  id: OUR_DID,
  type: ['Profile'],
  name: 'SayPro',
  url: 'https://saypro.example',
  image: { id: 'https://saypro.example/logo.png', type: 'Image' },
};
const knownContexts = loadBundledContexts();
const now = new Date('2025-06-01T12:00:00Z');

function prepare(input: unknown): Json {
  return prepareCredential(input, {
    issuer: profile,
    knownContexts,
    now,
    newId: () => 'urn:uuid:00000000-0000-4000-8000-000000000001',
  });
}

/** Asserts a 400 invalid_credential whose sentence matches `detail`; returns the error. */
function refused(input: unknown, detail: RegExp): AppError {
  let error: unknown;
  try {
    prepare(input);
  } catch (e) {
    error = e;
  }
  expect(error, 'accepted although invalid').toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe('invalid_credential');
  expect(appError.status).toBe(400);
  expect(appError.detail).toMatch(detail);
  return appError;
}

const v1Credential = (overrides: Json = {}): Json => ({
  '@context': [V1],
  type: ['VerifiableCredential'],
  credentialSubject: { id: 'did:example:holder' },
  ...overrides,
});

describe('credentialSubject must make claims', () => {
  it.each<[string, unknown, RegExp]>([
    ['an empty object', {}, /"credentialSubject" is an empty object/],
    ['an empty array', [], /"credentialSubject" is an empty array/],
    [
      'an array holding an empty object',
      [{ id: 'did:example:1' }, {}],
      /"credentialSubject\[1\]" is an empty object/,
    ],
    ['null', null, /no "credentialSubject"/],
  ])('refuses %s with reason credential_subject_missing', (_what, credentialSubject, detail) => {
    const error = refused(plainCredentialRequest({ credentialSubject }), detail);
    expect(error.extra).toEqual({ reason: CREDENTIAL_SUBJECT_MISSING });
  });

  it('refuses a credential without credentialSubject with reason credential_subject_missing', () => {
    const credential = plainCredentialRequest();
    delete credential.credentialSubject;
    expect(refused(credential, /no "credentialSubject"/).extra).toEqual({
      reason: 'credential_subject_missing',
    });
  });

  it('refuses an array entry that is not an object, naming the entry', () => {
    const error = refused(
      plainCredentialRequest({ credentialSubject: [{ id: 'did:example:1' }, 'did:example:2'] }),
      /"credentialSubject\[1\]" must be an object/,
    );
    expect(error.extra).toBeUndefined();
  });

  it('refuses a subject that is a string', () => {
    refused(
      plainCredentialRequest({ credentialSubject: 'did:example:1' }),
      /"credentialSubject" must be an object/,
    );
  });

  it('refuses an id that is an array (VC DM 2.0: a single URL)', () => {
    refused(
      plainCredentialRequest({ credentialSubject: { id: ['did:example:1', 'did:example:2'], name: 'x' } }),
      /"credentialSubject\.id" must be a single URL string/,
    );
  });

  it.each([['not a url'], [5], ['http://[broken']])('refuses the subject id %j, which is not a URL', (id) => {
    refused(
      plainCredentialRequest({ credentialSubject: { id, name: 'x' } }),
      /"credentialSubject\.id" must be a single URL string/,
    );
  });

  it('accepts a subject with only an id, and several subjects', () => {
    expect(
      prepare(plainCredentialRequest({ credentialSubject: { id: 'did:example:1' } })).credentialSubject,
    ).toEqual({ id: 'did:example:1' });
    expect(
      prepare(plainCredentialRequest({ credentialSubject: [{ id: 'did:example:1' }, { name: 'Second' }] }))
        .credentialSubject,
    ).toHaveLength(2);
  });

  it('the helper verification uses names only the no-claims cases', () => {
    expect(credentialSubjectMissing(undefined)).toMatch(/no "credentialSubject"/);
    expect(credentialSubjectMissing([])).toMatch(/empty array/);
    expect(credentialSubjectMissing({})).toMatch(/empty object/);
    expect(credentialSubjectMissing([{ id: 'did:example:1' }, {}])).toMatch(/\[1\]/);
    expect(credentialSubjectMissing({ id: 'did:example:1' })).toBeUndefined();
    expect(credentialSubjectMissing([{ name: 'x' }])).toBeUndefined();
    // Malformed, but not "missing": verification reports those as malformed_credential.
    expect(credentialSubjectMissing('did:example:1')).toBeUndefined();
  });
});

describe('dates are RFC 3339 date-times with a time zone', () => {
  const bad = [
    'Sat 25 Feb 2023 07:16:31 PM CST',
    'Sun, 26 Feb 2023 01:22:14 +0000',
    '2023-02-26',
    '2023-02-26T01:22:14',
    '2023-02-26 01:22:14Z',
    '2023-02-26T01:22Z',
    '2023-13-01T00:00:00Z',
    '2023-00-10T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-01-00T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T23:60:00Z',
    '2024-01-01T23:59:60Z',
    '2024-01-01T00:00:00+15:00',
    '2024-01-01T00:00:00+14:30',
    '2024-01-01T00:00:00+05:60',
    '2024-01-01T00:00:00.Z',
    '2024-01-01T00:00:00z',
    'x2024-01-01T00:00:00Z',
    '2024-01-01T00:00:00Zjunk',
    1706659200,
  ];

  it.each(bad)('refuses validUntil %j, naming the field', (validUntil) => {
    refused(
      plainCredentialRequest({ validUntil }),
      /^"validUntil" must be an RFC 3339 date-time with a time zone, such as 2026-01-31T00:00:00Z$/,
    );
  });

  it.each([
    ['validFrom', 'Sat 25 Feb 2023 07:16:31 PM CST', plainCredentialRequest],
    ['issuanceDate', 'Sun, 26 Feb 2023 01:22:14 +0000', v1Credential],
    ['expirationDate', '2023-02-30T00:00:00Z', v1Credential],
  ] as const)('refuses %s %j', (field, value, make) => {
    refused(make({ [field]: value }), new RegExp(`^"${field}" must be an RFC 3339 date-time`));
  });

  it('checks the form before comparing: a lenient-parse date is not reported as "before validFrom"', () => {
    refused(
      plainCredentialRequest({
        validFrom: '2030-01-01T00:00:00Z',
        validUntil: 'Sun, 26 Feb 2023 01:22:14 +0000',
      }),
      /"validUntil" must be an RFC 3339/,
    );
  });

  it.each([
    '2024-02-29T23:59:59Z',
    '2000-02-29T00:00:00Z',
    '2026-01-31T00:00:00.123456+14:00',
    '2026-01-31T00:00:00-05:30',
    '2026-12-31T23:59:59.5Z',
  ])('accepts %s', (validFrom) => {
    expect(isDateTimeStamp(validFrom)).toBe(true);
    expect(prepare(plainCredentialRequest({ validFrom, validUntil: '2096-02-29T23:59:59Z' })).validFrom).toBe(
      validFrom,
    );
  });

  it('refuses an end date already past, which would make the credential expired when issued', () => {
    const past = `${new Date(now.getTime() - 1000).toISOString().slice(0, 19)}Z`;
    refused(
      plainCredentialRequest({ validFrom: '2000-01-01T00:00:00Z', validUntil: past }),
      /^"validUntil" is in the past: the credential would be expired when issued$/,
    );
    refused(
      v1Credential({ issuanceDate: '2000-01-01T00:00:00Z', expirationDate: past }),
      /^"expirationDate" is in the past/,
    );
    // A replacement keeps its original's end, passed or not.
    const replacement = prepareCredential(
      plainCredentialRequest({ validFrom: '2000-01-01T00:00:00Z', validUntil: past }),
      { issuer: profile, knownContexts, now, newId: () => 'urn:uuid:1', endMayBePast: true },
    );
    expect(replacement.validUntil).toBe(past);
  });

  it('still refuses validUntil before validFrom, and expirationDate before issuanceDate', () => {
    refused(
      plainCredentialRequest({ validFrom: '2030-01-02T00:00:00Z', validUntil: '2030-01-01T00:00:00Z' }),
      /"validUntil" is before "validFrom"/,
    );
    refused(
      v1Credential({ issuanceDate: '2030-01-02T00:00:00Z', expirationDate: '2030-01-01T00:00:00Z' }),
      /"expirationDate" is before "issuanceDate"/,
    );
  });
});

describe('termsOfUse, evidence, refreshService, credentialSchema and relatedResource', () => {
  it.each<[string, Json, RegExp]>([
    ['termsOfUse {}', { termsOfUse: {} }, /"termsOfUse" must have a "type"/],
    [
      'termsOfUse with only an id',
      { termsOfUse: { id: 'https://example.org/policies/1' } },
      /"termsOfUse" must have a "type"/,
    ],
    [
      'termsOfUse as a string',
      { termsOfUse: 'https://example.org/policies/1' },
      /"termsOfUse" must be an object or an array of objects/,
    ],
    ['evidence {}', { evidence: {} }, /"evidence" must have a "type"/],
    ['evidence as a string', { evidence: 'abc' }, /"evidence" must be an object or an array of objects/],
    ['evidence as []', { evidence: [] }, /"evidence" is an empty array/],
    [
      'an evidence entry without a type',
      { evidence: [{ type: 'Evidence' }, { id: 'https://example.org/e/2' }] },
      /"evidence\[1\]" must have a "type"/,
    ],
    [
      'an evidence id that is not a URL',
      { evidence: { type: 'Evidence', id: 'abc' } },
      /"evidence\.id" must be a single URL string/,
    ],
    [
      'a refreshService without an id',
      { refreshService: { type: 'ManualRefreshService2018' } },
      /"refreshService" must have an "id"/,
    ],
    [
      'a refreshService without a type',
      { refreshService: { id: 'https://example.org/refresh' } },
      /"refreshService" must have a "type"/,
    ],
    [
      'a credentialSchema without an id',
      { credentialSchema: { type: 'JsonSchema' } },
      /"credentialSchema" must have an "id"/,
    ],
    [
      'a credentialSchema without a type',
      { credentialSchema: [{ id: 'https://example.org/schema.json' }] },
      /"credentialSchema\[0\]" must have a "type"/,
    ],
    [
      'a credentialSchema id that is not a URL',
      { credentialSchema: { id: 'schema.json', type: 'JsonSchema' } },
      /"credentialSchema\.id" must be a single URL string/,
    ],
    ['a type that is a number', { termsOfUse: { type: 5 } }, /"termsOfUse\.type" must be a type name/],
    [
      'a relatedResource without an id',
      { relatedResource: { digestSRI: 'sha384-abc' } },
      /"relatedResource" must have an "id"/,
    ],
    [
      'a relatedResource without a digest',
      { relatedResource: { id: 'https://example.org/logo.png' } },
      /"relatedResource" must have a "digestSRI" or a "digestMultibase"/,
    ],
    [
      'relatedResource entries with the same id',
      {
        relatedResource: [
          { id: 'https://example.org/a', digestSRI: 'sha256-abc=' },
          { id: 'https://example.org/a', digestSRI: 'sha256-abd=' },
        ],
      },
      /"relatedResource\[1\]\.id" repeats https:\/\/example\.org\/a/,
    ],
    [
      'a digestSRI that is not SRI',
      { relatedResource: { id: 'https://example.org/a', digestSRI: 'md5-abc' } },
      /"relatedResource\.digestSRI" must be a Subresource Integrity digest/,
    ],
    [
      'a digestSRI that is not a string',
      { relatedResource: { id: 'https://example.org/a', digestSRI: 5 } },
      /"relatedResource\.digestSRI"/,
    ],
    [
      'a digestMultibase that is not multibase',
      { relatedResource: { id: 'https://example.org/a', digestMultibase: 'q!!' } },
      /"relatedResource\.digestMultibase" must be a multibase string/,
    ],
  ])('refuses %s', (_what, overrides, detail) => {
    refused(plainCredentialRequest(overrides), detail);
  });

  it('keeps well-formed entries', () => {
    const overrides = {
      termsOfUse: { type: 'TrustFrameworkPolicy', id: 'https://example.org/policies/1' },
      evidence: [{ type: ['Evidence'] }, { id: 'https://example.org/evidence/2', type: 'Evidence' }],
      refreshService: { id: 'https://example.org/refresh/1', type: 'ManualRefreshService2018' },
      credentialSchema: { id: 'https://example.org/schema.json', type: 'JsonSchema' },
      relatedResource: [
        {
          id: 'https://example.org/a.png',
          digestSRI: 'sha384-S57yQDg1MTzF56Oi9DbSQ14u7jBy0RDdx0YbeV7shwhCS88G8SCXeFq82PafhCrW',
        },
        {
          id: 'https://example.org/b.png',
          digestMultibase: 'uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA',
        },
      ],
    };
    expect(prepare(plainCredentialRequest(overrides))).toMatchObject(overrides);
  });
});

describe('inline @context objects', () => {
  const withContext = (inline: unknown, subject: Json = { id: 'did:example:1', name: 'x' }): Json => ({
    '@context': [V2, inline],
    type: ['VerifiableCredential'],
    credentialSubject: subject,
  });

  it('refuses a term whose IRI is a bare word (not absolute, no prefix, no term), naming the term', () => {
    refused(
      withContext({ favouriteColour: 'colour' }),
      /inline @context term "favouriteColour": its IRI is "colour", which is neither an absolute IRI/,
    );
  });

  it('refuses an @id that is not an IRI, naming the term', () => {
    refused(
      withContext({ favouriteColour: { '@id': 'colour' } }),
      /term "favouriteColour": its @id is "colour"/,
    );
  });

  it('refuses an IRI with a space in its scheme (VC 2.0 test suite: credential-type-mapped-nonurl-fail)', () => {
    refused(
      withContext({ ExampleTestCredential: 'https ://not-a-url#ExampleTestCredential' }),
      /term "ExampleTestCredential": its IRI is "https :\/\/not-a-url#ExampleTestCredential", which is not an absolute IRI/,
    );
  });

  it('refuses a cyclic IRI mapping', () => {
    refused(withContext({ a: 'b', b: 'a' }), /term "a": its IRI refers back to itself/);
  });

  it('refuses an IRI through a prefix the context defines as null', () => {
    refused(
      withContext({ ex: null, colour: 'ex:colour' }),
      /term "colour": its IRI uses "ex", which the context defines as null/,
    );
  });

  it('refuses a term value that is a number', () => {
    refused(
      withContext({ favouriteColour: 5 }),
      /term "favouriteColour" must be defined by an IRI string, an object or null/,
    );
  });

  it.each([
    ['VerifiableCredential', 'https://example.org/#BadVerifiableCredential'],
    ['id', 'https://evil.example/id'],
    ['type', 'https://example.org/#type'],
    ['issuer', 'https://evil.example/issuer'],
    ['credentialSubject', 'https://evil.example/cs'],
    ['validFrom', 'https://evil.example/validFrom'],
    ['name', 'https://evil.example/name'],
  ])('refuses redefining the protected term %s', (term, iri) => {
    refused(
      withContext({ [term]: iri }),
      new RegExp(`term "${term}" redefines a term protected by https://www\\.w3\\.org/ns/credentials/v2`),
    );
  });

  it('accepts a protected term defined exactly as its context does (JSON-LD allows that)', () => {
    const inline = {
      id: '@id',
      type: '@type',
      name: 'https://schema.org/name',
      favouriteColour: 'https://example.org/vocab#favouriteColour',
    };
    expect(prepare(withContext(inline))['@context']).toEqual([V2, inline]);
  });

  it('refuses a protected term redefined in a scoped context (type-scoped contexts may not)', () => {
    refused(
      withContext({
        Thing: { '@id': 'https://example.org/Thing', '@context': { name: 'https://example.org/name' } },
      }),
      /term "name" redefines a term protected by/,
    );
  });

  it('refuses redefining a term the Open Badges context protects', () => {
    const credential = openBadgeRequest();
    credential['@context'] = [
      ...(credential['@context'] as string[]),
      { achievement: 'https://evil.example/achievement' },
    ];
    refused(
      credential,
      /term "achievement" redefines a term protected by https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context-3\.0\.3\.json/,
    );
  });

  it('refuses redefining a term the VC 1.1 context protects', () => {
    refused(
      v1Credential({ '@context': [V1, { credentialSubject: 'https://evil.example/cs' }] }),
      /term "credentialSubject" redefines a term protected by https:\/\/www\.w3\.org\/2018\/credentials\/v1/,
    );
  });

  it('refuses more than one inline context object', () => {
    refused(
      {
        ...withContext({ a: 'https://example.org/a' }),
        '@context': [V2, { a: 'https://example.org/a' }, { b: 'https://example.org/b' }],
      },
      /2 inline context objects; at most 1 is accepted/,
    );
  });

  it(`refuses more than ${MAX_INLINE_CONTEXT_TERMS} term definitions, scoped ones included`, () => {
    const terms = Object.fromEntries(
      Array.from({ length: MAX_INLINE_CONTEXT_TERMS + 1 }, (_, i) => [`t${i}`, `https://example.org/t${i}`]),
    );
    refused(withContext(terms), new RegExp(`more than ${MAX_INLINE_CONTEXT_TERMS} terms`));
    const scoped = Object.fromEntries(
      Array.from({ length: MAX_INLINE_CONTEXT_TERMS }, (_, i) => [`s${i}`, `https://example.org/s${i}`]),
    );
    refused(
      withContext({ Thing: { '@id': 'https://example.org/Thing', '@context': scoped } }),
      /more than 200 terms/,
    );
    expect(() =>
      prepare(withContext(Object.fromEntries(Object.entries(terms).slice(0, MAX_INLINE_CONTEXT_TERMS)))),
    ).not.toThrow();
  });

  it.each<[string, Json, RegExp]>([
    ['@import', { '@import': 'https://example.org/ctx' }, /"@import", which would load another context/],
    ['@version 2', { '@version': 2 }, /"@version" must be the number 1\.1/],
    ['an unknown keyword', { '@foo': 'x' }, /"@foo", which is not a context keyword/],
    ['a relative @vocab', { '@vocab': 'vocab#' }, /"@vocab" must be an absolute IRI or null/],
    [
      'an unknown member in a term definition',
      { a: { '@id': 'https://example.org/a', '@foo': 1 } },
      /term "a" has "@foo"/,
    ],
    [
      'an invalid @container',
      { a: { '@id': 'https://example.org/a', '@container': '@bag' } },
      /term "a" has an "@container" that must be one or more of/,
    ],
    [
      'an @type that is no IRI',
      { a: { '@id': 'https://example.org/a', '@type': 'date' } },
      /term "a" has an "@type" that is neither/,
    ],
    [
      'a scoped context naming an unknown URL',
      { a: { '@id': 'https://example.org/a', '@context': 'https://evil.example/ctx' } },
      /scoped @context https:\/\/evil\.example\/ctx, which is not a bundled context/,
    ],
    [
      'a bad IRI in a scoped context',
      { a: { '@id': 'https://example.org/a', '@context': { b: 'bee' } } },
      /term "b": its IRI is "bee"/,
    ],
    ['a term name with a colon', { 'ex:a': 'https://example.org/a' }, /term "ex:a" is not a plain term name/],
    ['a term definition without @id and no @vocab', { a: { '@type': '@id' } }, /term "a" has no "@id"/],
    [
      '"@protected": false (jsonld.js throws on it)',
      { '@protected': false, a: 'https://example.org/a' },
      /"@protected" must be true/,
    ],
    [
      '@container @list with @set',
      { a: { '@id': 'https://example.org/a', '@container': ['@list', '@set'] } },
      /"@container" that with @list must have no other values/,
    ],
    [
      '@container @type with a datatype',
      { a: { '@id': 'https://example.org/a', '@container': '@type', '@type': 'https://example.org/t' } },
      /"@container" that of @type needs/,
    ],
    [
      '@container @list on a @reverse term',
      { a: { '@reverse': 'https://example.org/a', '@container': '@list' } },
      /"@container" that of a @reverse term/,
    ],
    [
      '@index without an @index container',
      { a: { '@id': 'https://example.org/a', '@index': 'b' } },
      /term "a" has an "@index" but no "@index" in its "@container"/,
    ],
    [
      'a scoped @context of null',
      { a: { '@id': 'https://example.org/a', '@context': null } },
      /term "a" has a scoped "@context" that is not an object/,
    ],
  ])('refuses %s', (_what, inline, detail) => {
    refused(withContext(inline), detail);
  });

  it('refuses an @context nested in the credential body, which would bypass these checks', () => {
    refused(
      plainCredentialRequest({
        credentialSubject: {
          id: 'did:example:1',
          '@context': { name: 'https://evil.example/name' },
          name: 'x',
        },
      }),
      /"credentialSubject\.@context": an @context is accepted only at the top/,
    );
  });

  it('accepts absolute IRIs, compact IRIs over a prefix it defines, terms it defines, keywords and @vocab', () => {
    const inline = {
      '@vocab': 'https://example.org/vocab#',
      ex: 'https://example.org/terms#',
      favouriteColour: 'ex:favouriteColour',
      colour: 'favouriteColour',
      shade: { '@id': 'ex:shade', '@type': '@id' },
      hue: 'hue-value',
      Palette: {
        '@id': 'ex:Palette',
        '@context': { tone: 'ex:tone', weight: { '@id': 'ex:weight', '@type': 'ex:kg' } },
      },
      sameAs: { '@id': 'https://schema.org/sameAs', '@container': ['@set'] },
      myId: '@id',
    };
    const prepared = prepare(withContext(inline, { id: 'did:example:1', favouriteColour: 'teal' }));
    expect(prepared['@context']).toEqual([V2, inline]);
  });
});

describe('the body as JSON-LD expansion reads it', () => {
  const subject = (claims: Json): Json =>
    plainCredentialRequest({ credentialSubject: { id: 'did:example:1', ...claims } });
  const withAliases = (claims: Json): Json => ({
    '@context': [
      V2,
      {
        kind: '@type',
        ident: '@id',
        val: '@value',
        parent: { '@reverse': 'https://example.org/vocab#child' },
      },
    ],
    type: ['VerifiableCredential'],
    credentialSubject: { id: 'did:example:1', ...claims },
  });

  it.each<[string, Json, RegExp]>([
    [
      'a @language that is not a string',
      subject({ name: { '@value': 'x', '@language': 5 } }),
      /"credentialSubject\.name\.@language" must be a language tag/,
    ],
    [
      'an object as @value',
      subject({ name: { '@value': { a: 1 } } }),
      /"credentialSubject\.name\.@value" must be a string, a number/,
    ],
    [
      'another member next to @value',
      subject({ name: { '@value': 'x', colour: 'teal' } }),
      /"credentialSubject\.name" has "@value", so it may have only/,
    ],
    [
      'a bad @direction',
      subject({ name: { '@value': 'x', '@direction': 'up' } }),
      /"credentialSubject\.name\.@direction" must be "ltr" or "rtl"/,
    ],
    [
      '@type and @language on one value',
      subject({ name: { '@value': 'x', '@type': 'https://example.org/t', '@language': 'en' } }),
      /has both a "@type" and a language/,
    ],
    [
      'a member next to @list',
      subject({ name: { '@list': [1], colour: 2 } }),
      /"credentialSubject\.name" has "@list", so it may have only @index/,
    ],
    [
      '@set next to @id',
      subject({ name: { '@set': [1], '@id': 'did:example:3' } }),
      /has "@set", so it may have only @index/,
    ],
    [
      '@reverse in the body',
      subject({ '@reverse': 5 }),
      /"credentialSubject\.@reverse" uses the JSON-LD keyword @reverse/,
    ],
    ['@included in the body', subject({ '@included': 5 }), /uses the JSON-LD keyword @included/],
    [
      'an @index that is not a string',
      subject({ thing: { id: 'did:example:4', '@index': 5 } }),
      /"credentialSubject\.thing\.@index" must be a string/,
    ],
    ['@language on a node', subject({ '@language': 'en' }), /belongs in a value object/],
    [
      'an alias of @type holding a number',
      withAliases({ kind: 5 }),
      /"credentialSubject\.kind" must be a type name/,
    ],
    [
      'an alias of @id holding a number',
      withAliases({ ident: 5 }),
      /"credentialSubject\.ident" must be a single URL string/,
    ],
    [
      'an alias of @value holding an object',
      withAliases({ name: { val: {} } }),
      /"credentialSubject\.name\.@value" must be/,
    ],
    [
      'a reverse property holding a string',
      withAliases({ parent: 'x' }),
      /"credentialSubject\.parent" is a reverse property/,
    ],
    [
      'a language map holding an object',
      {
        ...withAliases({ title: { en: { a: 1 } } }),
        '@context': [V2, { title: { '@id': 'https://example.org/vocab#title', '@container': '@language' } }],
      },
      /"credentialSubject\.title" is a language map/,
    ],
    [
      'an id map holding a string',
      {
        ...withAliases({ things: { 'did:example:5': 'x' } }),
        '@context': [V2, { things: { '@id': 'https://example.org/vocab#things', '@container': '@id' } }],
      },
      /"credentialSubject\.things" is a map of nodes by id/,
    ],
  ])('refuses %s', (_what, credential, detail) => {
    refused(credential, detail);
  });

  it('accepts language-tagged values, lists, graphs and reverse properties holding nodes', () => {
    expect(() =>
      prepare(
        subject({
          name: { '@value': 'Bonjour', '@language': 'fr', '@direction': 'ltr' },
          items: { '@list': [1, 2] },
        }),
      ),
    ).not.toThrow();
    expect(() =>
      prepare(withAliases({ kind: 'https://example.org/K', parent: { id: 'did:example:2' } })),
    ).not.toThrow();
  });
});

describe('ids and types anywhere in the credential', () => {
  it('refuses a type entry that is not a string', () => {
    refused(
      plainCredentialRequest({ type: ['VerifiableCredential', 5] }),
      /^"type" must be a type name or an array of type names/,
    );
  });

  it('refuses a nested id that is not a URL string, naming its path', () => {
    const credential = openBadgeRequest();
    (credential as Json).credentialSubject.achievement.id = 5;
    refused(credential, /"credentialSubject\.achievement\.id" must be a single URL string/);
  });

  it('refuses a nested type that is an object', () => {
    refused(
      plainCredentialRequest({ credentialSubject: { id: 'did:example:1', degree: { type: { a: 1 } } } }),
      /"credentialSubject\.degree\.type" must be a type name/,
    );
  });

  it('skips @json literals: a JsonSchema may describe "id" and "type" properties', () => {
    const credential = plainCredentialRequest({
      type: ['VerifiableCredential', 'JsonSchemaCredential'],
      credentialSubject: {
        id: 'https://example.org/schemas/1',
        type: 'JsonSchema',
        jsonSchema: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          properties: { id: { type: 'string' }, type: { type: ['string', 'array'] } },
        },
      },
    });
    expect(() => prepare(credential)).not.toThrow();
  });

  it('refuses nesting deeper than 64 levels without overflowing the stack', () => {
    let deep: Json = { leaf: true };
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    refused(
      plainCredentialRequest({ credentialSubject: { id: 'did:example:1', deep } }),
      /nested more than 64 levels deep/,
    );
  });
});

describe('the issuer', () => {
  it('a plain VC 2.0 with an object issuer gets our id and name, never the Open Badges Profile', () => {
    const prepared = prepare(plainCredentialRequest({ issuer: { id: OUR_DID } }));
    expect(prepared.issuer).toEqual({ id: OUR_DID, name: 'SayPro' });
  });

  it("a plain VC 2.0 keeps the caller's issuer members", () => {
    const prepared = prepare(
      plainCredentialRequest({ issuer: { id: OUR_DID, name: 'SayPro Academy', description: 'Training' } }),
    );
    expect(prepared.issuer).toEqual({ id: OUR_DID, name: 'SayPro Academy', description: 'Training' });
  });

  it('a plain VC 1.1 with an object issuer gets only our id (VC 1.1 defines no issuer name)', () => {
    expect(prepare(v1Credential({ issuer: { id: OUR_DID } })).issuer).toEqual({ id: OUR_DID });
  });

  it('a plain VC without an issuer gets our DID as a string', () => {
    expect(prepare(plainCredentialRequest()).issuer).toBe(OUR_DID);
  });

  it('an Open Badge still gets the full Profile', () => {
    expect(prepare(openBadgeRequest({ issuer: { id: OUR_DID } })).issuer).toEqual(profile);
    expect(prepare(openBadgeRequest()).issuer).toEqual(profile);
  });
});

describe('the status context', () => {
  it('is no longer added to a VC 1.1 credential here (issuing adds it with a status entry)', () => {
    const prepared = prepare(v1Credential());
    expect(prepared['@context']).toEqual([V1]);
    expect(prepared['@context']).not.toContain(STATUS_V1_CONTEXT);
  });
});
