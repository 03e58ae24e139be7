/**
 * Which context defines an Open Badge's credentialSchema type `1EdTechJsonSchemaValidator2019`:
 * the OB extensions context, added right after the OB context as the OB 3.0 examples do,
 * unless the caller already named it or undefined-terms/v2 (which we added before, and still
 * accept).
 */
import { describe, expect, it } from 'vitest';
import { loadBundledContexts } from '../../src/jsonld/documentLoader.js';
import {
  OB_CONTEXT,
  OB_EXTENSIONS_CONTEXT,
  UNDEFINED_TERMS_CONTEXT,
  VC_V2_CONTEXT,
  prepareCredential,
} from '../../src/credentials/prepareCredential.js';
import type { IssuerProfile } from '../../src/credentials/issuerIdentity.js';
import { openBadgeRequest } from '../fixtures/credentials.js';

const profile: IssuerProfile = {
  id: 'did:key:z6MkpVgtX7Zgb3HVzhze4gzq26hTxz8vAfiWYSmzzeTDecBK',
  type: ['Profile'],
  name: 'SayPro',
  url: 'https://saypro.example',
};
const knownContexts = loadBundledContexts();
const OB_302 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json';
const inline = { nickname: 'https://saypro.example/terms#nickname' };

const contextsOf = (overrides: Record<string, unknown>): unknown =>
  prepareCredential(openBadgeRequest(overrides), {
    issuer: profile,
    knownContexts,
    now: new Date('2025-06-01T12:00:00Z'),
    newId: () => 'urn:uuid:00000000-0000-4000-8000-000000000001',
  })['@context'];

describe('the context defining 1EdTechJsonSchemaValidator2019', () => {
  it('is the extensions context after the OB context, for the schema we add', () => {
    expect(contextsOf({})).toEqual([VC_V2_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT]);
  });

  it('is also added after an OB context we add, and for a schema of that type the caller names', () => {
    const credentialSchema = [
      { id: 'https://saypro.example/schema.json', type: '1EdTechJsonSchemaValidator2019' },
    ];
    expect(contextsOf({ '@context': [VC_V2_CONTEXT], credentialSchema })).toEqual([
      VC_V2_CONTEXT,
      OB_CONTEXT,
      OB_EXTENSIONS_CONTEXT,
    ]);
  });

  it("goes right after the caller's OB context, before the caller's later contexts", () => {
    expect(contextsOf({ '@context': [VC_V2_CONTEXT, OB_302, inline] })).toEqual([
      VC_V2_CONTEXT,
      OB_302,
      OB_EXTENSIONS_CONTEXT,
      inline,
    ]);
  });

  it.each([
    ['undefined-terms/v2', [VC_V2_CONTEXT, OB_CONTEXT, UNDEFINED_TERMS_CONTEXT]],
    ['the extensions context', [VC_V2_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT]],
  ])("is the caller's own when it names %s", (_name, contexts) => {
    expect(contextsOf({ '@context': contexts })).toEqual(contexts);
  });

  it('is not added for a credentialSchema of another type', () => {
    const credentialSchema = [{ id: 'https://saypro.example/schema.json', type: 'JsonSchema' }];
    expect(contextsOf({ credentialSchema })).toEqual([VC_V2_CONTEXT, OB_CONTEXT]);
  });

  it('does not stand in for the OB context', () => {
    expect(contextsOf({ '@context': [VC_V2_CONTEXT, OB_EXTENSIONS_CONTEXT] })).toEqual([
      VC_V2_CONTEXT,
      OB_EXTENSIONS_CONTEXT,
      OB_CONTEXT,
    ]);
  });
});
