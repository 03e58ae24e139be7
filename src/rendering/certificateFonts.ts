/**
 * The certificate fonts (SIL OFL, from @fontsource npm packages, so `npm ci` brings them):
 * Noto Sans and Noto Serif for Latin, Greek, Cyrillic and Vietnamese, and Noto Sans for
 * the other scripts a name may be written in: Arabic, Hebrew, Devanagari, Bengali, Thai,
 * Chinese (Simplified and Traditional), Japanese and Korean. Each @fontsource woff file
 * covers one Unicode subset, so every subset is registered under its own family name and
 * the layout asks for a fallback list (latin, latin-ext, greek, ..., then the script
 * subsets): satori picks, per character, the first family that has the glyph.
 *
 * Only what a text needs is loaded and passed on (`forText`). satori's cost grows with the
 * fonts it is given (28 files cost twice what 4 do), and the CJK packages are split into
 * ~100 unicode-range slices of 20-60 KB each: a Chinese name needs a handful of them. The
 * Latin/Greek/Cyrillic files (28, ~1 MB) are read at start as before; a script file is
 * read from disk the first time a text needs it and kept (the same Buffer, so satori
 * parses it once). Han characters are drawn in the Japanese font when the text has kana,
 * the Korean one when it has hangul, the Traditional Chinese one when it has a character
 * only Traditional Chinese uses, and the Simplified Chinese one otherwise.
 *
 * The PDF text layer measures with the same files (fontkit), so its invisible text spans
 * exactly what the picture shows; a selection's `pdf` list holds the fonts of its text.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
// @pdf-lib/fontkit's Indic and Universal shapers (Devanagari, Bengali, ...) are compiled
// generators that expect the regenerator runtime as a global.
import 'regenerator-runtime/runtime.js';
import fontkit from '@pdf-lib/fontkit';

/** The Noto Sans / Noto Serif subsets, in fallback order (all read at start). */
const FONT_SUBSETS = [
  'latin',
  'latin-ext',
  'greek',
  'greek-ext',
  'cyrillic',
  'cyrillic-ext',
  'vietnamese',
] as const;

/** The two type families the layout uses. */
export type FontKind = 'sans' | 'serif';

/** One font file as satori wants it (its options type, restated to keep satori out of callers). */
interface SatoriFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: 'normal';
}

/** One font file for the PDF text layer, with its character coverage. */
export interface PdfFont {
  name: string;
  kind: FontKind;
  weight: 400 | 700;
  data: Uint8Array;
  /** Ascender and descender (negative) as fractions of the em. */
  readonly ascent: number;
  readonly descent: number;
  has(codePoint: number): boolean;
  /** The advance width of a text in this font, in ems, with kerning (as satori shapes it). */
  measure(text: string): number;
}

/** The fonts one render uses: satori's list and the CSS font-family fallback lists. */
export interface FontSelection {
  /** The same array for the same subsets, so satori parses those fonts only once. */
  satori: SatoriFont[];
  /** The CSS font-family fallback list of a kind, e.g. `"NotoSerif-latin", "NotoSerif-greek"`. */
  family(kind: FontKind): string;
  /** The subsets chosen: `latin`, `greek`, ... and script slices as `arabic:arabic`, `sc:57`, ... */
  subsets: string[];
  /** The PDF text layer's fonts, both kinds and weights, each kind in fallback order. */
  pdf: PdfFont[];
}

/** Every certificate font, loaded once. */
export interface CertificateFonts extends FontSelection {
  /** The subsets `text` needs (latin always, then in fallback order). */
  forText(text: string): FontSelection;
  /** The Noto Sans / Serif fonts (Latin, Greek, Cyrillic, Vietnamese). */
  pdf: PdfFont[];
  /** The characters of `text` (other than white space) that no font chosen for it can draw. */
  missing(text: string, kind?: FontKind): string[];
}

/** A script's @fontsource package (Noto Sans only: it serves both kinds). */
interface ScriptPackage {
  /** Short id, the prefix of its subsets' ids. */
  id: string;
  pkg: string;
  /** Family name prefix; must not contain "Serif" (textBoxes.ts tells kinds apart by it). */
  family: string;
  /** The named subsets used; undefined for a CJK package: its numbered slices. */
  subsets?: string[];
}

