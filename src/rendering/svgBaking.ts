/**
 * Open Badges 3.0 SVG baking: an `<openbadges:credential>` element right after the root
 * `<svg>` start tag, which declares `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`,
 * holding the credential's JSON in a CDATA section. Text in, text out; the scan in
 * svgScan.ts never expands an entity.
 */
import { BakingError, OB_NAMESPACE, parseBakedCredential, serializeCredential } from './bakedCredential.js';
import { elementText, findCredentialElements, findRootTag, namespacePrefix } from './svgScan.js';

const PREFIX = 'openbadges';

/**
 * The JSON inside one CDATA section. `]]>` would end the section early, so it is split
 * across two sections; U+FFFE and U+FFFF, which XML forbids, can only occur in JSON
 * strings and are written as \u escapes there.
 */
function cdata(json: string): string {
  const safe = json.replace(/[\ufffe\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`);
  return `<![CDATA[${safe.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** The root start tag with the openbadges namespace declared, as an open (not self-closing) tag. */
function declareNamespace(rootTag: string): string {
  const open = rootTag.endsWith('/>') ? rootTag.slice(0, -2) : rootTag.slice(0, -1);
  if (namespacePrefix(rootTag) === PREFIX) return `${open.trimEnd()}>`;
  if (new RegExp(`\\sxmlns:${PREFIX}\\s*=`).test(rootTag)) {
    throw new BakingError(
      `The SVG image binds the "${PREFIX}" prefix to another namespace than ${OB_NAMESPACE}`,
    );
  }
  return `${open.trimEnd()} xmlns:${PREFIX}="${OB_NAMESPACE}">`;
}

/**
 * Bakes `credential` into an SVG document: any credential element already there is
 * removed, the namespace is declared on the root and the new element goes first inside it.
 */
export function bakeSvg(svg: string, credential: object): string {
  const element = `<${PREFIX}:credential>${cdata(serializeCredential(credential))}</${PREFIX}:credential>`;
  const root = findRootTag(svg);
  const rootTag = svg.slice(root.start, root.end);
  const existing = findCredentialElements(svg, root.end, namespacePrefix(rootTag) ?? PREFIX);
  let rest = '';
  let from = root.end;
  for (const span of existing) {
    rest += svg.slice(from, span.start);
    from = span.end;
  }
  rest += svg.slice(from);
  const body = root.selfClosing ? `${element}</svg>${rest}` : `${element}${rest}`;
  return `${svg.slice(0, root.start)}${declareNamespace(rootTag)}${body}`;
}

/**
 * The credential baked into an SVG document, or undefined when it carries none. More than
 * one credential element, markup or an entity inside it, or text that is not a JSON
 * object is a BakingError.
 */
export function unbakeSvg(svg: string): Record<string, unknown> | undefined {
  const root = findRootTag(svg);
  const prefix = namespacePrefix(svg.slice(root.start, root.end)) ?? PREFIX;
  const elements = root.selfClosing ? [] : findCredentialElements(svg, root.end, prefix);
  if (elements.length === 0) return undefined;
  if (elements.length > 1)
    throw new BakingError(
      `The SVG image carries ${elements.length} ${prefix}:credential elements; Open Badges 3.0 allows one`,
    );
  return parseBakedCredential(elementText(svg, elements[0]!), 'SVG image');
}
