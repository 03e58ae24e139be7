/**
 * Whether the terms of an inline @context resolve to absolute IRIs, as JSON-LD 1.1's
 * "Create Term Definition" requires: expansion would throw on one that does not while
 * signing, so the check names the term instead. Terms resolve within the inline context
 * and the contexts scoped around it, never through the bundled contexts.
 */
import { isObject, KEYWORDS, type Json } from './credentialValues.js';

const IRI_SCHEME = /^[a-z][a-z0-9+.-]*$/i;

/** One inline context object while it is checked; scoped contexts see their parents' terms. */
export interface Scope {
  terms: Json;
  vocab: boolean;
  parent: Scope | undefined;
}

/** The definition of a term in the scope or the nearest one around it that defines it. */
function lookup(scope: Scope | undefined, term: string): { definition: unknown; scope: Scope } | undefined {
  for (let s = scope; s; s = s.parent)
    if (Object.hasOwn(s.terms, term)) return { definition: s.terms[term], scope: s };
  return undefined;
}

/** Whether the scope or one around it sets @vocab, which makes relative IRIs and bare terms resolve. */
export function hasVocab(scope: Scope | undefined): boolean {
  for (let s = scope; s; s = s.parent) if (s.vocab) return true;
  return false;
}

/**
 * Why an IRI mapping would not expand to an absolute IRI (JSON-LD 1.1 "Create Term
 * Definition"), or undefined. Accepted: a keyword, an absolute IRI, a compact IRI or a term
 * whose prefix/term is defined in the inline context (followed, with cycle detection), or a
 * relative value when the inline context sets @vocab. Terms of the bundled contexts are not
 * followed: that is the caller's to spell out.
 */
export function iriProblem(value: string, scope: Scope, resolving: Set<string>): string | undefined {
  if (KEYWORDS.has(value)) return value === '@context' ? 'is "@context", which cannot be aliased' : undefined;
  if (/^@[a-zA-Z]+$/.test(value)) return `is "${value}", which is not a JSON-LD keyword`;
  if (value.startsWith('_:')) return `is the blank node "${value}"; use an absolute IRI`;
  const colon = value.indexOf(':');
  if (colon > 0) {
    const prefix = value.slice(0, colon);
    const found = value.startsWith('//', colon + 1) ? undefined : lookup(scope, prefix);
    if (found) return termProblem(prefix, found.definition, found.scope, resolving);
    if (IRI_SCHEME.test(prefix) && !/\s/.test(value)) return undefined;
    return `is "${value}", which is not an absolute IRI`;
  }
  const found = lookup(scope, value);
  if (found) return termProblem(value, found.definition, found.scope, resolving);
  if (hasVocab(scope)) return undefined;
  return `is "${value}", which is neither an absolute IRI (such as https://example.org/vocab#term), a compact IRI with a prefix defined in the same context, nor a term defined there`;
}

/** Why a term of the inline context does not resolve to an IRI, or undefined. */
export function termProblem(
  term: string,
  definition: unknown,
  scope: Scope,
  resolving: Set<string>,
): string | undefined {
  if (resolving.has(term)) return `refers back to itself through "${term}" (a cyclic IRI mapping)`;
  resolving.add(term);
  try {
    if (definition === null) return `uses "${term}", which the context defines as null`;
    if (typeof definition === 'string') return iriProblem(definition, scope, resolving);
    if (isObject(definition)) {
      const id = definition['@id'] ?? definition['@reverse'];
      if (typeof id === 'string') return iriProblem(id, scope, resolving);
      if (id === null) return `uses "${term}", which the context defines with a null @id`;
      return hasVocab(scope)
        ? undefined
        : `uses "${term}", which has no "@id" and the context sets no "@vocab"`;
    }
    return undefined;
  } finally {
    resolving.delete(term);
  }
}
