/**
 * Names in any script: for thirteen scripts, every character of the name has a glyph in
 * the font chosen for it (fontkit, never .notdef, also after shaping), satori lays the whole
 * certificate out without asking for a missing glyph, the PDF's text layer sets the name in
 * the script's embedded Noto font with no glyph 0, and right-to-left names run from the
 * right with Arabic letters joined. The PNGs are saved to test-artifacts/screenshots/ for
 * a person to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import satori from 'satori';
import { Resvg } from '@resvg/resvg-js';
import fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { loadCertificateFonts, type CertificateFonts } from '../../src/rendering/certificateFonts.js';
import type { FontKind } from '../../src/rendering/fontFiles.js';
import {
  createCertificateRenderer,
  type CertificateRenderer,
} from '../../src/rendering/renderCertificate.js';
import { previewCredential } from '../../src/templates/previewCredential.js';
import { readPngChunks } from '../../src/rendering/pngChunks.js';
import { certificateLayout, pageSize } from '../../src/rendering/certificateLayout.js';
import { DEFAULT_DESIGN } from '../../src/rendering/templateDesign.js';
import { decodePng } from './renderFixtures.js';

const SCREENSHOTS = 'test-artifacts/screenshots';

/** One name per script, and the font family its letters must be set in. */
const NAMES: Array<{ script: string; name: string; family: string }> = [
  { script: 'latin', name: 'Zoë Ngcobo-Müller', family: 'NotoSerif-latin' },
  { script: 'vietnamese', name: 'Nguyễn Thị Minh Khai', family: 'NotoSerif-vietnamese' },
  { script: 'greek', name: 'Αλέξανδρος Παπαδόπουλος', family: 'NotoSerif-greek' },
  { script: 'cyrillic', name: 'Дмитрий Иванов', family: 'NotoSerif-cyrillic' },
  { script: 'chinese-simplified', name: '张伟', family: 'NotoSansSC-' },
  { script: 'chinese-traditional', name: '陳大文', family: 'NotoSansTC-' },
  { script: 'japanese', name: '山田 はなこ', family: 'NotoSansJP-' },
  { script: 'korean', name: '김민준', family: 'NotoSansKR-' },
  { script: 'arabic', name: 'عبدالرحمن علي', family: 'NotoSansArabic-arabic' },
  { script: 'hebrew', name: 'דוד כהן', family: 'NotoSansHebrew-hebrew' },
  { script: 'devanagari', name: 'अर्जुन शर्मा', family: 'NotoSansDevanagari-devanagari' },
  { script: 'bengali', name: 'সৌমিত্র চট্টোপাধ্যায়', family: 'NotoSansBengali-bengali' },
  { script: 'thai', name: 'สมชาย ใจดี', family: 'NotoSansThai-thai' },
];

let fonts: CertificateFonts;
let renderer: CertificateRenderer;
const missing: string[] = [];

const credentialFor = (name: string): Record<string, any> => {
  const credential = previewCredential({
    issuerName: 'SayPro Academy',
    issuerId: 'did:web:saypro.example',
    now: new Date('2026-11-24T10:00:00Z'),
  }) as Record<string, any>;
  credential.credentialSubject.name = name;
  return credential;
};

