/**
 * Handlers do request -> one domain call -> response: reads with actor checks live in the
 * domain (src/<domain>/), so `stores.` appears in src/http only in type positions
 * (`Pick<Stores, ...>`, `typeof deps.stores.x`). This scans every file under src/http with
 * the TypeScript parser (comments and strings are not code) and lists each access to a
 * store outside a type. A file may be excepted only with a reason.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '../..');
const HTTP = join(ROOT, 'src/http');

/** Files allowed to reach the stores for now, each with why. */
const EXCEPTIONS: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Whether the node sits inside a type (an annotation, an alias, `typeof x` in a type). */
function inType(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isTypeNode(at)) return true;
    if (ts.isStatement(at) || ts.isSourceFile(at)) return false;
  }
  return false;
}

/** `stores.x` accesses outside types: `line: text` of each. */
function storeAccesses(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && !inType(node)) {
      const target = node.expression;
      const named = ts.isIdentifier(target)
        ? target.text
        : ts.isPropertyAccessExpression(target)
          ? target.name.text
          : undefined;
      if (named === 'stores') {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${line + 1}: ${node.getText(source)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('HTTP handlers', () => {
  it('reach the stores only through domain functions', () => {
    const offending = Object.fromEntries(
      sourceFiles(HTTP)
        .map(
          (path) =>
            [
              relative(ROOT, path).split('\\').join('/'),
              storeAccesses(path, readFileSync(path, 'utf8')),
            ] as const,
        )
        .filter(([file, hits]) => hits.length > 0 && !Object.hasOwn(EXCEPTIONS, file)),
    );
    expect(offending).toEqual({});
  });

  it('has a reason for every exception, and every exception names a file that exists', () => {
    const files = new Set(sourceFiles(HTTP).map((path) => relative(ROOT, path).split('\\').join('/')));
    for (const [file, reason] of Object.entries(EXCEPTIONS)) {
      expect(reason.trim().length, file).toBeGreaterThan(0);
      expect(files.has(file), file).toBe(true);
    }
  });

  it('finds calls and property reads, not types, comments or strings', () => {
    const sample = [
      "import type { Stores } from '../../storage/ports.js';",
      '// c.var.deps.stores.users.get(id) in a comment',
      "const text = 'deps.stores.users';",
      "type Users = Pick<Stores, 'users'>;",
      'type Store = typeof deps.stores.users;',
      'const user = await c.var.deps.stores.users.get(id);',
      'const { stores } = c.var.deps;',
      'const list = stores.programs;',
      "const other = deps.stores['credentials'];",
    ].join('\n');
    expect(storeAccesses('sample.ts', sample)).toEqual([
      '6: c.var.deps.stores.users',
      '8: stores.programs',
      "9: deps.stores['credentials']",
    ]);
  });
});