const CJK = ['sc', 'tc', 'jp', 'kr'] as const;
type CjkId = (typeof CJK)[number];

/** The script packages, in fallback order (the CJK ones reordered per text). */
const SCRIPT_PACKAGES: readonly ScriptPackage[] = [
  { id: 'arabic', pkg: '@fontsource/noto-sans-arabic', family: 'NotoSansArabic', subsets: ['arabic'] },
  { id: 'hebrew', pkg: '@fontsource/noto-sans-hebrew', family: 'NotoSansHebrew', subsets: ['hebrew'] },
  {
    id: 'devanagari',
    pkg: '@fontsource/noto-sans-devanagari',
    family: 'NotoSansDevanagari',
    subsets: ['devanagari'],
  },
  { id: 'bengali', pkg: '@fontsource/noto-sans-bengali', family: 'NotoSansBengali', subsets: ['bengali'] },
  { id: 'thai', pkg: '@fontsource/noto-sans-thai', family: 'NotoSansThai', subsets: ['thai'] },
  { id: 'sc', pkg: '@fontsource/noto-sans-sc', family: 'NotoSansSC' },
  { id: 'tc', pkg: '@fontsource/noto-sans-tc', family: 'NotoSansTC' },
  { id: 'jp', pkg: '@fontsource/noto-sans-jp', family: 'NotoSansJP' },
  { id: 'kr', pkg: '@fontsource/noto-sans-kr', family: 'NotoSansKR' },
];

/**
 * Characters common in names that only Traditional Chinese writes this way (their
 * Simplified forms differ): a text with one of them is drawn in the Traditional font.
 */
const TRADITIONAL =
  /[陳張劉黃楊趙吳鄭馮蔣韓葉羅許鄧蕭謝盧馬陸賴鍾錢龍魏萬譚賈顧蘇嚴歐陽鄒薛閻達廣東國華義偉傑勝強輝麗嬌婷鳳慶龍寶貴榮興雲燕鵬飛誠滿豐愛書學聖詩順長門開關東樂亞專業經濟際會計語讀認識課證員體應]/u;

/** Which CJK font draws Han characters first, for a text. */
function cjkOrder(text: string): readonly CjkId[] {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return ['jp', 'sc', 'tc', 'kr'];
  if (/\p{Script=Hangul}/u.test(text)) return ['kr', 'sc', 'tc', 'jp'];
  if (TRADITIONAL.test(text)) return ['tc', 'sc', 'jp', 'kr'];
  return CJK;
}

const BASE_PACKAGE: Record<FontKind, string> = {
  sans: '@fontsource/noto-sans',
  serif: '@fontsource/noto-serif',
};

const familyName = (kind: FontKind, subset: string): string =>
  `Noto${kind === 'sans' ? 'Sans' : 'Serif'}-${subset}`;

type Ranges = Array<[number, number]>;

/** "U+0000-00FF,U+0131,..." as ranges. */
function parseRanges(text: string): Ranges {
  return text
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const [from, to] = part
        .trim()
        .replace(/^U\+/i, '')
        .split('-')
        .map((hex) => parseInt(hex, 16));
      return [from!, to ?? from!] as [number, number];
    });
}

/** A range table: which subset a code point is in (binary search; the first subset listed wins an overlap). */
class RangeIndex {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly ranks: number[] = [];
  /** The largest end of the ranges up to each index, to know how far back to look. */
  private readonly reach: number[] = [];
  private readonly names: string[];
  constructor(subsets: Array<[string, Ranges]>) {
    this.names = subsets.map(([name]) => name);
    const all = subsets.flatMap(([, ranges], rank) => ranges.map(([from, to]) => ({ from, to, rank })));
    all.sort((a, b) => a.from - b.from);
    let reach = -1;
    for (const { from, to, rank } of all) {
      this.starts.push(from);
      this.ends.push(to);
      this.ranks.push(rank);
      this.reach.push((reach = Math.max(reach, to)));
    }
  }
  find(code: number): string | undefined {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= code) lo = mid + 1;
      else hi = mid - 1;
    }
    let best = Infinity;
    for (let i = hi; i >= 0 && this.reach[i]! >= code; i--) {
      if (this.ends[i]! >= code && this.ranks[i]! < best) best = this.ranks[i]!;
    }
    return best === Infinity ? undefined : this.names[best];
  }
}

