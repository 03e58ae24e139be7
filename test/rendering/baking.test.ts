/**
 * Open Badges 3.0 baking (src/rendering/baking.ts): credentials baked into PNG and SVG
 * come back unchanged, re-baking replaces rather than adds, chunks are checked against an
 * independent CRC (zlib's), and corrupt or hostile images are refused with a sentence.
 */
import { describe, expect, it } from 'vitest';
import { crc32 as zlibCrc32, deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import {
  BakingError,
  bakePng,
  bakeSvg,
  bakedImageType,
  unbakeImage,
  unbakePng,
  unbakeSvg,
} from '../../src/rendering/baking.js';
import { MAX_CREDENTIAL_CHARS, OB_NAMESPACE } from '../../src/rendering/bakedCredential.js';
import { crc32 } from '../../src/rendering/pngChunks.js';
import { MAX_SVG_CHARS } from '../../src/rendering/svgScan.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import {
  editorSvg,
  emptySvg,
  entityBombDoctype,
  pngChunk,
  plainSvg,
  tinyPng,
} from '../fixtures/badgeImages.js';

const credential = (overrides: Record<string, unknown> = {}) => ({
  ...openBadgeRequest(overrides),
  id: 'urn:uuid:0b7f2c5e-5a55-4a9b-9c38-2c1c3c0f8e11',
});

/** Lists a PNG's chunks with Buffer reads, checking each CRC with zlib (not the code under test). */
function independentChunks(png: Uint8Array): Array<{ type: string; data: Buffer }> {
  const buf = Buffer.from(png);
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let offset = 8; offset < buf.length; ) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    expect(buf.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(
      zlibCrc32(buf.subarray(offset + 4, offset + 8 + length)),
    );
    chunks.push({ type, data });
    offset += 12 + length;
  }
  return chunks;
}

/** An iTXt chunk's data as its fields are laid out, with flags given. */
function iTXtData(keyword: string, text: string | Buffer, compressed = 0): Buffer {
  return Buffer.concat([
    Buffer.from(`${keyword}\0`, 'latin1'),
    Buffer.from([compressed, 0]),
    Buffer.from('en\0\0'),
    typeof text === 'string' ? Buffer.from(text) : text,
  ]);
}

function bakingError(run: () => unknown): BakingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BakingError);
    expect((error as BakingError).code).toBe('invalid_request');
    return error as BakingError;
  }
  throw new Error('expected a BakingError');
}

