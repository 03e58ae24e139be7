/**
 * A linear, non-validating scan of SVG text for baking: where the root <svg> start tag
 * is, which prefix names the Open Badges namespace, where the credential elements are,
 * and the text inside one. It is not an XML parser on purpose: no DTD is read and no
 * entity is ever expanded (an entity bomb in a DOCTYPE is skipped over unread), and each
 * step is one pass over the text, so hostile input costs time proportional to its size.
 */
import { BakingError, OB_NAMESPACE } from './bakedCredential.js';

/** The largest SVG text scanned: 16 MiB of characters. */
export const MAX_SVG_CHARS = 16 * 1024 * 1024;

/** The root element's start tag: `svg.slice(start, end)` is `<svg ...>` or `<svg .../>`. */
export interface RootTag {
  start: number;
  end: number;
  selfClosing: boolean;
}

/** One credential element: its whole extent and its content's. */
export interface ElementSpan {
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
}

/** The index just past `marker`, searching from `from`; a missing one is a BakingError. */
function skipPast(svg: string, marker: string, from: number, what: string): number {
  const at = svg.indexOf(marker, from);
  if (at === -1) throw new BakingError(`The SVG image is malformed: ${what} is never closed`);
  return at + marker.length;
}

/** The index just past the `>` of the tag opening at `start`, stepping over quoted values. */
function tagEnd(svg: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < svg.length; i++) {
    const ch = svg[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i + 1;
  }
  throw new BakingError('The SVG image is malformed: a tag is never closed');
}

/** The index just past a DOCTYPE declaration, internal subset (entities and all) included, unread. */
function skipDoctype(svg: string, start: number): number {
  let quote = '';
  let inSubset = false;
  for (let i = start + 9; i < svg.length; i++) {
    const ch = svg[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (inSubset && svg.startsWith('<!--', i)) i = skipPast(svg, '-->', i + 4, 'a comment') - 1;
    else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') inSubset = true;
    else if (ch === ']') inSubset = false;
    else if (ch === '>' && !inSubset) return i + 1;
  }
  throw new BakingError('The SVG image is malformed: its DOCTYPE is never closed');
}

const isNameEnd = (ch: string | undefined): boolean =>
  ch === undefined || ch === '>' || ch === '/' || /\s/.test(ch);

/** Finds the root element's start tag after the prolog; it must be `<svg`. */
export function findRootTag(svg: string): RootTag {
  if (svg.length > MAX_SVG_CHARS)
    throw new BakingError(`The SVG image is larger than ${MAX_SVG_CHARS} characters`);
  let i = svg.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < svg.length && /\s/.test(svg[i]!)) i++;
    if (svg.startsWith('<?', i)) i = skipPast(svg, '?>', i + 2, 'a processing instruction');
    else if (svg.startsWith('<!--', i)) i = skipPast(svg, '-->', i + 4, 'a comment');
    else if (svg.startsWith('<!DOCTYPE', i)) i = skipDoctype(svg, i);
    else break;
  }
  if (!svg.startsWith('<svg', i) || !isNameEnd(svg[i + 4])) {
    throw new BakingError('This file is not an SVG image: its root element is not <svg>');
  }
  const end = tagEnd(svg, i);
  return { start: i, end, selfClosing: svg[end - 2] === '/' };
}

/** The prefix the root tag binds to the Open Badges namespace, if any. */
export function namespacePrefix(rootTag: string): string | undefined {
  const escaped = OB_NAMESPACE.replace(/[.]/g, '\\.');
  return new RegExp(`\\sxmlns:([A-Za-z_][\\w.-]*)\\s*=\\s*(["'])${escaped}\\2`).exec(rootTag)?.[1];
}

/** Whether only whitespace and `>` follow a closing tag's name at `at`. */
function closeRest(svg: string, at: number): boolean {
  const rest = /\s*>/y;
  rest.lastIndex = at;
  return rest.test(svg);
}

/** Where a credential element's content ends: at its closing tag, past CDATA and comments. */
function contentEndOf(svg: string, from: number, prefix: string): number {
  const close = `</${prefix}:credential`;
  let j = from;
  for (;;) {
    j = svg.indexOf('<', j);
    if (j === -1)
      throw new BakingError(`The SVG image is malformed: its ${prefix}:credential element is never closed`);
    if (svg.startsWith('<![CDATA[', j)) j = skipPast(svg, ']]>', j + 9, 'a CDATA section');
    else if (svg.startsWith('<!--', j)) j = skipPast(svg, '-->', j + 4, 'a comment');
    else if (svg.startsWith(close, j) && closeRest(svg, j + close.length)) return j;
    else
      throw new BakingError(
        `The SVG image's ${prefix}:credential element holds markup; it must hold only the JSON credential`,
      );
  }
}

/**
 * Every `<prefix:credential>` element after `from`, skipping comments, CDATA sections and
 * processing instructions. A credential element may hold only text, CDATA and comments.
 */
export function findCredentialElements(svg: string, from: number, prefix: string): ElementSpan[] {
  const open = `<${prefix}:credential`;
  const found: ElementSpan[] = [];
  let i = from;
  while ((i = svg.indexOf('<', i)) !== -1) {
    if (svg.startsWith('<!--', i)) i = skipPast(svg, '-->', i + 4, 'a comment');
    else if (svg.startsWith('<![CDATA[', i)) i = skipPast(svg, ']]>', i + 9, 'a CDATA section');
    else if (svg.startsWith('<?', i)) i = skipPast(svg, '?>', i + 2, 'a processing instruction');
    else if (svg.startsWith(open, i) && isNameEnd(svg[i + open.length])) {
      const start = i;
      const contentStart = tagEnd(svg, start);
      const selfClosing = svg[contentStart - 2] === '/';
      const contentEnd = selfClosing ? contentStart : contentEndOf(svg, contentStart, prefix);
      i = selfClosing ? contentStart : skipPast(svg, '>', contentEnd, 'a tag');
      found.push({ start, end: i, contentStart, contentEnd });
    } else i += 1;
  }
  return found;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Character data with its five predefined entities and character references decoded. */
function decodeText(text: string): string {
  return text.replace(
    /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z_][\w.-]*)?;?/g,
    (whole, name: string | undefined) => {
      if (!name || !whole.endsWith(';'))
        throw new BakingError('The SVG image is malformed: a bare "&" in its credential');
      if (name.startsWith('#')) {
        const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (code > 0x10ffff)
          throw new BakingError(`The SVG image's credential has an invalid character reference &${name};`);
        return String.fromCodePoint(code);
      }
      const value = PREDEFINED[name];
      if (value === undefined)
        throw new BakingError(
          `The SVG image's credential uses the XML entity &${name};, which is never expanded here`,
        );
      return value;
    },
  );
}

/** The text content of a credential element: CDATA sections verbatim, text decoded, comments dropped. */
export function elementText(svg: string, span: ElementSpan): string {
  let text = '';
  let i = span.contentStart;
  while (i < span.contentEnd) {
    const next = svg.indexOf('<', i);
    const stop = next === -1 || next > span.contentEnd ? span.contentEnd : next;
    text += decodeText(svg.slice(i, stop));
    if (stop === span.contentEnd) break;
    if (svg.startsWith('<![CDATA[', stop)) {
      const end = skipPast(svg, ']]>', stop + 9, 'a CDATA section');
      text += svg.slice(stop + 9, end - 3);
      i = end;
    } else i = skipPast(svg, '-->', stop + 4, 'a comment');
  }
  return text;
}
