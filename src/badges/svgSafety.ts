/**
 * Whether an uploaded SVG badge is safe to serve from our origin, by allow-list: the SVG
 * is refused (never rewritten) unless every element is a drawing element we know, every
 * link points inside the file, and nothing can run or load. An SVG opened on its own is a
 * document of our site: a `<script>`, an `onload=`, a `javascript:` link or a
 * `<foreignObject>` with HTML would run as us, and an external `href` or `url()` would make
 * every viewer's browser call another server. No DOM library is involved: one linear pass
 * over the text, which refuses what it does not understand (a DOCTYPE and its entities,
 * processing instructions, an unknown namespace) instead of guessing. The public route
 * adds a sandboxing Content-Security-Policy besides (src/http/routes/badges.ts).
 */

/** The SVG namespace every safe badge's elements are in. */
const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * Namespaces editors write metadata in (Inkscape, Sodipodi, RDF, Creative Commons, Dublin
 * Core, Adobe Illustrator): browsers draw nothing and run nothing from their elements.
 */
const INERT_NAMESPACES = new Set([
  'http://www.inkscape.org/namespaces/inkscape',
  'http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://creativecommons.org/ns#',
  'http://web.resource.org/cc/',
  'http://purl.org/dc/elements/1.1/',
  'http://ns.adobe.com/AdobeIllustrator/10.0/',
  'http://ns.adobe.com/Extensibility/1.0/',
  'http://ns.adobe.com/SaveForWeb/1.0/',
]);

/**
 * SVG elements that only draw. Left out on purpose: script, foreignObject, a (a link),
 * animate/set/animateMotion/animateTransform (they can rewrite an href to javascript:),
 * feImage and iframe/embed/object-likes (they load other documents), and the rest.
 */
const DRAWING_ELEMENTS = new Set(
  (
    'svg g defs title desc metadata symbol use switch path rect circle ellipse line polyline polygon ' +
    'text tspan textPath linearGradient radialGradient stop clipPath mask pattern marker style image ' +
    'filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting ' +
    'feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR ' +
    'feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting ' +
    'feSpotLight feTile feTurbulence'
  ).split(' '),
);

/** The five entities XML predefines and character references; anything else needs a DOCTYPE. */
const REFERENCE = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An unsafe SVG: what was found, in words a person uploading it can act on. */
export class UnsafeSvgError extends Error {}

function refuse(why: string): never {
  throw new UnsafeSvgError(why);
}

