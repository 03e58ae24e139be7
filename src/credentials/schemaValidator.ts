/**
 * JSON Schema validation of credentials against the bundled 1EdTech Open Badges 3.0
 * schemas (draft 2019-09, Ajv2019). Used before signing and during verification; the
 * schemas are compiled ahead of time by scripts/compileSchemas.mjs into standalone code,
 * so nothing is compiled or fetched at run time (and the Workers verifier, where Ajv's
 * `new Function` is forbidden, runs the very same validators).
 */
import { validatorsById } from './ob3Validators.generated.js';

/**
 * The OB 3.0 achievement credential schema as credentials reference it: the URL 1EdTech
 * publishes it at and the specification's examples use.
 */
export const OB3_ACHIEVEMENT_SCHEMA_ID =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/**
 * 1EdTech publishes each OB 3.0 schema at `ob_v3p0_<name>_schema.json`, but the file's own
 * `$id` says `ob_v3p0_<name>-jsonschema1.json`. Credentials use either (ours named the `$id`
 * until issue 16), so both name the same validator.
 */
const PUBLISHED_URL =
  /^(https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/schema\/json\/ob_v3p0_\w+)_schema\.json$/;
const schemaIdOf = (reference: string): string => reference.replace(PUBLISHED_URL, '$1-jsonschema1.json');

/** The credentialSchema type 1EdTech uses for its JSON schemas. */
export const OB3_SCHEMA_TYPE = '1EdTechJsonSchemaValidator2019';

/** One schema violation in words a person can act on. */
interface SchemaProblem {
  path: string;
  message: string;
}

/** Validates a document against a schema by its `$id` or published URL. */
export interface SchemaValidator {
  /** Whether the schema is here, in the version `document` (when given) was written for. */
  has(schemaId: string, document?: unknown): boolean;
  validate(schemaId: string, document: unknown): SchemaProblem[];
}

const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

/**
 * The bundled OB 3.0 schemas are 1EdTech's versions for VC 2.0 (they require `@context` to
 * start with the VC 2.0 context). OB 3.0 credentials on VC 1.1 (contexts 3.0.0 to 3.0.2) name
 * the same URLs, whose earlier VC 1.1 versions we do not hold: checking them against these
 * would fail every such credential, so their schema counts as unknown instead.
 */
const writtenForVc2 = (document: unknown): boolean => {
  const contexts = (document as { '@context'?: unknown } | null)?.['@context'];
  return Array.isArray(contexts) && contexts[0] === VC_V2_CONTEXT;
};

/** The validators compiled from every schemas/*.schema.json, by `$id` or published URL. */
export function createSchemaValidator(): SchemaValidator {
  const compiled = new Map(Object.entries(validatorsById));
  return {
    has: (schemaId, document) =>
      compiled.has(schemaIdOf(schemaId)) && (document === undefined || writtenForVc2(document)),
    validate(schemaId, document) {
      const validate = compiled.get(schemaIdOf(schemaId));
      if (!validate) return [{ path: '', message: `unknown schema ${schemaId}` }];
      if (validate(document)) return [];
      return (validate.errors ?? []).slice(0, 20).map((e) => ({
        path: e.instancePath || '/',
        message: `${e.instancePath || 'credential'} ${e.message ?? 'is invalid'}`,
      }));
    },
  };
}
