/**
 * The credential's inline @context object: JSON-LD would throw on a malformed one while
 * signing (a 500 after a reservation), and one that redefines a protected term of a bundled
 * context would change what the credential says. Both are refused here, naming the term.
 * Its size is capped too, as expansion cost grows with its term definitions.
 */
import type { BodyTerms } from './credentialBody.js';
import { bundledContextFacts, collectFacts, definitionKey, type ContextFacts } from './contextFacts.js';
import { hasVocab, iriProblem, termProblem, type Scope } from './contextIris.js';
import { describe, invalid, isObject, isUrl, type Json } from './credentialValues.js';

/** Inline @context objects accepted in a credential's top-level @context. */
const MAX_INLINE_CONTEXTS = 1;
/** Term definitions accepted in the inline @context, scoped ones included: expansion cost grows with them. */
export const MAX_INLINE_CONTEXT_TERMS = 200;

const CONTAINERS = new Set(['@list', '@set', '@index', '@language', '@id', '@graph', '@type']);
const TERM_DEFINITION_KEYS = new Set([
  '@id',
  '@reverse',
  '@type',
  '@language',
  '@direction',
  '@container',
  '@context',
  '@nest',
  '@prefix',
  '@index',
  '@protected',
]);

/** The state of one inline context check: the bundled contexts, their protected terms, the terms counted so far. */
interface InlineCheck {
  knownContexts: ReadonlyMap<string, unknown>;
  protectedTerms: ContextFacts['protectedTerms'];
  terms: number;
}

/** Refuses a context keyword (`@vocab`, `@version`...) JSON-LD 1.1 would not accept with this value. */
function checkContextKeyword(key: string, value: unknown): void {
  const ok =
    key === '@version'
      ? value === 1.1
      : key === '@vocab' || key === '@base'
        ? value === null || (typeof value === 'string' && isUrl(value))
        : key === '@language'
          ? value === null || typeof value === 'string'
          : key === '@direction'
            ? value === null || value === 'ltr' || value === 'rtl'
            : // jsonld.js 9 throws "Cyclical context definition" on `"@protected": false`.
              key === '@protected'
              ? value === true
              : key === '@propagate'
                ? typeof value === 'boolean'
                : undefined;
  if (ok === undefined) {
    throw invalid(
      key === '@import'
        ? 'The inline @context uses "@import", which would load another context; put those terms in the inline context'
        : `The inline @context has "${key}", which is not a context keyword`,
    );
  }
  if (!ok) {
    const expected: Record<string, string> = {
      '@version': 'the number 1.1',
      '@vocab': 'an absolute IRI or null',
      '@base': 'an absolute IRI or null',
      '@language': 'a language tag or null',
      '@direction': '"ltr", "rtl" or null',
      '@protected': 'true (or left out)',
    };
    throw invalid(`The inline @context's "${key}" must be ${expected[key] ?? 'true or false'}`);
  }
}

/** Checks a term's scoped @context: bundled context URLs, or context objects checked like the inline one. */
function checkScopedContext(value: unknown, term: string, parent: Scope, check: InlineCheck): void {
  if (Array.isArray(value)) {
    for (const v of value) checkScopedContext(v, term, parent, check);
    return;
  }
  if (typeof value === 'string') {
    if (!check.knownContexts.has(value)) {
      throw invalid(
        `The inline @context term "${term}" has a scoped @context ${value}, which is not a bundled context (contexts are never fetched)`,
      );
    }
    return;
  }
  // null would clear protected terms, which JSON-LD refuses in type-scoped contexts.
  if (!isObject(value))
    throw invalid(
      `The inline @context term "${term}" has a scoped "@context" that is not an object or a bundled context URL`,
    );
  checkContextObject(value, parent, check);
}

/** Why a container is one JSON-LD 1.1 refuses for this definition, or undefined. */
function containerProblem(container: unknown, definition: Json): string | undefined {
  const values = Array.isArray(container) ? container : [container];
  if (values.length === 0 || !values.every((c) => typeof c === 'string' && CONTAINERS.has(c)))
    return `must be one or more of ${[...CONTAINERS].join(', ')}`;
  const set = new Set(values as string[]);
  const others = [...set].filter((c) => c !== '@set');
  if (definition['@reverse'] !== undefined && others.some((c) => c !== '@index'))
    return 'of a @reverse term must be @index or @set';
  if (set.has('@list') && set.size > 1) return 'with @list must have no other values';
  if (set.has('@graph')) {
    if (others.some((c) => !['@graph', '@id', '@index'].includes(c)) || (set.has('@id') && set.has('@index')))
      return 'with @graph may add only one of @id or @index, and @set';
  } else if (others.length > 1) {
    return 'may combine only @set with one other value';
  }
  if (
    set.has('@type') &&
    definition['@type'] !== undefined &&
    definition['@type'] !== '@id' &&
    definition['@type'] !== '@vocab'
  )
    return 'of @type needs "@type": "@id" or "@vocab"';
  return undefined;
}

