/**
 * The credential body as JSON-LD expansion will read it while signing: its nesting depth
 * (expansion recurses, and so does cloning), then every keyword and aliased keyword in it.
 * What expansion would throw on is refused here with the path, as a throw while signing
 * would be a 500 after a reservation was already made.
 */
import { assertTypeValue, invalid, isObject, isUrl, KEYWORDS, type Json } from './credentialValues.js';

/** Nesting (objects and arrays) accepted; JSON-LD expansion recurses, and so does cloning. */
const MAX_CREDENTIAL_DEPTH = 64;

/** Refuses deep nesting without recursing itself, so the check cannot overflow the stack. */
export function assertDepth(input: unknown): void {
  const stack: Array<[unknown, number]> = [[input, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_CREDENTIAL_DEPTH) {
      throw invalid(
        `The credential is nested more than ${MAX_CREDENTIAL_DEPTH} levels deep; flatten its objects and arrays`,
      );
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}

/** What the body walk needs from the contexts: keyword aliases, @reverse and @json terms. */
export interface BodyTerms {
  /** Term -> the keyword it stands for (`id` -> `@id`, `type` -> `@type` in all our contexts). */
  aliases: ReadonlyMap<string, string>;
  reverse: ReadonlySet<string>;
  jsonLiterals: ReadonlySet<string>;
  /** Terms whose values are language maps / id maps (`@container` @language / @id). */
  languageMaps: ReadonlySet<string>;
  idMaps: ReadonlySet<string>;
}

const VALUE_OBJECT_KEYS = new Set(['@value', '@language', '@direction', '@type', '@index']);

/** A JSON-LD value object (`{"@value": "Bonjour", "@language": "fr"}`), as expansion accepts it. */
function assertValueObject(value: Json, keys: Map<string, string>, field: string): void {
  const members = new Map<string, unknown>();
  for (const key of Object.keys(value)) {
    const keyword = keys.get(key);
    if (!keyword || !VALUE_OBJECT_KEYS.has(keyword))
      throw invalid(
        `"${field}" has "@value", so it may have only @language, @direction, @type and @index, not "${key}"`,
      );
    members.set(keyword, value[key]);
  }
  const type = members.get('@type');
  const literal = members.get('@value');
  if (type !== undefined && (members.has('@language') || members.has('@direction')))
    throw invalid(`"${field}" has both a "@type" and a language or direction`);
  if (type !== undefined && (typeof type !== 'string' || type === ''))
    throw invalid(`"${field}.@type" must be one datatype IRI (a string)`);
  if (type !== '@json' && literal !== null && typeof literal === 'object')
    throw invalid(`"${field}.@value" must be a string, a number, true, false or null`);
  if (members.has('@language') && typeof members.get('@language') !== 'string')
    throw invalid(`"${field}.@language" must be a language tag such as "en"`);
  if (members.has('@direction') && !['ltr', 'rtl', null].includes(members.get('@direction') as string | null))
    throw invalid(`"${field}.@direction" must be "ltr" or "rtl"`);
  if (members.has('@index') && typeof members.get('@index') !== 'string')
    throw invalid(`"${field}.@index" must be a string`);
}

/**
 * Checks the body as JSON-LD expansion will read it, so what it throws on is refused here
 * with the path: every @id (`id`) is one URL string, every @type (`type`) a string or
 * array of strings, value objects and lists are well formed, @reverse terms hold nodes.
 * @json literals (such as a JsonSchema's `jsonSchema`) are plain JSON and are skipped; an
 * @context below the top is refused, as only the top-level inline context is checked.
 */
export function assertBody(value: unknown, path: string, terms: BodyTerms): void {
  if (Array.isArray(value)) {
    for (const [i, entry] of value.entries()) assertBody(entry, `${path}[${i}]`, terms);
    return;
  }
  if (!isObject(value)) return;
  const keys = new Map<string, string>();
  for (const key of Object.keys(value)) {
    const keyword = key.startsWith('@') ? key : terms.aliases.get(key);
    if (keyword) keys.set(key, keyword);
  }
  const keywords = new Set(keys.values());
  if (keywords.has('@value')) {
    assertValueObject(value, keys, path);
    return;
  }
  for (const container of ['@list', '@set']) {
    if (
      keywords.has(container) &&
      Object.keys(value).some((k) => keys.get(k) !== container && keys.get(k) !== '@index')
    ) {
      throw invalid(`"${path}" has "${container}", so it may have only @index besides`);
    }
  }
  for (const [key, child] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    const keyword = keys.get(key);
    if (terms.jsonLiterals.has(key)) continue;
    switch (keyword) {
      case undefined:
        if (
          terms.reverse.has(key) &&
          ![child]
            .flat()
            .every(
              (node) =>
                isObject(node) &&
                !Object.keys(node).some((k) => ['@value', '@list'].includes(terms.aliases.get(k) ?? k)),
            )
        ) {
          throw invalid(`"${field}" is a reverse property, so its values must be objects (nodes)`);
        }
        if (
          terms.languageMaps.has(key) &&
          isObject(child) &&
          !Object.values(child)
            .flat()
            .every((v) => v === null || typeof v === 'string')
        ) {
          throw invalid(`"${field}" is a language map, so its values must be strings`);
        }
        if (terms.idMaps.has(key) && isObject(child) && !Object.values(child).flat().every(isObject)) {
          throw invalid(`"${field}" is a map of nodes by id, so its values must be objects`);
        }
        assertBody(child, field, terms);
        break;
      case '@context':
        if (path) throw invalid(`"${field}": an @context is accepted only at the top of the credential`);
        break;
      case '@id':
        if (!isUrl(child))
          throw invalid(`"${field}" must be a single URL string, such as https://example.org/things/1`);
        break;
      case '@type':
        assertTypeValue(child, field);
        break;
      case '@index':
        if (typeof child !== 'string') throw invalid(`"${field}" must be a string`);
        break;
      case '@list':
      case '@set':
      case '@graph':
      case '@none':
        assertBody(child, field, terms);
        break;
      case '@nest':
        if (![child].flat().every(isObject))
          throw invalid(`"${field}" nests properties, so its value must be an object`);
        assertBody(child, field, terms);
        break;
      case '@language':
      case '@direction':
        throw invalid(`"${field}" belongs in a value object ({"@value": ..., "${keyword}": ...})`);
      default:
        throw invalid(
          KEYWORDS.has(keyword)
            ? `"${field}" uses the JSON-LD keyword ${keyword}, which is not accepted in a credential`
            : `"${field}" looks like a JSON-LD keyword but is none; rename it`,
        );
    }
  }
}
