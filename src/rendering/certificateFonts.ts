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
import { createRequire } from 'node:module';
import {
  type FontFile,
  type FontKind,
  type PdfFont,
  RangeIndex,
  type SatoriFont,
  fontFile,
  parseRanges,
  woffToSfnt,
} from './fontFiles.js';

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
