/**
 * Font files as the renderers want them: a WOFF unwrapped to the plain font it wraps, a
 * unicode-range table to find which subset file draws a character, and one file's bytes
 * for satori with a lazily parsed fontkit font for the PDF text layer. Which files a
 * certificate uses is decided in certificateFonts.ts.
 */
import { inflateSync } from 'node:zlib';
// @pdf-lib/fontkit's Indic and Universal shapers (Devanagari, Bengali, ...) are compiled
// generators that expect the regenerator runtime as a global.
import 'regenerator-runtime/runtime.js';
import fontkit from '@pdf-lib/fontkit';

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

type Ranges = Array<[number, number]>;

/** "U+0000-00FF,U+0131,..." as ranges. */
export function parseRanges(text: string): Ranges {
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
export class RangeIndex {
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
export function woffToSfnt(woff: Buffer): Buffer {
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
export interface FontFile {
  name: string;
  weight: 400 | 700;
  satori: SatoriFont;
  pdfFor(kind: FontKind): PdfFont;
}

export function fontFile(name: string, weight: 400 | 700, data: Buffer): FontFile {
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