describe('crc32', () => {
  it('matches zlib for empty, short and random inputs', () => {
    for (const bytes of [
      new Uint8Array(0),
      new TextEncoder().encode('IEND'),
      new Uint8Array(randomBytes(4096)),
    ]) {
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
    const joined = new Uint8Array(randomBytes(1000));
    expect(crc32(joined.subarray(300), crc32(joined.subarray(0, 300)))).toBe(zlibCrc32(joined));
  });
});

describe('PNG', () => {
  it('bakes one uncompressed iTXt openbadgecredential chunk before IEND, with a correct CRC, and reads it back', () => {
    const vc = credential();
    const baked = bakePng(tinyPng(), vc);
    const chunks = independentChunks(baked);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'iTXt', 'IEND']);
    const original = independentChunks(tinyPng());
    expect(chunks[0]!.data.equals(original[0]!.data) && chunks[1]!.data.equals(original[1]!.data)).toBe(true);
    // keyword, null, compression flag 0, method 0, empty language tag, empty translated keyword, UTF-8 JSON.
    const data = chunks[2]!.data;
    expect(data.subarray(0, 24).equals(Buffer.from('openbadgecredential\0\0\0\0\0', 'latin1'))).toBe(true);
    expect(JSON.parse(data.subarray(24).toString('utf8'))).toEqual(vc);
    expect(unbakePng(baked)).toEqual(vc);
  });

  it('keeps non-ASCII text intact (UTF-8)', () => {
    const vc = credential({ name: 'Zertifikat für Zoë — 証明書 🎓' });
    expect(unbakePng(bakePng(tinyPng(), vc))).toEqual(vc);
  });

  it('baking twice keeps one credential chunk, the newer one, and every other chunk', () => {
    const software = pngChunk('tEXt', Buffer.from('Software\0badge-maker'));
    const other = pngChunk('iTXt', iTXtData('Description', 'A badge'));
    const once = bakePng(tinyPng([software, other]), credential({ name: 'First' }));
    const twice = bakePng(once, credential({ name: 'Second' }));
    expect(independentChunks(twice).map((c) => c.type)).toEqual([
      'IHDR',
      'IDAT',
      'tEXt',
      'iTXt',
      'iTXt',
      'IEND',
    ]);
    expect(unbakePng(twice)).toEqual(credential({ name: 'Second' }));
    expect(bakePng(twice, credential({ name: 'Second' }))).toEqual(twice);
  });

  it('a PNG without a credential unbakes to undefined', () => {
    expect(
      unbakePng(tinyPng([pngChunk('tEXt', Buffer.from('openbadges\0legacy 2.0 text'))])),
    ).toBeUndefined();
  });

  it('a corrupted CRC, or a changed byte under a good CRC, is refused', () => {
    const baked = Buffer.from(bakePng(tinyPng(), credential()));
    const badCrc = Buffer.from(baked);
    badCrc[baked.length - 13]! ^= 0xff; // the last byte of the iTXt chunk's CRC
    expect(bakingError(() => unbakePng(badCrc)).message).toMatch(/corrupt: the CRC of its iTXt chunk/);
    const badData = Buffer.from(baked);
    badData[8 + 8 + 2]! ^= 0x01; // inside IHDR's data
    expect(bakingError(() => unbakePng(badData)).message).toMatch(/CRC of its IHDR chunk/);
    expect(bakingError(() => bakePng(badData, credential())).message).toMatch(/CRC/);
  });

  it('what is not a PNG is refused with a sentence', () => {
    for (const bytes of [
      new Uint8Array(0),
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
      new TextEncoder().encode(plainSvg()),
    ]) {
      expect(bakingError(() => unbakePng(bytes)).message).toBe(
        'This file is not a PNG image: it does not start with the PNG signature',
      );
      expect(bakingError(() => bakePng(bytes, credential())).message).toMatch(/not a PNG/);
    }
  });

  it('a truncated PNG, one without IEND or without IHDR first, is refused', () => {
    const png = tinyPng();
    expect(bakingError(() => unbakePng(png.subarray(0, png.length - 6))).message).toMatch(/truncated/);
    expect(bakingError(() => unbakePng(png.subarray(0, png.length - 12))).message).toMatch(/no IEND/);
    const noIhdr = Buffer.concat([Buffer.from(png.subarray(0, 8)), pngChunk('IEND', new Uint8Array(0))]);
    expect(bakingError(() => unbakePng(noIhdr)).message).toMatch(/IHDR/);
    const hugeLength = Buffer.from(png);
    hugeLength.writeUInt32BE(0xfffffff0, 8);
    expect(bakingError(() => unbakePng(hugeLength)).message).toMatch(/invalid length/);
  });

  it.each([
    [
      'two credential chunks',
      [iTXtData('openbadgecredential', '{}'), iTXtData('openbadgecredential', '{}')],
      /carries 2 openbadgecredential chunks/,
    ],
    ['a compressed chunk', [iTXtData('openbadgecredential', deflateSync('{"a":1}'), 1)], /compressed/],
    ['text that is not JSON', [iTXtData('openbadgecredential', '{"@context": [')], /not valid JSON/],
    ['a JSON array', [iTXtData('openbadgecredential', '[{}]')], /not a JSON object/],
    ['a VC-JWT', [iTXtData('openbadgecredential', 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln')], /JWT-secured/],
    ['invalid UTF-8', [iTXtData('openbadgecredential', Buffer.from([0x7b, 0xff, 0x7d]))], /not valid UTF-8/],
    ['an empty credential', [iTXtData('openbadgecredential', '  ')], /empty/],
    ['a malformed iTXt chunk', [Buffer.from('openbadgecredential\0\0')], /malformed/],
  ])('a PNG with %s is refused', (_what, datas, message) => {
    const png = tinyPng(datas.map((d) => pngChunk('iTXt', d)));
    expect(bakingError(() => unbakePng(png)).message).toMatch(message);
  });

  it('refuses to bake what is not a JSON object, or a credential over the size cap', () => {
    expect(bakingError(() => bakePng(tinyPng(), [] as unknown as object)).message).toMatch(/JSON object/);
    const huge = credential({ description: 'x'.repeat(MAX_CREDENTIAL_CHARS) });
    expect(bakingError(() => bakePng(tinyPng(), huge)).message).toMatch(/larger than/);
  });
});

const ROOT_WITH_NS = new RegExp(
  `<svg[^>]*\\sxmlns:openbadges="${OB_NAMESPACE.replaceAll('.', '\\.')}"[^>]*>`,
);

describe('SVG', () => {
  it('bakes the element right after the root start tag, declaring the namespace, and reads it back', () => {
    const vc = credential();
    const baked = bakeSvg(plainSvg(), vc);
    expect(baked).toMatch(new RegExp(`^${ROOT_WITH_NS.source}<openbadges:credential><!\\[CDATA\\[\\{`));
    expect(baked.match(/xmlns:openbadges=/g)).toHaveLength(1);
    expect(baked).toContain('<circle cx="60" cy="60" r="50" fill="#0b5cad"/></svg>');
    expect(unbakeSvg(baked)).toEqual(vc);
  });

  it('keeps an XML declaration, comment, DOCTYPE and multi-line attributes (with a quoted ">") as they were', () => {
    const svg = editorSvg();
    const baked = bakeSvg(svg, credential());
    const rootAt = svg.indexOf('<svg\n');
    expect(baked.slice(0, rootAt)).toBe(svg.slice(0, rootAt));
    expect(baked).toContain(
      'data-note="a > inside a quoted value"\n   viewBox="0 0 100 100" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>',
    );
    expect(
      baked.endsWith(
        '</openbadges:credential>\n  <title>Web Development 101 &amp; more</title>\n  <rect width="100" height="100" fill="#1a7f37"/>\n</svg>\n',
      ),
    ).toBe(true);
    expect(unbakeSvg(baked)).toEqual(credential());
  });

  it('opens a self-closing root to hold the element', () => {
    const baked = bakeSvg(emptySvg(), credential());
    expect(baked).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="10" height="10" xmlns:openbadges="[^"]+"><openbadges:credential>.*<\/openbadges:credential><\/svg>$/s,
    );
    expect(unbakeSvg(baked)).toEqual(credential());
    expect(unbakeSvg(emptySvg())).toBeUndefined();
  });

  it('baking twice keeps one element, the newer credential, and one namespace declaration', () => {
    const twice = bakeSvg(
      bakeSvg(editorSvg(), credential({ name: 'First' })),
      credential({ name: 'Second' }),
    );
    expect(twice.match(/<openbadges:credential>/g)).toHaveLength(1);
    expect(twice.match(/xmlns:openbadges=/g)).toHaveLength(1);
    expect(unbakeSvg(twice)).toEqual(credential({ name: 'Second' }));
    expect(bakeSvg(twice, credential({ name: 'Second' }))).toBe(twice);
  });

  it('a "]]>" inside the JSON splits the CDATA section instead of ending it', () => {
    const vc = credential({
      name: 'Tricky ]]> name ]]]]> <openbadges:credential> & </svg>',
      description: 'nonchars \ufffe\uffff kept',
    });
    const baked = bakeSvg(plainSvg(), vc);
    expect(baked).toContain(']]]]><![CDATA[>');
    expect(baked).not.toMatch(/[\ufffe\uffff]/);
    expect(unbakeSvg(baked)).toEqual(vc);
  });

  it('reads plain escaped text, mixed CDATA, comments and another prefix bound to the namespace', () => {
    const json = JSON.stringify({ name: 'A & B <c>', n: 1 });
    const escaped = json
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('"', '&quot;')
      .replace('1', '&#x31;');
    expect(
      unbakeSvg(
        `<svg xmlns:openbadges="${OB_NAMESPACE}"><openbadges:credential>${escaped}</openbadges:credential></svg>`,
      ),
    ).toEqual({ name: 'A & B <c>', n: 1 });
    const mixed = `<svg xmlns:ob='${OB_NAMESPACE}'><ob:credential >\n<![CDATA[{"name":]]><!-- note -->&quot;x&quot;<![CDATA[}]]>\n</ob:credential ></svg>`;
    expect(unbakeSvg(mixed)).toEqual({ name: 'x' });
  });

  it('an SVG without a credential, or with one only inside a comment or CDATA, unbakes to undefined', () => {
    expect(unbakeSvg(plainSvg())).toBeUndefined();
    expect(unbakeSvg(editorSvg())).toBeUndefined();
    expect(
      unbakeSvg(
        '<svg><!-- <openbadges:credential>{}</openbadges:credential> --><style><![CDATA[ <openbadges:credential> ]]></style></svg>',
      ),
    ).toBeUndefined();
    expect(unbakeSvg('<svg><openbadges:credentials>{}</openbadges:credentials></svg>')).toBeUndefined();
  });

  it.each([
    ['an HTML page', '<!doctype html><html><svg></svg></html>', /not an SVG image/],
    ['an empty file', '', /not an SVG image/],
    [
      'two credential elements',
      '<svg><openbadges:credential>{}</openbadges:credential><openbadges:credential>{}</openbadges:credential></svg>',
      /carries 2 openbadges:credential elements/,
    ],
    [
      'markup inside the element',
      '<svg><openbadges:credential><a>{}</a></openbadges:credential></svg>',
      /holds markup/,
    ],
    ['an unclosed element', '<svg><openbadges:credential>{"a":1}', /never closed/],
    [
      'an unclosed CDATA section',
      '<svg><openbadges:credential><![CDATA[{"a":1}</openbadges:credential></svg>',
      /CDATA section is never closed/,
    ],
    [
      'a bare ampersand',
      '<svg><openbadges:credential>{"a":"x & y"}</openbadges:credential></svg>',
      /bare "&"/,
    ],
    ['an unclosed root tag', '<svg width="1', /tag is never closed/],
    ['a JWT in a verify attribute', '<svg><openbadges:credential verify="eyJ.eyJ.sig"/></svg>', /empty/],
  ])('%s is refused', (_what, svg, message) => {
    expect(bakingError(() => unbakeSvg(svg)).message).toMatch(message);
  });

  describe('entities are never expanded', () => {
    it('a billion-laughs DOCTYPE is skipped; an entity reference in the credential is refused at once', () => {
      const started = performance.now();
      const svg = `${entityBombDoctype()}<svg><openbadges:credential>&lol9;</openbadges:credential></svg>`;
      expect(bakingError(() => unbakeSvg(svg)).message).toMatch(
        /uses the XML entity &lol9;, which is never expanded/,
      );
      expect(performance.now() - started).toBeLessThan(200);
    });

    it('a credential next to a bomb DOCTYPE reads as written, and baking keeps the DOCTYPE verbatim', () => {
      const doctype = entityBombDoctype();
      const baked = bakeSvg(
        `${doctype}<svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>`,
        credential(),
      );
      expect(baked.startsWith(doctype)).toBe(true);
      expect(baked).toContain('<text>&lol3;</text>');
      expect(unbakeSvg(baked)).toEqual(credential());
    });

    it('a credential element hidden in an entity value is not found', () => {
      const svg = `<!DOCTYPE svg [<!ENTITY c "<openbadges:credential>{&quot;a&quot;:1}</openbadges:credential>">]><svg>&c;</svg>`;
      expect(unbakeSvg(svg)).toBeUndefined();
    });
  });

  it('refuses an SVG over the size cap and a prefix bound to another namespace', () => {
    expect(bakingError(() => unbakeSvg(`<svg>${' '.repeat(MAX_SVG_CHARS)}</svg>`)).message).toMatch(
      /larger than/,
    );
    expect(
      bakingError(() => bakeSvg('<svg xmlns:openbadges="https://example.org/other"></svg>', credential()))
        .message,
    ).toMatch(/another namespace/);
  });
});

describe('unbakeImage and bakedImageType', () => {
  it('reads either image type from bytes', () => {
    expect(unbakeImage(bakePng(tinyPng(), credential()), 'image/png')).toEqual(credential());
    expect(
      unbakeImage(new TextEncoder().encode(`\ufeff${bakeSvg(editorSvg(), credential())}`), 'image/svg+xml'),
    ).toEqual(credential());
    expect(
      bakingError(() => unbakeImage(new Uint8Array([0x3c, 0x73, 0x76, 0x67, 0xff, 0x3e]), 'image/svg+xml'))
        .message,
    ).toMatch(/not UTF-8/);
    expect(bakingError(() => unbakeImage(tinyPng(), 'image/svg+xml')).message).toMatch(
      /not UTF-8|not an SVG/,
    );
  });

  it('recognises the two media types, with parameters, in any case', () => {
    expect(bakedImageType('image/png')).toBe('image/png');
    expect(bakedImageType('Image/SVG+XML; charset=utf-8')).toBe('image/svg+xml');
    for (const other of [undefined, '', 'image/gif', 'image/pngx', 'application/json', 'text/image/png'])
      expect(bakedImageType(other)).toBeUndefined();
  });
});
