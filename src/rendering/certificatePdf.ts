/**
 * The certificate as an A4 PDF: the rendered picture full-page, and over it an invisible
 * text layer (render mode 3, as scanned documents carry) with the title, name, body,
 * certificate number and date at the positions satori laid them out, so the PDF can be
 * searched, selected and copied. The layer uses the standard PDF fonts (nothing to embed:
 * embedding and subsetting a Noto font costs ~40 ms a document) and embeds a Noto subset
 * only for characters outside their WinAnsi encoding (Greek, Cyrillic, most of Latin
 * Extended, and every other script: CJK, Arabic, Hebrew, Indic, Thai; fontkit shapes
 * those runs, and a right-to-left line's runs are placed from the right). The picture is embedded from its deflated rows, never decoded again.
 *
 * The signed credential travels inside the PDF as an embedded file (`credential.json`,
 * an associated file with relationship Source, as PDF/A-3 allows), so the PDF alone can be
 * verified: /verify and any tool reading attachments takes it from there.
 */
import fontkit from '@pdf-lib/fontkit';
import {
  AFRelationship,
  PDFDocument,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  PDFRawStream,
  StandardFonts,
  popGraphicsState,
  pushGraphicsState,
  concatTransformationMatrix,
  drawObject,
  setCharacterSpacing,
  setTextRenderingMode,
  TextRenderingMode,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import type { FontKind, PdfFont } from './fontFiles.js';
import type { TextBox } from './textBoxes.js';

/** A4 in PDF points (1/72 inch). */
const A4 = { short: 595.28, long: 841.89 };

/** What the PDF is made of. */
export interface PdfInput {
  /** Deflated RGB rows of the picture (pngEncode.pdfImageRows) and its pixel size. */
  image: { rows: Uint8Array; width: number; height: number };
  /** The layout's page size in CSS pixels (the boxes' coordinate space). */
  layout: { width: number; height: number };
  boxes: TextBox[];
  fonts: PdfFont[];
  /** The signed credential as JSON text, attached as `credential.json`. */
  credential: Uint8Array;
  info: { title: string; subject: string; author: string; keywords: string[]; creationDate?: Date };
}

/** One stretch of a line, set in one PDF font, and how wide the picture drew it (layout px). */
interface Run {
  text: string;
  width: number;
  /** The Noto font to embed, for characters the standard font's WinAnsi encoding lacks. */
  embed?: PdfFont;
}

/** The standard PDF font standing in for a Noto kind and weight (no embedding needed). */
function standardFor(kind: FontKind, weight: 400 | 700): StandardFonts {
  if (kind === 'serif') return weight === 700 ? StandardFonts.TimesRomanBold : StandardFonts.TimesRoman;
  return weight === 700 ? StandardFonts.HelveticaBold : StandardFonts.Helvetica;
}

/** The Noto font (first of the fallback list with the glyph) satori drew a character in. */
function notoFor(codePoint: number, fonts: PdfFont[]): PdfFont {
  return fonts.find((f) => f.has(codePoint)) ?? fonts[0]!;
}

/** How wide satori drew `text` at `size` px with `spacing` px between letters (kerned per font). */
export function measure(text: string, fonts: PdfFont[], size: number, spacing: number): number {
  let width = 0;
  let font: PdfFont | undefined;
  let stretch = '';
  for (const ch of text) {
    const next = /\s/.test(ch) && font ? font : notoFor(ch.codePointAt(0)!, fonts);
    if (font && next !== font) {
      width += font.measure(stretch) * size;
      stretch = '';
    }
    font = next;
    stretch += ch;
    width += spacing;
  }
  return font ? width + font.measure(stretch) * size : 0;
}

/** Greedy word wrap at `maxWidth` (as satori wraps a block of text). */
function wrap(text: string, fonts: PdfFont[], size: number, spacing: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate, fonts, size, spacing) > maxWidth * 1.01 + 1) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Splits a line into runs: WinAnsi stretches (standard font) and the rest (per Noto subset). */
function runsOf(
  line: string,
  fonts: PdfFont[],
  winAnsi: ReadonlySet<number>,
  size: number,
  spacing: number,
): Run[] {
  const runs: Run[] = [];
  for (const ch of line) {
    const code = ch.codePointAt(0)!;
    const embed = winAnsi.has(code) ? undefined : fonts.find((f) => f.has(code));
    if (!winAnsi.has(code) && !embed) continue; // nothing can set it; the picture shows what satori drew
    const last = runs.at(-1);
    if (last && last.embed === embed) last.text += ch;
    else runs.push({ text: ch, width: 0, ...(embed ? { embed } : {}) });
  }
  for (const run of runs) run.width = measure(run.text, fonts, size, spacing);
  return runs;
}