beforeAll(() => {
  fonts = loadCertificateFonts();
  renderer = createCertificateRenderer({
    fonts,
    publicUrl: 'https://certs.example',
    rasterMode: 'sync',
    onMissingGlyphs: (text) => missing.push(text),
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

/** The glyph ids each embedded (Type0) font shows in a PDF's page content, by BaseFont. */
async function shownGlyphs(pdf: Uint8Array): Promise<Map<string, number[]>> {
  const doc = await PDFDocument.load(pdf);
  const out = new Map<string, number[]>();
  for (const page of doc.getPages()) {
    const resources = page.node.Resources()!.lookup(PDFName.of('Font'), PDFDict);
    const baseFonts = new Map<string, { name: string; type0: boolean }>();
    for (const [key, ref] of resources.entries()) {
      const dict = doc.context.lookup(ref, PDFDict);
      baseFonts.set(key.decodeText(), {
        name: dict.lookup(PDFName.of('BaseFont'), PDFName).decodeText(),
        type0: dict.get(PDFName.of('Subtype')) === PDFName.of('Type0'),
      });
    }
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      let current: { name: string; type0: boolean } | undefined;
      for (const match of text.matchAll(/\/(\S+) [\d.]+ Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
        if (match[1]) current = baseFonts.get(match[1]);
        else if (current?.type0) {
          const ids = match[2]!.match(/.{4}/g)!.map((hex) => parseInt(hex, 16));
          out.set(current.name, [...(out.get(current.name) ?? []), ...ids]);
        }
      }
    }
  }
  return out;
}

/** Rasterises an SVG and returns the columns (x ranges) that carry ink, and the rows of ink per column range. */
function ink(svg: string): {
  segments: Array<[number, number]>;
  pixels: Uint8Array;
  width: number;
  height: number;
} {
  const image = new Resvg(svg, { font: { loadSystemFonts: false }, background: '#ffffff' }).render();
  const { width, height, pixels } = image;
  const inked = (x: number, y: number) => pixels[(y * width + x) * 4]! < 160;
  const columns = Array.from({ length: width }, (_, x) =>
    Array.from({ length: height }, (_, y) => inked(x, y)).some(Boolean),
  );
  const segments: Array<[number, number]> = [];
  columns.forEach((on, x) => {
    if (!on) return;
    const last = segments.at(-1);
    if (last && last[1] >= x - 1) last[1] = x;
    else segments.push([x, x]);
  });
  return { segments, pixels, width, height };
}

/** A name drawn alone by satori, in the certificate's name style. */
async function drawName(text: string, asked: string[] = []): Promise<string> {
  const chosen = fonts.forText(text);
  return satori(
    {
      type: 'div',
      props: {
        style: {
          display: 'flex',
          padding: '10px 20px',
          fontFamily: chosen.family('serif'),
          fontWeight: 700,
          fontSize: 54,
          color: '#000',
        },
        children: text,
      },
    } as never,
    {
      width: 900,
      height: 100,
      fonts: chosen.satori as never,
      loadAdditionalAsset: async (_code: string, segment: string) => {
        asked.push(segment);
        return [];
      },
    },
  );
}

describe.each(NAMES)('a $script name: $name', ({ script, name, family }) => {
  it('has a glyph for every character in the fonts chosen for it, also once shaped', () => {
    for (const kind of ['serif', 'sans'] as FontKind[]) expect(fonts.missing(name, kind)).toEqual([]);
    const chosen = fonts.forText(name).pdf.filter((f) => f.kind === 'serif' && f.weight === 700);
    // Each letter's font (the first in the fallback list with the glyph) is the script's
    // (or, for a Latin letter in a Vietnamese name, the Latin one).
    const letters = [...name].filter((ch) => /\p{L}/u.test(ch));
    const fontOf = (ch: string) => chosen.find((f) => f.has(ch.codePointAt(0)!))!;
    for (const ch of letters) expect(fontOf(ch)?.name, `font for ${ch}`).toBeDefined();
    expect(letters.some((ch) => fontOf(ch).name.includes(family))).toBe(true);
    if (!family.startsWith('NotoSerif'))
      for (const ch of letters) expect(fontOf(ch).name, `font for ${ch}`).toContain(family);
    // Shaping each run of the name in its font (fontkit: joining, conjuncts, marks) yields no .notdef.
    const runs: Array<{ text: string; font: (typeof chosen)[number] }> = [];
    for (const ch of name.replace(/\s+/g, '')) {
      const font = fontOf(ch);
      if (runs.at(-1)?.font === font) runs.at(-1)!.text += ch;
      else runs.push({ text: ch, font });
    }
    for (const run of runs) {
      const shaped = fontkit.create(Buffer.from(run.font.data)).layout(run.text);
      expect(shaped.glyphs.length).toBeGreaterThan(0);
      expect(
        shaped.glyphs.map((g) => g.id),
        run.text,
      ).not.toContain(0);
    }
  });

  it('is laid out from real glyphs (satori asks for nothing) and saved as a PNG at 192 dpi', async () => {
    const asked: string[] = [];
    const svg = await drawName(name, asked);
    expect(asked).toEqual([]);
    expect(ink(svg).segments.length).toBeGreaterThan(0);
    missing.length = 0;
    const png = await renderer.png(credentialFor(name));
    expect(missing).toEqual([]);
    writeFileSync(`${SCREENSHOTS}/name-${script}.png`, png);
    const decoded = decodePng(png);
    expect([decoded.width, decoded.height]).toEqual([2246, 1588]);
    const phys = readPngChunks(png).find((c) => c.type === 'pHYs')!;
    expect(Buffer.from(phys.data).readUInt32BE(0)).toBe(Math.round(192 / 0.0254));
  });

  it('is set in the PDF text layer in the script font, with no glyph 0', async () => {
    missing.length = 0;
    const pdf = await renderer.pdf(credentialFor(name));
    expect(missing).toEqual([]);
    const glyphs = await shownGlyphs(pdf);
    for (const [font, ids] of glyphs) expect(ids, font).not.toContain(0);
    if (!family.startsWith('NotoSerif-latin'))
      expect(
        [...glyphs.keys()].some((n) => n.includes(family)),
        [...glyphs.keys()].join(' '),
      ).toBe(true);
  });
});

describe('right-to-left names', () => {
  it('Hebrew: the first word is on the right, and the last letter (final nun, descending) is leftmost', async () => {
    const whole = ink(await drawName('דוד כהן'));
    const first = ink(await drawName('דוד'));
    const second = ink(await drawName('כהן'));
    const widthOf = (s: Array<[number, number]>) => s.at(-1)![1] - s[0]![0];
    // Two words: split at the widest gap.
    const gaps = whole.segments.slice(1).map((s, i) => s[0] - whole.segments[i]![1]);
    const cut = gaps.indexOf(Math.max(...gaps)) + 1;
    const [left, right] = [whole.segments.slice(0, cut), whole.segments.slice(cut)];
    expect(Math.abs(widthOf(right) - widthOf(first.segments))).toBeLessThan(4);
    expect(Math.abs(widthOf(left) - widthOf(second.segments))).toBeLessThan(4);
    // ן descends below the baseline: ink low down in the leftmost glyph only.
    const lowest = (x0: number, x1: number) => {
      let bottom = 0;
      for (let x = x0; x <= x1; x++)
        for (let y = 0; y < whole.height; y++)
          if (whole.pixels[(y * whole.width + x) * 4]! < 160) bottom = Math.max(bottom, y);
      return bottom;
    };
    const leftmost = left[0]!;
    const rightmostOfWord = left.at(-1)!;
    expect(lowest(leftmost[0], leftmost[1])).toBeGreaterThan(
      lowest(rightmostOfWord[0], rightmostOfWord[1]) + 8,
    );
  });

  it('Arabic: the first word is on the right, and its letters are joined (narrower than the same letters unjoined)', async () => {
    const whole = ink(await drawName('عبدالرحمن علي'));
    const first = ink(await drawName('عبدالرحمن'));
    const second = ink(await drawName('علي'));
    const span = (s: Array<[number, number]>) => [s[0]![0], s.at(-1)![1]] as const;
    const [wholeLeft, wholeRight] = span(whole.segments);
    const firstWidth = span(first.segments)[1] - span(first.segments)[0];
    const secondWidth = span(second.segments)[1] - span(second.segments)[0];
    // The right part of the whole is the first word; the left part the second.
    expect(firstWidth).toBeGreaterThan(secondWidth * 1.5);
    const rightPart = whole.segments.filter(([x0]) => x0 >= wholeRight - firstWidth - 2);
    expect(Math.abs(rightPart.at(-1)![1] - rightPart[0]![0] - firstWidth)).toBeLessThan(4);
    expect(wholeLeft).toBeLessThan(wholeRight - firstWidth - 10);
    // Joined: "علي" is one connected stroke; with zero-width non-joiners between its letters it is not.
    const unjoined = ink(await drawName('ع\u200cل\u200cي'));
    const joinedWidth = secondWidth;
    expect(span(unjoined.segments)[1] - span(unjoined.segments)[0]).toBeGreaterThan(joinedWidth + 5);
    expect(second.segments.length).toBeLessThan(unjoined.segments.length);
  });
});

describe('the built-in design', () => {
  // A blue disc with a gold bar, as an SVG data: URL (remote images are never fetched).
  const logo = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="72" viewBox="0 0 240 72"><circle cx="36" cy="36" r="32" fill="#0b3a6e"/><rect x="80" y="28" width="150" height="16" fill="#f0a500"/></svg>').toString('base64')}`;

  it('signs with the issuer, and shows the issuer image as the logo', async () => {
    const credential = credentialFor('Thandiwe Example');
    credential.issuer.image = { id: logo, type: 'Image' };
    const svg = await renderer.svg(credential);
    expect(svg).toContain('<image');
    const png = await renderer.png(credential);
    writeFileSync(`${SCREENSHOTS}/built-in-design-logo.png`, png);
    const plain = await renderer.png(credentialFor('Thandiwe Example'));
    writeFileSync(`${SCREENSHOTS}/built-in-design.png`, plain);
    // The issuer's name is set above the signature line (it is also the PDF text layer's "signer").
    const words = (await PDFDocument.load(await renderer.pdf(credential))).getPages().length;
    expect(words).toBe(1);
    // A remote image is not drawn (nor fetched).
    credential.issuer.image = 'https://example.com/logo.png';
    expect(await renderer.svg(credential)).not.toContain('<image');
  });

  it('keeps the award and expiry dates on one line, shrinking them when the column is too narrow', async () => {
    const fields = {
      ...renderer.fields(credentialFor('x')),
      completionDate: '30 September 2026 (Coordinated Universal Time)',
      validUntil: '30 September 2031',
    };
    const chosen = fonts.forText(Object.values(fields).join(' '));
    const dates: Array<{ height: number; fontSize: number }> = [];
    await satori(
      certificateLayout({
        design: DEFAULT_DESIGN,
        fields,
        fonts: { sans: chosen.family('sans'), serif: chosen.family('serif') },
      }) as never,
      {
        ...pageSize('portrait'),
        fonts: chosen.satori as never,
        onNodeDetected: (node) => {
          if (node.key === 'date')
            dates.push({
              height: node.height,
              fontSize: (node.props.style as { fontSize: number }).fontSize,
            });
        },
      },
    );
    expect(dates).toHaveLength(2);
    for (const { height, fontSize } of dates) expect(height).toBeLessThanOrEqual(fontSize * 1.4 + 1);
    expect(dates[0]!.fontSize).toBeLessThan(14);
    expect(dates[1]!.fontSize).toBe(14);
  });
});
