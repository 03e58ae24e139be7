/**
 * JSON Schema validation of credentials against the bundled 1EdTech Open Badges 3.0
 * schemas (draft 2019-09, Ajv2019). Used before signing and during verification; the
 * schemas are compiled ahead of time by scripts/compileSchemas.mjs into standalone code,
 * so nothing is compiled or fetched at run time (and the Workers verifier, where Ajv's
 * `new Function` is forbidden, runs the very same validators).
 */
import { validatorsById } from './ob3Validators.generated.js';

/** The `$id` of the OB 3.0 achievement credential schema, as credentials reference it. */
export const OB3_ACHIEVEMENT_SCHEMA_ID =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential-jsonschema1.json';

/** The credentialSchema type 1EdTech uses for its JSON schemas. */
export const OB3_SCHEMA_TYPE = '1EdTechJsonSchemaValidator2019';

/** One schema violation in words a person can act on. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/** Validates a document against a schema by its `$id`. */
export interface SchemaValidator {
  has(schemaId: string): boolean;
  validate(schemaId: string, document: unknown): SchemaProblem[];
}

/** The validators compiled from every schemas/*.schema.json. */
export function createSchemaValidator(): SchemaValidator {
  const compiled = new Map(Object.entries(validatorsById));
  return {
    has: (schemaId) => compiled.has(schemaId),
    validate(schemaId, document) {
      const validate = compiled.get(schemaId);
      if (!validate) return [{ path: '', message: `unknown schema ${schemaId}` }];
      if (validate(document)) return [];
      return (validate.errors ?? []).slice(0, 20).map((e) => ({
        path: e.instancePath || '/',
        message: `${e.instancePath || 'credential'} ${e.message ?? 'is invalid'}`,
      }));
    },
  };
}