/** The PDF fonts of one document: the standard ones, and Noto subsets embedded on first use. */
class FontSet {
  private readonly standard = new Map<StandardFonts, Promise<PDFFont>>();
  private readonly embedded = new Map<PdfFont, Promise<PDFFont>>();
  constructor(private readonly doc: PDFDocument) {}
  std(name: StandardFonts): Promise<PDFFont> {
    if (!this.standard.has(name)) this.standard.set(name, this.doc.embedFont(name));
    return this.standard.get(name)!;
  }
  noto(font: PdfFont): Promise<PDFFont> {
    if (!this.embedded.has(font))
      this.embedded.set(font, this.doc.embedFont(font.data, { subset: true, customName: font.name }));
    return this.embedded.get(font)!;
  }
}

/** A line whose first strong character is right-to-left. */
const RTL_LINE = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;

const horizontalScaling = (percent: number) =>
  PDFOperator.of(PDFOperatorNames.SetTextHorizontalScaling, [PDFNumber.of(percent)]);

/**
 * Sets one box's text, invisible, over what the picture shows: lines wrapped as satori
 * wrapped them, each run stretched (Tz) to the width the Noto glyphs took, so selecting
 * text highlights the letters a reader sees. `k` is points per layout pixel.
 */
async function drawBox(
  page: PDFPage,
  box: TextBox,
  all: PdfFont[],
  set: FontSet,
  k: number,
  pageHeight: number,
): Promise<void> {
  const fonts = all.filter((f) => f.kind === box.kind && f.weight === box.weight);
  if (fonts.length === 0 || !box.text.trim()) return;
  const std = await set.std(standardFor(box.kind, box.weight));
  const winAnsi = new Set(std.getCharacterSet());
  const { ascent, descent } = fonts[0]!;
  const size = box.fontSize;
  const lineHeight = box.lineHeight ?? (ascent - descent) * size;
  const lines =
    box.height < lineHeight * 1.5 ? [box.text] : wrap(box.text, fonts, size, box.letterSpacing, box.width);
  const spacing = box.letterSpacing * k;
  page.pushOperators(setCharacterSpacing(spacing));
  for (const [i, line] of lines.entries()) {
    const logical = runsOf(line, fonts, winAnsi, size, box.letterSpacing);
    const width = logical.reduce((sum, run) => sum + run.width, 0);
    // A right-to-left line (Arabic, Hebrew) runs from the right: its runs are placed in
    // reverse, each one's glyphs already in visual order (fontkit shapes and reverses them).
    const runs = RTL_LINE.test(line) ? [...logical].reverse() : logical;
    let x = box.left + (box.align === 'center' ? (box.width - width) / 2 : 0);
    const baseline = box.top + i * lineHeight + (lineHeight - (ascent - descent) * size) / 2 + ascent * size;
    for (const run of runs) {
      const font = run.embed ? await set.noto(run.embed) : std;
      const natural = font.widthOfTextAtSize(run.text, size * k) + spacing * [...run.text].length;
      page.pushOperators(horizontalScaling(natural > 0 ? (100 * run.width * k) / natural : 100));
      page.drawText(run.text, { x: x * k, y: pageHeight - baseline * k, size: size * k, font });
      x += run.width;
    }
  }
}

/** Builds the PDF. */
export async function certificatePdf(input: PdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const landscape = input.layout.width > input.layout.height;
  const [width, height] = landscape ? [A4.long, A4.short] : [A4.short, A4.long];
  const page = doc.addPage([width, height]);
  const k = width / input.layout.width;

  const { rows, width: w, height: h } = input.image;
  const dict = doc.context.obj({
    Type: 'XObject',
    Subtype: 'Image',
    Width: w,
    Height: h,
    ColorSpace: 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: 3, BitsPerComponent: 8, Columns: w },
  });
  const picture = page.node.newXObject('Certificate', doc.context.register(PDFRawStream.of(dict, rows)));
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(width, 0, 0, height, 0, 0),
    drawObject(picture),
    popGraphicsState(),
  );

  const set = new FontSet(doc);
  page.pushOperators(pushGraphicsState(), setTextRenderingMode(TextRenderingMode.Invisible));
  for (const box of input.boxes) await drawBox(page, box, input.fonts, set, k, height);
  page.pushOperators(popGraphicsState());

  const { info } = input;
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setSubject(info.subject);
  doc.setAuthor(info.author);
  doc.setKeywords(info.keywords);
  doc.setCreator('SayPro Credentials');
  doc.setProducer('SayPro Credentials (pdf-lib)');
  if (info.creationDate) {
    doc.setCreationDate(info.creationDate);
    doc.setModificationDate(info.creationDate);
  }
  // The name, media type and relationship are what readers of uploaded PDFs look for.
  await doc.attach(input.credential, 'credential.json', {
    mimeType: 'application/ld+json',
    description: 'The signed verifiable credential (W3C VC 2.0 / Open Badges 3.0)',
    afRelationship: AFRelationship.Source,
    ...(info.creationDate ? { creationDate: info.creationDate, modificationDate: info.creationDate } : {}),
  });
  return doc.save();
}