/** Text with its references replaced by the characters they stand for; an unknown entity is refused. */
function decoded(text: string): string {
  const withoutKnown = text.replace(REFERENCE, '');
  if (withoutKnown.includes('&'))
    refuse(
      'it uses an entity that is not defined (only &amp; &lt; &gt; &quot; &apos; and numeric references)',
    );
  return text.replace(REFERENCE, (_, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()]!;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/** Without whitespace and control characters, lower case: how a browser reads `java\tscript:`. */
const squeezed = (value: string): string => value.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();

/** Refuses CSS or an attribute value that could load or run something. */
function assertInertValue(value: string, where: string): void {
  const plain = squeezed(value);
  if (plain.includes('javascript:') || plain.includes('vbscript:')) refuse(`${where} has a script link`);
  if (plain.includes('@import')) refuse(`${where} imports another style sheet`);
  if (plain.includes('expression(')) refuse(`${where} has a CSS expression`);
  for (const [, target] of plain.matchAll(/url\(([^)]*)\)/g)) {
    if (!/^["']?#/.test(target ?? '')) refuse(`${where} refers to a file outside the image (url(...))`);
  }
}

/** Inline raster pictures are fine; any other href of an <image> loads something else. */
const INLINE_RASTER = /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=]*$/;

/** Refuses a link that leaves the file (only `#id` inside it, or an inline picture for <image>). */
function assertInternalLink(value: string, element: string): void {
  const plain = squeezed(value);
  if (plain.startsWith('#')) return;
  if (element === 'image' && INLINE_RASTER.test(plain)) return;
  refuse(`a <${element}> links to ${plain.startsWith('data:') ? 'inline data' : 'a file'} outside the image`);
}

interface Scope {
  /** prefix ('' for the default) -> namespace */
  namespaces: Map<string, string>;
  /** Qualified name, to check the end tag. */
  name: string;
  /** Inside a <style>: its text is CSS to check. */
  style: boolean;
}

const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/y;

/** Parses the attributes of a start tag (the text between its name and `>`), refusing odd syntax. */
function attributesOf(text: string): [string, string][] {
  const found: [string, string][] = [];
  // Where the attributes end: before trailing spaces and the `/` of an empty-element tag.
  const trimmed = text.trimEnd();
  const limit = trimmed.endsWith('/') ? trimmed.slice(0, -1).trimEnd().length : trimmed.length;
  let at = 0;
  while (at < limit) {
    ATTRIBUTE.lastIndex = at;
    const match = ATTRIBUTE.exec(text);
    if (!match) refuse('a tag has an attribute without a quoted value');
    found.push([match[1]!, decoded(match[2]!.slice(1, -1))]);
    at = ATTRIBUTE.lastIndex;
  }
  return found;
}

function split(qualified: string): [prefix: string, local: string] {
  const colon = qualified.indexOf(':');
  return colon === -1 ? ['', qualified] : [qualified.slice(0, colon), qualified.slice(colon + 1)];
}

/** Checks one start tag in its parent's scope and returns its own scope. */
function openElement(name: string, attributes: [string, string][], parent: Scope | undefined): Scope {
  const namespaces = new Map(parent?.namespaces ?? []);
  for (const [attribute, value] of attributes) {
    if (attribute === 'xmlns') namespaces.set('', value);
    else if (attribute.startsWith('xmlns:')) namespaces.set(attribute.slice(6), value);
  }
  for (const namespace of namespaces.values())
    if (namespace !== SVG_NS && namespace !== XLINK_NS && !INERT_NAMESPACES.has(namespace))
      refuse(`it declares the namespace ${namespace}, which may carry HTML or other active content`);
  const [prefix, local] = split(name);
  const namespace = namespaces.get(prefix);
  if (namespace === undefined) refuse(`the element <${name}> is in no declared namespace`);
  if (!parent && (namespace !== SVG_NS || local !== 'svg'))
    refuse('its root element is not <svg> in the SVG namespace');
  const inert = INERT_NAMESPACES.has(namespace);
  if (namespace === XLINK_NS) refuse(`the element <${name}> is in the XLink namespace`);
  if (!inert && !DRAWING_ELEMENTS.has(local))
    refuse(`it has a <${local}> element, which can run, link or load content`);
  for (const [attribute, value] of attributes) {
    const [attrPrefix, attrLocal] = split(attribute);
    const attrNamespace = attrPrefix === 'xml' ? XML_NS : attrPrefix ? namespaces.get(attrPrefix) : '';
    if (attrPrefix && attrPrefix !== 'xmlns' && attrNamespace === undefined)
      refuse(`the attribute ${attribute} is in no declared namespace`);
    if (/^on/i.test(attrLocal)) refuse(`it has an event handler (${attribute})`);
    if (attrNamespace === XML_NS && attrLocal === 'base') refuse('it sets xml:base');
    if (attrLocal.toLowerCase() === 'href' || attrLocal.toLowerCase() === 'src')
      assertInternalLink(value, local);
    if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) continue;
    assertInertValue(value, `the attribute ${attribute} of <${local}>`);
  }
  return { namespaces, name, style: !inert && local === 'style' };
}

/**
 * Throws UnsafeSvgError unless `svg` is a well-formed SVG document whose every element
 * and attribute is on the allow-list above. Costs one pass over the text.
 */
export function assertSafeSvg(svg: string): void {
  const stack: Scope[] = [];
  let seenRoot = false;
  let at = svg.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (at < svg.length) {
    const lt = svg.indexOf('<', at);
    const text = svg.slice(at, lt === -1 ? svg.length : lt);
    if (text.trim()) {
      if (stack.length === 0) refuse('it has text outside the <svg> element');
      const content = decoded(text);
      if (stack.at(-1)!.style) assertInertValue(content, 'a <style> element');
    }
    if (lt === -1) break;
    if (svg.startsWith('<!--', lt)) {
      const end = svg.indexOf('-->', lt + 4);
      if (end === -1) refuse('a comment is never closed');
      at = end + 3;
    } else if (svg.startsWith('<![CDATA[', lt)) {
      const end = svg.indexOf(']]>', lt + 9);
      if (end === -1 || stack.length === 0) refuse('a CDATA section is malformed');
      if (stack.at(-1)!.style) assertInertValue(svg.slice(lt + 9, end), 'a <style> element');
      at = end + 3;
    } else if (svg.startsWith('<?', lt)) {
      const end = svg.indexOf('?>', lt + 2);
      if (end === -1 || lt !== svg.slice(0, lt).search(/\S|$/) || !/^<\?xml\s/.test(svg.slice(lt, lt + 6)))
        refuse('it has a processing instruction (only the XML declaration at the start is accepted)');
      at = end + 2;
    } else if (svg.startsWith('<!', lt)) {
      refuse('it has a DOCTYPE or entity declaration (export it as plain SVG)');
    } else if (svg[lt + 1] === '/') {
      const end = svg.indexOf('>', lt);
      const name = svg.slice(lt + 2, end).trim();
      if (end === -1 || stack.pop()?.name !== name) refuse('its elements are not properly nested');
      at = end + 1;
    } else {
      const end = tagEnd(svg, lt);
      const tag = svg.slice(lt + 1, end - 1);
      const name = /^[^\s/>]+/.exec(tag)?.[0];
      if (!name) refuse('it has a malformed tag');
      if (stack.length === 0 && seenRoot) refuse('it has more than one root element');
      const scope = openElement(name, attributesOf(tag.slice(name.length)), stack.at(-1));
      seenRoot = true;
      if (!tag.endsWith('/')) stack.push(scope);
      at = end;
    }
  }
  if (!seenRoot) refuse('it has no <svg> element');
  if (stack.length > 0) refuse(`the element <${stack.at(-1)!.name}> is never closed`);
}

/** The index just past the `>` closing the tag that opens at `start` (quoted `>` skipped). */
function tagEnd(svg: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < svg.length; i++) {
    const ch = svg[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '<') break;
    else if (ch === '>') return i + 1;
  }
  return refuse('a tag is never closed');
}
