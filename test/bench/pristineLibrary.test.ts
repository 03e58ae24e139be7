/**
 * The pristine-library baseline of bench sections 1 and 2 (bench/pristineLibrary.mjs) must
 * be what a user of @digitalbazaar/vc gets: a process whose imports never reach src/ (so
 * no jsonld speed-up of ours is switched on in it), that still verifies what our issuer
 * signs with its own contexts, loader and a copy of the key, and whose credentials we
 * verify in turn.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/deps.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import type { ProofSuiteName } from '../../src/credentials/signCredential.js';
import { verifyCredential } from '../../src/verification/verifyCredential.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { credentialTemplate } from '../../bench/issueBench.js';
import { startPristine, type Pristine } from '../../bench/pristineBaseline.js';
import { createBenchDeps, importSigningKey, makeBenchRoot, removeBenchRoot } from '../../bench/setup.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(REPO, 'src');
const ENTRY = join(REPO, 'bench', 'pristineLibrary.mjs');

/** The file's code with comments removed (a comment may mention src/ freely). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/**
 * Every file the entry's static imports reach, following relative and absolute specifiers
 * through the project and resolving package specifiers with Node's resolution (a package
 * lives in node_modules and cannot import our src/). Dynamic import() and require() are
 * refused outright, since a static walk cannot follow them.
 */
function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files: string[] = [];
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length) {
    const file = pending.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    // A file of src/ is what the walk looks for; its own imports do not matter.
    if (file.startsWith(`${SRC}/`)) continue;
    const text = code(readFileSync(file, 'utf8'));
    if (/\bimport\s*\(|\brequire\s*\(/.test(text)) throw new Error(`${file} imports dynamically`);
    const specifiers = [
      ...text.matchAll(
        /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]/g,
      ),
    ].map((m) => (m[1] ?? m[2])!);
    for (const specifier of specifiers) {
      if (specifier.startsWith('node:')) continue;
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:')) {
        const target = specifier.startsWith('file:')
          ? fileURLToPath(specifier)
          : resolve(dirname(file), specifier);
        pending.push(target);
      } else {
        const resolved = createRequire(file).resolve(specifier);
        if (!resolved.includes(`${join(REPO, 'node_modules')}/`))
          throw new Error(`${specifier} in ${file} resolves outside node_modules: ${resolved}`);
        packages.add(specifier);
      }
    }
  }
  return { files, packages: [...packages] };
}

describe('the pristine-library baseline process', () => {
  it('imports nothing from src/, only packages and node built-ins', () => {
    const { files, packages } = importGraph(ENTRY);
    expect(files.filter((f) => f.startsWith(`${SRC}/`))).toEqual([]);
    expect(files).toEqual([ENTRY]);
    expect(packages).toContain('@digitalbazaar/vc');
    // Nor does it read a file of ours at run time (its contexts come from contexts/).
    expect(code(readFileSync(ENTRY, 'utf8'))).not.toMatch(/['"`/]src\//);
  });

  it('the import walk finds an import of src/ when there is one', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'pristine-walk-'));
    try {
      const leaf = join(dir, 'leaf.mjs');
      const entry = join(dir, 'entry.mjs');
      await writeFile(leaf, `export { loadConfig } from '${pathToFileURL(join(SRC, 'config.ts')).href}';\n`);
      await writeFile(
        entry,
        `import { randomUUID } from 'node:crypto';\nimport { loadConfig } from './leaf.mjs';\n`,
      );
      expect(importGraph(entry).files).toContain(join(SRC, 'config.ts'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('against our issuer', () => {
    let root: string;
    let deps: AppDeps;
    let pristine: Pristine;
    let close: () => Promise<void>;

    beforeAll(async () => {
      root = await makeBenchRoot();
      deps = await createBenchDeps(root);
      ({ pristine, close } = await startPristine(await importSigningKey(root, deps.identity.did)));
    });
    afterAll(async () => {
      await close?.();
      await deps?.stores.close();
      if (root) await removeBenchRoot(root);
    });

    for (const suite of ['eddsa-rdfc-2022', 'Ed25519Signature2020'] as ProofSuiteName[]) {
      it(`verifies a ${suite} credential issueCredential signed, and refuses it altered`, async () => {
        const { record } = await issueCredential(deps.issue, openBadgeRequest(), { suite });
        await pristine.expectVerifies(record.credential, 'our credential');
        const altered = structuredClone(record.credential!) as { credentialSubject: Record<string, unknown> };
        altered.credentialSubject.name = 'Someone Else';
        await expect(pristine.expectVerifies(altered, 'the altered credential')).rejects.toThrow(
          /rejected the altered credential/,
        );
      });

      it(`signs ${suite} credentials of our shape that verifyCredential accepts`, async () => {
        const template = await credentialTemplate(deps, suite);
        const sample = await pristine.prepare({ kind: 'issue', suite, template, warmupMs: 0 });
        expect(sample?.id).not.toBe(template.id);
        expect({ ...sample, id: template.id, proof: undefined }).toEqual({ ...template, proof: undefined });
        const result = await verifyCredential(sample, deps.verify);
        expect(result.verified).toBe(true);
        const round = await pristine.round(50);
        expect(round.ops).toBeGreaterThan(0);
        expect(pristine.cpuMs).toBeGreaterThan(0);
      });
    }
  });
});
