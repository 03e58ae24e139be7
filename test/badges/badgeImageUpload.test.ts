/**
 * Hostile badge images are refused with a sentence saying why, and nothing is stored: too
 * large, empty, a type given by name only (wrong magic bytes), a corrupt or already baked
 * PNG, and SVG that could run or load something (scripts, handlers, javascript: and
 * external links, foreignObject, entities, other namespaces, CSS imports). Plain PNG, JPEG
 * and SVG badges (as editors save them) pass.
 */
import { describe, expect, it } from 'vitest';
import { checkBadgeImage, MAX_BADGE_IMAGE_BYTES } from '../../src/badges/badgeImages.js';
import { assertSafeSvg, UnsafeSvgError } from '../../src/badges/svgSafety.js';
import { bakePng } from '../../src/rendering/baking.js';
import { SAFE_SVG, solidPng } from '../fixtures/badges.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const svg = (body: string, attributes = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${attributes}>${body}</svg>`;

describe('checkBadgeImage', () => {
  it('takes PNG, JPEG and SVG by their bytes', () => {
    expect(checkBadgeImage(solidPng())).toBe('image/png');
    expect(checkBadgeImage(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46))).toBe('image/jpeg');
    expect(checkBadgeImage(utf8(SAFE_SVG))).toBe('image/svg+xml');
  });

  it('refuses an empty file, one over the cap, and bytes that are none of the three', () => {
    expect(() => checkBadgeImage(new Uint8Array())).toThrow(/is empty/);
    const big = new Uint8Array(MAX_BADGE_IMAGE_BYTES + 1);
    big.set(solidPng());
    expect(() => checkBadgeImage(big)).toThrow(/the largest accepted is 256 KB/);
    // A GIF, a PDF and an HTML page renamed badge.png: the name is never read, the bytes are.
    for (const bytes of [
      utf8('GIF89a....'),
      utf8('%PDF-1.7\n'),
      utf8('<html><script>alert(1)</script></html>'),
    ])
      expect(() => checkBadgeImage(bytes)).toThrow(/is not a PNG, SVG or JPEG file/);
  });

  it('refuses a corrupt PNG and one that already carries a baked credential', () => {
    const png = solidPng();
    expect(() => checkBadgeImage(png.subarray(0, png.length - 10))).toThrow(/is not a usable PNG/);
    const baked = bakePng(png, {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
    });
    expect(() => checkBadgeImage(baked)).toThrow(/already carries an Open Badges credential/);
  });

  it('refuses an unsafe SVG with the reason', () => {
    expect(() => checkBadgeImage(utf8(svg('<script>alert(1)</script>')))).toThrow(
      /was refused: it has a <script> element/,
    );
  });
});

describe('assertSafeSvg', () => {
  const refused: [string, string, RegExp][] = [
    ['a script', svg('<script>alert(document.cookie)</script>'), /<script>/],
    [
      'a script in another prefix',
      svg('<s:script xmlns:s="http://www.w3.org/2000/svg">x</s:script>'),
      /<script>/,
    ],
    ['an event handler', svg('<circle r="4" onload="alert(1)"/>'), /event handler/],
    ['a handler in upper case', svg('<rect ONCLICK="alert(1)"/>'), /event handler/],
    [
      'foreignObject with HTML',
      svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
      /namespace|foreignObject/,
    ],
    ['the XHTML namespace', svg('<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="x"/>'), /namespace/],
    ['a link element', svg('<a href="https://evil.example"><text>go</text></a>'), /<a>/],
    ['a javascript: href', svg('<use href="javascript:alert(1)"/>'), /outside the image|script link/],
    [
      'an encoded javascript: href',
      svg('<use xlink:href="&#106;avascript:alert(1)"/>'),
      /outside the image|script link/,
    ],
    [
      'an external image',
      svg('<image href="https://tracker.example/pixel.png" width="1" height="1"/>'),
      /outside the image/,
    ],
    ['an external use', svg('<use href="https://evil.example/sprite.svg#a"/>'), /outside the image/],
    ['a nested SVG as data', svg('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'), /outside the image/],
    ['an external url() in style', svg('<rect style="fill:url(https://evil.example/x.svg#p)"/>'), /url\(/],
    [
      'a CSS import',
      svg('<style>@import "https://evil.example/x.css";</style>'),
      /imports another style sheet/,
    ],
    [
      'an external font in CSS',
      svg('<style><![CDATA[@font-face{src:url(//evil.example/f.woff)}]]></style>'),
      /url\(/,
    ],
    ['an animation rewriting a link', svg('<set attributeName="href" to="javascript:alert(1)"/>'), /<set>/],
    ['a DOCTYPE with entities', `<!DOCTYPE svg [<!ENTITY x "y">]>${svg('<text>&x;</text>')}`, /DOCTYPE/],
    ['an undefined entity', svg('<text>&x;</text>'), /entity/],
    ['xml:base', svg('<g xml:base="https://evil.example/"/>'), /xml:base/],
    [
      'a processing instruction',
      svg('<?xml-stylesheet href="https://evil.example/x.css"?>'),
      /processing instruction/,
    ],
    ['no SVG namespace', '<svg><rect/></svg>', /no declared namespace|not <svg>/],
    ['an HTML root', '<html xmlns="http://www.w3.org/1999/xhtml"></html>', /namespace|not <svg>/],
    ['unclosed elements', '<svg xmlns="http://www.w3.org/2000/svg"><g>', /never closed/],
    ['an unquoted attribute', svg('<rect width=10/>'), /without a quoted value/],
    ['two roots', `${svg('')}${svg('')}`, /more than one root/],
  ];
  for (const [what, text, reason] of refused) {
    it(`refuses ${what}`, () => {
      let error: unknown;
      try {
        assertSafeSvg(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnsafeSvgError);
      expect((error as Error).message).toMatch(reason);
    });
  }

  it('accepts plain SVG as editors save it: gradients, styles with url(#id), internal use, inline PNG, metadata', () => {
    expect(() => assertSafeSvg(SAFE_SVG)).not.toThrow();
    const inkscape = `<?xml version="1.0"?>
<!-- Created with Inkscape -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
  xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns:dc="http://purl.org/dc/elements/1.1/" inkscape:version="1.3" viewBox="0 0 10 10">
  <sodipodi:namedview inkscape:zoom="1"/>
  <metadata><rdf:RDF><dc:title>Badge &amp; ribbon</dc:title></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" style="opacity:0.9"><path d="M0 0L10 10" stroke="#000"/></g>
  <image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/>
</svg>`;
    expect(() => assertSafeSvg(inkscape)).not.toThrow();
  });

  it('stays linear on hostile sizes (a tag of 200,000 attributes, 50,000 nested groups)', () => {
    const started = performance.now();
    const wide = svg('', ' a="1"'.repeat(200_000));
    expect(() => assertSafeSvg(wide)).not.toThrow();
    const deep = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(50_000)}${'</g>'.repeat(50_000)}</svg>`;
    expect(() => assertSafeSvg(deep)).not.toThrow();
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
