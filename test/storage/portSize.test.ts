/**
 * Issue 18: storage ports stay small. Every interface a storage port file declares
 * (src/storage/ports.ts and src/storage/*Ports.ts) has at most MAX_METHODS methods, so each
 * collaborator sees only the part of storage it needs, and a new method goes to the port of
 * its aggregate (courses, enrolments, submissions, conversations, outbox, ...) or a new one.
 * Counted with the TypeScript compiler, including what an interface inherits by `extends`
 * from other port interfaces, so widening a port through inheritance is caught too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const MAX_METHODS = 12;
const STORAGE = new URL('../../src/storage/', import.meta.url).pathname;

/** Methods per interface in the given sources (name -> count), own and inherited. */
function methodCounts(sources: Record<string, string>): Map<string, number> {
  const own = new Map<string, { methods: number; bases: string[] }>();
  for (const [name, text] of Object.entries(sources)) {
    const file = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
    file.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      const methods = node.members.filter(
        (m) =>
          ts.isMethodSignature(m) ||
          (ts.isPropertySignature(m) && m.type !== undefined && ts.isFunctionTypeNode(m.type)),
      ).length;
      const bases = (node.heritageClauses ?? []).flatMap((h) =>
        h.types.map((t) => t.expression.getText(file)),
      );
      own.set(node.name.text, { methods, bases });
    });
  }
  const total = (name: string, seen = new Set<string>()): number => {
    const entry = own.get(name);
    if (!entry || seen.has(name)) return 0;
    seen.add(name);
    return entry.methods + entry.bases.reduce((sum, base) => sum + total(base, seen), 0);
  };
  return new Map([...own.keys()].map((name) => [name, total(name)]));
}

function portSources(): Record<string, string> {
  const files = readdirSync(STORAGE).filter((f) => f === 'ports.ts' || /Ports\.ts$/.test(f));
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(STORAGE, f), 'utf8')]));
}

describe('storage ports', () => {
  it(`have at most ${MAX_METHODS} methods each`, () => {
    const counts = methodCounts(portSources());
    expect(counts.size).toBeGreaterThan(10);
    const wide = [...counts].filter(([, n]) => n > MAX_METHODS).map(([name, n]) => `${name} (${n})`);
    expect(wide, 'split these by aggregate').toEqual([]);
  });

  it('counts methods, function-typed properties and inherited methods, not data fields', () => {
    const methods = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => `  ${prefix}${i}(x: string): Promise<void>;`).join('\n');
    const counts = methodCounts({
      'a.ts': `export interface Small {\n${methods(3, 'a')}\n  label: string;\n  run: (x: number) => void;\n}`,
      'b.ts': `export interface Wide extends Small {\n${methods(9, 'b')}\n}\ninterface Plain { id: string; at: Date }`,
    });
    expect(counts.get('Small')).toBe(4);
    expect(counts.get('Wide')).toBe(13);
    expect(counts.get('Plain')).toBe(0);
  });
});