/**
 * A WOFF file as the plain TrueType/OpenType font it wraps (each table inflated). fontkit
 * misreads some compressed tables of the CJK slices (their cmap comes out empty), and
 * satori would unwrap the file for HarfBuzz anyway: both get the plain font.
 */
function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF'
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20;
    const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((d) =>
      woff.readUInt32BE(at + d),
    ) as [number, number, number, number, number];
    const raw = woff.subarray(offset, offset + compLength);
    return { tag, checksum, data: compLength < origLength ? inflateSync(raw) : raw };
  });
  const size = 12 + 16 * count + tables.reduce((sum, t) => sum + ((t.data.length + 3) & ~3), 0);
  const out = Buffer.alloc(size);
  const log = Math.floor(Math.log2(count));
  out.writeUInt32BE(woff.readUInt32BE(4), 0); // flavor
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE((1 << log) * 16, 6);
  out.writeUInt16BE(log, 8);
  out.writeUInt16BE(count * 16 - (1 << log) * 16, 10);
  let offset = 12 + 16 * count;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    out.set(t.data, offset);
    offset += (t.data.length + 3) & ~3;
  });
  return out;
}

/** A font file read once: its bytes for satori and a lazily parsed fontkit font. */
interface FontFile {
  name: string;
  weight: 400 | 700;
  satori: SatoriFont;
  pdfFor(kind: FontKind): PdfFont;
}

function fontFile(name: string, weight: 400 | 700, data: Buffer): FontFile {
  const satori: SatoriFont = { name, data, weight, style: 'normal' };
  // fontkit parses a file only when the PDF text layer first needs it.
  let parsed: ReturnType<typeof fontkit.create> | undefined;
  const font = () => (parsed ??= fontkit.create(data));
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const pdf = new Map<FontKind, PdfFont>();
  return {
    name,
    weight,
    satori,
    pdfFor(kind) {
      let entry = pdf.get(kind);
      if (!entry) {
        entry = {
          name,
          kind,
          weight,
          data: bytes,
          get ascent() {
            return font().ascent / font().unitsPerEm;
          },
          get descent() {
            return font().descent / font().unitsPerEm;
          },
          has: (codePoint) => font().hasGlyphForCodePoint(codePoint),
          measure: (text) => font().layout(text).advanceWidth / font().unitsPerEm,
        };
        pdf.set(kind, entry);
      }
      return entry;
    },
  };
}

/** Selections kept (one per combination of subsets; CJK names make many). */
const SELECTIONS_KEPT = 128;
const WEIGHTS = [400, 700] as const;