/** Refuses an expanded term definition (an object) JSON-LD 1.1 would throw on. */
function checkTermDefinition(term: string, definition: Json, scope: Scope, check: InlineCheck): void {
  const where = `The inline @context term "${term}"`;
  for (const key of Object.keys(definition)) {
    if (!TERM_DEFINITION_KEYS.has(key))
      throw invalid(`${where} has "${key}", which is not allowed in a term definition`);
  }
  if ('@id' in definition && '@reverse' in definition)
    throw invalid(`${where} has both "@id" and "@reverse"`);
  for (const key of ['@id', '@reverse'] as const) {
    const id = definition[key];
    if (id === undefined || (id === null && key === '@id')) continue;
    if (typeof id !== 'string') throw invalid(`${where} has a "${key}" that is not a string`);
    if (key === '@reverse' && id.startsWith('@'))
      throw invalid(`${where} has a "@reverse" that is a keyword; use an IRI`);
    const problem = termProblem(term, definition, scope, new Set());
    if (problem) throw invalid(`${where}: its ${key} ${problem}`);
  }
  if (definition['@id'] === undefined && definition['@reverse'] === undefined && !hasVocab(scope)) {
    throw invalid(`${where} has no "@id"; give it an absolute IRI (the context sets no "@vocab")`);
  }
  const type = definition['@type'];
  if (type !== undefined) {
    const ok =
      typeof type === 'string' &&
      (['@id', '@vocab', '@json', '@none'].includes(type) ||
        (!type.startsWith('@') && !iriProblem(type, scope, new Set())));
    if (!ok)
      throw invalid(
        `${where} has an "@type" that is neither "@id", "@vocab", "@json", "@none" nor an absolute IRI`,
      );
  }
  const container = definition['@container'];
  if (container !== undefined && container !== null) {
    const problem = containerProblem(container, definition);
    if (problem) throw invalid(`${where} has an "@container" that ${problem}`);
  }
  if (definition['@index'] !== undefined) {
    const index = definition['@index'];
    if (typeof index !== 'string' || index.startsWith('@'))
      throw invalid(`${where} has an "@index" that is not a property name`);
    if (![container].flat().includes('@index'))
      throw invalid(`${where} has an "@index" but no "@index" in its "@container"`);
  }
  if (
    definition['@language'] !== undefined &&
    definition['@language'] !== null &&
    typeof definition['@language'] !== 'string'
  ) {
    throw invalid(`${where} has an "@language" that is not a language tag or null`);
  }
  if (
    definition['@nest'] !== undefined &&
    (typeof definition['@nest'] !== 'string' ||
      (definition['@nest'].startsWith('@') && definition['@nest'] !== '@nest'))
  ) {
    throw invalid(`${where} has an "@nest" that is not "@nest" or a term`);
  }
  if (
    definition['@direction'] !== undefined &&
    ![null, 'ltr', 'rtl'].includes(definition['@direction'] as string | null)
  ) {
    throw invalid(`${where} has an "@direction" other than "ltr", "rtl" or null`);
  }
  for (const key of ['@prefix', '@protected'] as const) {
    if (definition[key] !== undefined && typeof definition[key] !== 'boolean')
      throw invalid(`${where} has a "${key}" that is not true or false`);
  }
  if (definition['@context'] !== undefined) checkScopedContext(definition['@context'], term, scope, check);
}

/** Checks one context object (the inline one or a scoped one in it): keywords, then each term. */
function checkContextObject(context: Json, parent: Scope | undefined, check: InlineCheck): void {
  const scope: Scope = { terms: {}, vocab: typeof context['@vocab'] === 'string', parent };
  for (const [key, value] of Object.entries(context)) {
    if (key.startsWith('@')) checkContextKeyword(key, value);
    else scope.terms[key] = value;
  }
  for (const [term, definition] of Object.entries(scope.terms)) {
    check.terms += 1;
    if (check.terms > MAX_INLINE_CONTEXT_TERMS) {
      throw invalid(
        `The inline @context defines more than ${MAX_INLINE_CONTEXT_TERMS} terms (scoped ones included), the most accepted`,
      );
    }
    const where = `The inline @context term "${term}"`;
    // JSON-LD accepts a protected term's identical definition. Property-scoped contexts may
    // override protected terms, type-scoped ones may not; which one a scoped context is
    // depends on use, so scoped contexts are held to the rule too.
    const protectedTerm = check.protectedTerms.get(term);
    if (protectedTerm && !protectedTerm.definitions.has(definitionKey(definition))) {
      throw invalid(
        `${where} redefines a term protected by ${protectedTerm.by}; remove it from the inline context`,
      );
    }
    if (term === '' || /[:/]/.test(term))
      throw invalid(`${where} is not a plain term name (no ":" or "/"); map it to an IRI instead`);
    if (definition === null) continue;
    if (typeof definition === 'string') {
      const problem = termProblem(term, definition, scope, new Set());
      if (problem) throw invalid(`${where}: its IRI ${problem}`);
    } else if (isObject(definition)) {
      checkTermDefinition(term, definition, scope, check);
    } else {
      throw invalid(
        `${where} must be defined by an IRI string, an object or null, not ${describe(definition)}`,
      );
    }
  }
}

/**
 * Checks the inline context object (JSON-LD would throw on it while signing, or it would
 * redefine a protected term) and returns the facts the body walk needs from all contexts.
 */
export function assertContexts(contexts: unknown[], knownContexts: ReadonlyMap<string, unknown>): BodyTerms {
  const facts = bundledContextFacts(contexts, knownContexts);
  const inline = contexts.filter(isObject);
  if (inline.length > MAX_INLINE_CONTEXTS) {
    throw invalid(
      `"@context" has ${inline.length} inline context objects; at most ${MAX_INLINE_CONTEXTS} is accepted, so merge them into one`,
    );
  }
  const check: InlineCheck = { knownContexts, protectedTerms: facts.protectedTerms, terms: 0 };
  for (const context of inline) {
    checkContextObject(context, undefined, check);
    collectFacts(context, 'the inline @context', facts, knownContexts, new Set());
  }
  return facts;
}
