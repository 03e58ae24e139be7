/**
 * What the credential's contexts define that the checks need: which terms are protected
 * (and by which context), which alias a keyword, and which hold @json literals, @reverse
 * nodes, language maps or id maps. Bundled context documents are read once and cached;
 * scoped contexts are followed, through the bundled contexts when given by URL.
 */
import { isObject, KEYWORDS } from './credentialValues.js';

/** A term definition as JSON-LD compares them for protected terms: an object, @protected aside. */
export function definitionKey(definition: unknown): string {
  const normal = typeof definition === 'string' ? { '@id': definition } : definition;
  if (!isObject(normal)) return JSON.stringify(normal);
  const { '@protected': _protected, ...rest } = normal;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/** The keyword a term stands for (`"id": "@id"`), so the body walk reads its uses as that keyword. */
function keywordOf(definition: unknown): string | undefined {
  const id = isObject(definition) ? definition['@id'] : definition;
  return typeof id === 'string' && KEYWORDS.has(id) ? id : undefined;
}

/** What a set of contexts defines that the checks need. */
export interface ContextFacts {
  /** Protected term -> the context URL protecting it and its protected definitions (any depth). */
  protectedTerms: Map<string, { by: string; definitions: Set<string> }>;
  jsonLiterals: Set<string>;
  aliases: Map<string, string>;
  reverse: Set<string>;
  languageMaps: Set<string>;
  idMaps: Set<string>;
}

function emptyFacts(): ContextFacts {
  return {
    protectedTerms: new Map(),
    jsonLiterals: new Set(),
    aliases: new Map(),
    reverse: new Set(),
    languageMaps: new Set(),
    idMaps: new Set(),
  };
}

/**
 * Adds one context's facts to another's. Protected definitions are copied, so the cached
 * facts of a bundled document are never changed; an alias already known keeps its meaning.
 */
function mergeFacts(into: ContextFacts, from: ContextFacts): void {
  for (const [term, entry] of from.protectedTerms) {
    const known = into.protectedTerms.get(term);
    if (known) for (const d of entry.definitions) known.definitions.add(d);
    else into.protectedTerms.set(term, { by: entry.by, definitions: new Set(entry.definitions) });
  }
  for (const term of from.jsonLiterals) into.jsonLiterals.add(term);
  for (const [term, keyword] of from.aliases) if (!into.aliases.has(term)) into.aliases.set(term, keyword);
  for (const term of from.reverse) into.reverse.add(term);
  for (const term of from.languageMaps) into.languageMaps.add(term);
  for (const term of from.idMaps) into.idMaps.add(term);
}

/**
 * Walks context objects (scoped ones too) and records their facts; `by` names the source.
 * Scoped contexts given by URL are followed through the bundled contexts.
 */
export function collectFacts(
  context: unknown,
  by: string,
  facts: ContextFacts,
  knownContexts: ReadonlyMap<string, unknown>,
  visited: Set<string>,
): void {
  if (typeof context === 'string') {
    if (!visited.has(context)) mergeFacts(facts, bundledFacts(context, knownContexts, visited));
    return;
  }
  if (Array.isArray(context)) {
    for (const c of context) collectFacts(c, by, facts, knownContexts, visited);
    return;
  }
  if (!isObject(context)) return;
  const contextProtected = context['@protected'] === true;
  for (const [term, definition] of Object.entries(context)) {
    if (term.startsWith('@')) continue;
    const termProtected =
      isObject(definition) && typeof definition['@protected'] === 'boolean'
        ? definition['@protected']
        : contextProtected;
    if (termProtected) {
      const entry = facts.protectedTerms.get(term) ?? { by, definitions: new Set<string>() };
      entry.definitions.add(definitionKey(definition));
      facts.protectedTerms.set(term, entry);
    }
    const keyword = keywordOf(definition);
    if (keyword && !facts.aliases.has(term)) facts.aliases.set(term, keyword);
    if (isObject(definition)) {
      if (definition['@type'] === '@json') facts.jsonLiterals.add(term);
      if (definition['@reverse'] !== undefined) facts.reverse.add(term);
      const containers = [definition['@container']].flat();
      if (containers.includes('@language')) facts.languageMaps.add(term);
      if (containers.includes('@id')) facts.idMaps.add(term);
      if (definition['@context'] !== undefined)
        collectFacts(definition['@context'], by, facts, knownContexts, visited);
    }
  }
}

// Bundled documents never change while running, so their facts are computed once each.
const factsByDocument = new WeakMap<object, ContextFacts>();

/** The facts of one bundled context document (computed once per document). */
function bundledFacts(
  url: string,
  knownContexts: ReadonlyMap<string, unknown>,
  visited = new Set<string>(),
): ContextFacts {
  const document = knownContexts.get(url);
  if (!isObject(document)) return emptyFacts();
  const cached = factsByDocument.get(document);
  if (cached) return cached;
  const facts = emptyFacts();
  visited.add(url);
  collectFacts(document['@context'], url, facts, knownContexts, visited);
  factsByDocument.set(document, facts);
  return facts;
}

/** The facts of the bundled contexts a credential names by URL (inline contexts are skipped). */
export function bundledContextFacts(
  contexts: unknown[],
  knownContexts: ReadonlyMap<string, unknown>,
): ContextFacts {
  const facts = emptyFacts();
  for (const context of contexts)
    if (typeof context === 'string') mergeFacts(facts, bundledFacts(context, knownContexts));
  return facts;
}
