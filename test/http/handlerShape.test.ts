/**
 * Handlers do request -> one domain call -> response: reads with actor checks live in the
 * domain (src/<domain>/), so `stores.` appears in src/http only in type positions
 * (`Pick<Stores, ...>`, `typeof deps.stores.x`). This scans every file under src/http with
 * the TypeScript parser (comments and strings are not code) and lists each access to a
 * store outside a type. A file may be excepted only with a reason.
 *
 * Nor does a handler hand the stores on: a domain function gets the app's deps, or the
 * narrow collaborators it names, never `{ stores: deps.stores, ... }` built by the handler.
 * So the identifier `stores` appears in src/http at most in a type-only import.
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

/** Whether the node sits in an `import type` declaration or a `type` import specifier. */
function inTypeImport(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isImportSpecifier(at) && at.isTypeOnly) return true;
    if (ts.isImportClause(at) && at.isTypeOnly) return true;
    if (ts.isImportDeclaration(at) || ts.isStatement(at)) return false;
  }
  return false;
}

/** Every `stores` identifier outside a type-only import: `line: text` of the code around it. */
function storesIdentifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === 'stores' && !inTypeImport(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${line + 1}: ${(node.parent ?? node).getText(source)}`);
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

  it('never name the stores: no `stores` identifier outside a type-only import', () => {
    const offending = Object.fromEntries(
      sourceFiles(HTTP)
        .map(
          (path) =>
            [
              relative(ROOT, path).split('\\').join('/'),
              storesIdentifiers(path, readFileSync(path, 'utf8')),
            ] as const,
        )
        .filter(([, hits]) => hits.length > 0),
    );
    expect(offending).toEqual({});
  });

  it('finds every `stores` identifier but those of type-only imports', () => {
    const sample = [
      "import type { stores } from './a.js';",
      "import { type stores as s, other } from './b.js';",
      '// deps.stores in a comment',
      "const text = 'stores';",
      'const d = { stores: c.var.deps.stores, now };',
      'const { stores } = c.var.deps;',
      'type Store = typeof deps.stores.users;',
      'function f(stores: Stores) {}',
    ].join('\n');
    expect(storesIdentifiers('sample.ts', sample)).toEqual([
      '5: stores: c.var.deps.stores',
      '5: c.var.deps.stores',
      '6: stores',
      '7: deps.stores',
      '8: stores: Stores',
    ]);
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
      'const list = stores.courses;',
      "const other = deps.stores['credentials'];",
    ].join('\n');
    expect(storeAccesses('sample.ts', sample)).toEqual([
      '6: c.var.deps.stores.users',
      '8: stores.courses',
      "9: deps.stores['credentials']",
    ]);
  });
});
