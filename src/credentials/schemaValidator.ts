/**
 * JSON Schema validation of credentials against the bundled 1EdTech Open Badges 3.0
 * schemas (draft 2019-09, so Ajv2019). Used before signing and during verification;
 * schemas are compiled once and never fetched.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2019) => Ajv2019;

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

const schemasDir = new URL('../../schemas/', import.meta.url);

/** Loads and compiles every *.schema.json in schemas/. */
export function createSchemaValidator(): SchemaValidator {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  for (const file of readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json'))) {
    const schema = JSON.parse(readFileSync(new URL(file, schemasDir), 'utf8')) as { $id: string };
    compiled.set(schema.$id, ajv.compile(schema));
  }
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