/** Reads the Latin/Greek/Cyrillic font files now, and script files when a text first needs them. */
export function loadCertificateFonts(): CertificateFonts {
  const require = createRequire(import.meta.url);
  const baseTable = require('@fontsource/noto-sans/unicode.json') as Record<string, string>;
  const baseIndex = new RangeIndex(FONT_SUBSETS.map((s) => [s, parseRanges(baseTable[s] ?? '')]));

  // Base files: by kind, subset and weight.
  const base = new Map<string, FontFile>();
  for (const kind of ['serif', 'sans'] as const) {
    const pkg = BASE_PACKAGE[kind];
    for (const subset of FONT_SUBSETS) {
      for (const weight of WEIGHTS) {
        const file = require.resolve(`${pkg}/files/${pkg.split('/')[1]}-${subset}-${weight}-normal.woff`);
        base.set(
          `${kind}:${subset}:${weight}`,
          fontFile(familyName(kind, subset), weight, woffToSfnt(readFileSync(file))),
        );
      }
    }
  }

  // Script packages: their unicode tables when first needed, their files when first used.
  const indexes = new Map<string, RangeIndex>();
  const scriptIndex = (p: ScriptPackage): RangeIndex => {
    let index = indexes.get(p.id);
    if (!index) {
      const table = require(`${p.pkg}/unicode.json`) as Record<string, string>;
      const names = p.subsets ?? Object.keys(table).filter((k) => /^\[\d+\]$/.test(k));
      index = new RangeIndex(
        names.map((key) => [key.replace(/^\[(\d+)\]$/, '$1'), parseRanges(table[key] ?? '')]),
      );
      indexes.set(p.id, index);
    }
    return index;
  };
  const scriptFiles = new Map<string, FontFile>();
  const scriptFile = (id: string, subset: string, weight: 400 | 700): FontFile => {
    const key = `${id}:${subset}:${weight}`;
    let file = scriptFiles.get(key);
    if (!file) {
      const p = SCRIPT_PACKAGES.find((s) => s.id === id)!;
      const path = require.resolve(`${p.pkg}/files/${p.pkg.split('/')[1]}-${subset}-${weight}-normal.woff`);
      scriptFiles.set(
        key,
        (file = fontFile(`${p.family}-${subset}`, weight, woffToSfnt(readFileSync(path)))),
      );
    }
    return file;
  };

  function select(subsets: string[]): FontSelection {
    const baseSubsets = subsets.filter((s) => !s.includes(':'));
    const scriptSubsets = subsets.filter((s) => s.includes(':')).map((s) => s.split(':') as [string, string]);
    const scriptNames = scriptSubsets.map(
      ([id, subset]) => `${SCRIPT_PACKAGES.find((p) => p.id === id)!.family}-${subset}`,
    );
    const lists = {} as Record<FontKind, string>;
    const satori: SatoriFont[] = [];
    const pdf: PdfFont[] = [];
    for (const kind of ['sans', 'serif'] as const) {
      lists[kind] = [...baseSubsets.map((s) => familyName(kind, s)), ...scriptNames]
        .map((n) => `"${n}"`)
        .join(', ');
      for (const weight of WEIGHTS) {
        for (const s of baseSubsets) {
          const file = base.get(`${kind}:${s}:${weight}`)!;
          satori.push(file.satori);
          pdf.push(file.pdfFor(kind));
        }
        for (const [id, s] of scriptSubsets) {
          const file = scriptFile(id, s, weight);
          if (kind === 'sans') satori.push(file.satori);
          pdf.push(file.pdfFor(kind));
        }
      }
    }
    return { satori, family: (kind) => lists[kind], subsets, pdf };
  }

  const selections = new Map<string, FontSelection>();
  function forText(text: string): FontSelection {
    const needed = new Set<string>(['latin']);
    let order: readonly ScriptPackage[] | undefined;
    for (const ch of new Set(text)) {
      const code = ch.codePointAt(0)!;
      if (code <= 0xff) continue;
      const subset = baseIndex.find(code);
      if (subset) {
        needed.add(subset);
        continue;
      }
      if (code >= 0xfe00 && code <= 0xfe0f) continue; // variation selectors: drawn with their base
      order ??= (() => {
        const cjk = cjkOrder(text);
        return [
          ...SCRIPT_PACKAGES.filter((p) => !(CJK as readonly string[]).includes(p.id)),
          ...cjk.map((id) => SCRIPT_PACKAGES.find((p) => p.id === id)!),
        ];
      })();
      for (const p of order) {
        const slice = scriptIndex(p).find(code);
        if (slice) {
          needed.add(`${p.id}:${slice}`);
          break;
        }
      }
    }
    const rank = (s: string): number => {
      const at = (FONT_SUBSETS as readonly string[]).indexOf(s);
      if (at >= 0) return at;
      const id = s.split(':')[0]!;
      return FONT_SUBSETS.length + (order ?? SCRIPT_PACKAGES).findIndex((p) => p.id === id);
    };
    const subsets = [...needed].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const key = subsets.join('+');
    let found = selections.get(key);
    if (found) {
      selections.delete(key);
    } else {
      found = select(subsets);
      if (selections.size >= SELECTIONS_KEPT) selections.delete(selections.keys().next().value!);
    }
    selections.set(key, found);
    return found;
  }

  const everything = select([...FONT_SUBSETS]);
  return {
    ...everything,
    forText,
    missing: (text, kind = 'sans') => {
      const fonts = forText(text).pdf.filter((f) => f.kind === kind && f.weight === 400);
      return [...new Set(text)].filter(
        (ch) =>
          !/\s/u.test(ch) &&
          !/^(?:\u200c|\u200d|[\ufe00-\ufe0f])$/u.test(ch) &&
          !fonts.some((f) => f.has(ch.codePointAt(0)!)),
      );
    },
  };
}
