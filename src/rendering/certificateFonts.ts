/**
 * The certificate fonts: Noto Sans and Noto Serif (SIL OFL) from @fontsource, read from
 * disk once at start-up (Node only). Each @fontsource woff file covers one Unicode subset,
 * so every subset is registered under its own family name and the layout asks for a
 * fallback list (latin, latin-ext, greek, cyrillic...): satori picks, per character, the
 * first family that has the glyph. satori's cost grows with the fonts it is given (28
 * files cost twice what 4 do), so a render passes only the subsets its text needs
 * (`forText`), found from @fontsource's unicode ranges; the same subsets give the same
 * array, which satori parses once. The PDF text layer measures with the same files
 * (fontkit), so its invisible text spans exactly what the picture shows.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';

/** The subsets loaded, in fallback order. */
export const FONT_SUBSETS = ['latin', 'latin-ext', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext', 'vietnamese'] as const;

/** The two type families the layout uses. */
export type FontKind = 'sans' | 'serif';

/** One font file as satori wants it (its options type, restated to keep satori out of callers). */
export interface SatoriFont {
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
  subsets: string[];
}

/** Every certificate font, loaded once. */
export interface CertificateFonts extends FontSelection {
  /** The subsets `text` needs (latin always, then in fallback order). */
  forText(text: string): FontSelection;
  pdf: PdfFont[];
  /** The characters of `text` (other than white space) that no loaded font of `kind` can draw. */
  missing(text: string, kind?: FontKind): string[];
}

const PACKAGE: Record<FontKind, string> = { sans: '@fontsource/noto-sans', serif: '@fontsource/noto-serif' };

const familyName = (kind: FontKind, subset: string): string =>
  `Noto${kind === 'sans' ? 'Sans' : 'Serif'}-${subset}`;

interface Subset {
  kind: FontKind;
  subset: string;
  weight: 400 | 700;
}

function allSubsets(): Subset[] {
  const out: Subset[] = [];
  for (const kind of ['serif', 'sans'] as const) {
    for (const subset of FONT_SUBSETS) for (const weight of [400, 700] as const) out.push({ kind, subset, weight });
  }
  return out;
}

/** Code point ranges per subset, from @fontsource's unicode.json ("U+0000-00FF,U+0131,..."). */
function subsetRanges(require: NodeJS.Require): Map<string, Array<[number, number]>> {
  const table = require('@fontsource/noto-sans/unicode.json') as Record<string, string>;
  const ranges = new Map<string, Array<[number, number]>>();
  for (const subset of FONT_SUBSETS) {
    ranges.set(
      subset,
      (table[subset] ?? '').split(',').filter(Boolean).map((part) => {
        const [from, to] = part.replace(/^U\+/i, '').split('-').map((hex) => parseInt(hex, 16));
        return [from!, to ?? from!];
      }),
    );
  }
  return ranges;
}

function selection(subsets: string[], all: SatoriFont[]): FontSelection {
  const names = (kind: FontKind) => subsets.map((s) => familyName(kind, s));
  const wanted = new Set([...names('sans'), ...names('serif')]);
  const lists: Record<FontKind, string> = {
    sans: names('sans').map((n) => `"${n}"`).join(', '),
    serif: names('serif').map((n) => `"${n}"`).join(', '),
  };
  return { satori: all.filter((f) => wanted.has(f.name)), family: (kind) => lists[kind], subsets };
}

/** Reads the font files (woff, one per subset and weight) from the @fontsource packages. */
export function loadCertificateFonts(): CertificateFonts {
  const require = createRequire(import.meta.url);
  const ranges = subsetRanges(require);
  const satori: SatoriFont[] = [];
  const pdf: PdfFont[] = [];
  for (const { kind, subset, weight } of allSubsets()) {
    const pkg = PACKAGE[kind];
    const file = require.resolve(`${pkg}/files/${pkg.split('/')[1]}-${subset}-${weight}-normal.woff`);
    const data = readFileSync(file);
    const name = familyName(kind, subset);
    satori.push({ name, data, weight, style: 'normal' });
    // fontkit parses a file only when the PDF text layer first needs it.
    let parsed: ReturnType<typeof fontkit.create> | undefined;
    const font = () => (parsed ??= fontkit.create(data));
    const has = (codePoint: number): boolean => font().hasGlyphForCodePoint(codePoint);
    const measure = (text: string): number => font().layout(text).advanceWidth / font().unitsPerEm;
    pdf.push({
      name,
      kind,
      weight,
      data: new Uint8Array(data),
      get ascent() {
        return font().ascent / font().unitsPerEm;
      },
      get descent() {
        return font().descent / font().unitsPerEm;
      },
      has,
      measure,
    });
  }
  const everything = selection([...FONT_SUBSETS], satori);
  const selections = new Map<string, FontSelection>();
  const subsetOf = (code: number): string | undefined =>
    FONT_SUBSETS.find((subset) => ranges.get(subset)!.some(([from, to]) => code >= from && code <= to));
  return {
    ...everything,
    forText: (text) => {
      const needed = new Set<string>(['latin']);
      for (const ch of new Set(text)) {
        const code = ch.codePointAt(0)!;
        if (code > 0xff) {
          const subset = subsetOf(code);
          if (subset) needed.add(subset);
        }
      }
      const subsets = FONT_SUBSETS.filter((s) => needed.has(s));
      const key = subsets.join('+');
      let found = selections.get(key);
      if (!found) selections.set(key, (found = selection(subsets, satori)));
      return found;
    },
    pdf,
    missing: (text, kind = 'sans') => {
      const fonts = pdf.filter((f) => f.kind === kind && f.weight === 400);
      return [...new Set(text)].filter((ch) => !/\s/u.test(ch) && !fonts.some((f) => f.has(ch.codePointAt(0)!)));
    },
  };
}
