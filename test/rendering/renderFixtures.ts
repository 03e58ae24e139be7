/**
 * Reading renders back with code independent of the renderer: PNG decoding (pngjs), QR
 * decoding (jsQR), and the text a PDF's content streams show (pdf-lib's parser, hex
 * strings of the WinAnsi standard fonts decoded as Latin-1).
 */
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';

/** jsQR's function: the CommonJS module is the function itself (its typings say `default`). */
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ??
  jsQRModule) as typeof jsQRModule.default;

/** A decoded PNG: size and RGBA pixels. */
export interface DecodedPng {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Decodes a PNG file. */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

/** The text of the first QR code found in the picture, or undefined. */
export function readQr(png: DecodedPng): string | undefined {
  const clamped = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return jsQR(clamped, png.width, png.height, { inversionAttempts: 'dontInvert' })?.data;
}

/** The page sizes of a PDF, in points. */
export async function pdfPageSizes(bytes: Uint8Array): Promise<Array<{ width: number; height: number }>> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => page.getSize());
}

/**
 * The strings shown with Tj in a PDF's page content streams, hex strings decoded as
 * Latin-1 (WinAnsi agrees with Latin-1 on letters, digits and the accented letters used).
 */
export async function pdfShownText(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const shown: string[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const match of text.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g))
        shown.push(Buffer.from(match[1]!, 'hex').toString('latin1'));
    }
  }
  return shown;
}

/** The BaseFont names of every font a PDF carries. */
export async function pdfFontNames(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const names: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const base = object.get(PDFName.of('BaseFont'));
    if (base instanceof PDFName) names.push(base.decodeText());
  }
  return names;
}
