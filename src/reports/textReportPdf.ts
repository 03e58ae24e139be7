/**
 * A plain A4 PDF of a text report: a title, then sections of headings, wrapped paragraphs
 * and simple tables, flowing onto new pages. Noto Sans (latin, from @fontsource, already
 * a dependency for certificates) is embedded and subset, so names with accents print as
 * typed. Used for the monthly messaging report.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/** What the PDF shows. */
export interface TextReport {
  title: string;
  subtitle?: string;
  sections: { heading: string; paragraphs: string[]; table?: { header: string[]; rows: string[][] } }[];
}

const A4 = [595.28, 841.89] as const;
const MARGIN = 56;
const WIDTH = A4[0] - 2 * MARGIN;

let fontFiles: { regular: Uint8Array; bold: Uint8Array } | undefined;

function fonts(): { regular: Uint8Array; bold: Uint8Array } {
  if (!fontFiles) {
    const require = createRequire(import.meta.url);
    const file = (weight: number) =>
      readFileSync(require.resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff`));
    fontFiles = { regular: file(400), bold: file(700) };
  }
  return fontFiles;
}

/** Splits text into lines no wider than `width` at `size`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(candidate, size) > width) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Renders the report. */
export async function textReportPdf(report: TextReport): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(report.title);
  doc.setProducer('SayPro Credentials (pdf-lib)');
  const regular = await doc.embedFont(fonts().regular, { subset: true });
  const bold = await doc.embedFont(fonts().bold, { subset: true });
  let page: PDFPage = doc.addPage([...A4]);
  let y = A4[1] - MARGIN;
  const ensure = (height: number) => {
    if (y - height < MARGIN) {
      page = doc.addPage([...A4]);
      y = A4[1] - MARGIN;
    }
  };
  const write = (
    text: string,
    font: PDFFont,
    size: number,
    x = MARGIN,
    width = WIDTH,
    colour = rgb(0.12, 0.16, 0.2),
  ) => {
    for (const line of wrap(text, font, size, width)) {
      ensure(size * 1.4);
      page.drawText(line, { x, y: y - size, size, font, color: colour });
      y -= size * 1.4;
    }
  };
  write(report.title, bold, 20, MARGIN, WIDTH, rgb(0.04, 0.33, 0.58));
  if (report.subtitle) write(report.subtitle, regular, 10, MARGIN, WIDTH, rgb(0.4, 0.4, 0.4));
  for (const section of report.sections) {
    y -= 10;
    ensure(40);
    write(section.heading, bold, 14);
    for (const paragraph of section.paragraphs) {
      write(paragraph, regular, 10.5);
      y -= 4;
    }
    if (section.table) {
      const columns = section.table.header.length;
      const columnWidth = WIDTH / columns;
      const row = (cells: string[], font: PDFFont) => {
        ensure(14);
        cells.forEach((cell, i) => {
          const [first = ''] = wrap(cell, font, 9.5, columnWidth - 6);
          page.drawText(first, { x: MARGIN + i * columnWidth, y: y - 9.5, size: 9.5, font });
        });
        y -= 14;
      };
      row(section.table.header, bold);
      for (const cells of section.table.rows) row(cells, regular);
    }
  }
  return doc.save();
}
