/**
 * The generated modules stay true to their sources: the bundled-context map matches
 * contexts/ (index.json and each file), and the standalone schema validators match what
 * scripts/compileSchemas.mjs makes from schemas/ today, and behave as Ajv would.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { loadBundledContexts } from '../../src/jsonld/documentLoader.js';
import { createSchemaValidator, OB3_ACHIEVEMENT_SCHEMA_ID } from '../../src/credentials/schemaValidator.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { createTestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';

const root = new URL('../../', import.meta.url);

describe('generated modules', () => {
  it('bundles exactly the contexts listed in contexts/index.json, with their contents', () => {
    const index = JSON.parse(readFileSync(new URL('contexts/index.json', root), 'utf8')) as Record<
      string,
      string
    >;
    const contexts = loadBundledContexts();
    expect([...contexts.keys()].sort()).toEqual(Object.keys(index).sort());
    for (const [url, file] of Object.entries(index)) {
      expect(contexts.get(url), url).toEqual(
        JSON.parse(readFileSync(new URL(`contexts/${file}`, root), 'utf8')),
      );
    }
  });

  it('has the web assets module up to date with web/', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/bundleWebAssets.mjs', '--check'], {
        cwd: root,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it('has standalone validators up to date with schemas/', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/compileSchemas.mjs', '--check'], { cwd: root, stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('validates an issued Open Badge and names what is wrong with a broken one', async () => {
    const t = await createTestApp();
    try {
      const schemas = createSchemaValidator();
      const { record } = await issueCredential(t.deps.issue, openBadgeRequest());
      expect(schemas.validate(OB3_ACHIEVEMENT_SCHEMA_ID, record.credential)).toEqual([]);

      const broken = structuredClone(record.credential) as Record<string, any>;
      broken.validFrom = 'yesterday';
      delete broken.credentialSubject.achievement.criteria;
      const messages = schemas.validate(OB3_ACHIEVEMENT_SCHEMA_ID, broken).map((p) => p.message);
      expect(messages).toContain('/validFrom must match format "date-time"');
      expect(messages).toContain("/credentialSubject/achievement must have required property 'criteria'");
      expect(schemas.has('https://example.org/unknown.json')).toBe(false);
    } finally {
      await t.close();
    }
  });
});
