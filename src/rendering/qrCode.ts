/**
 * The QR code on a certificate: one path of unit squares (each dark run of a row merged
 * into one rectangle) in a square of modules plus a four-module quiet zone, black on
 * white with crisp edges (whatever the design's colours) so a phone camera reads it at
 * any render size. The layout leaves an empty box for it and the renderer draws these
 * shapes there, so neither satori nor resvg handles an embedded image.
 */
import QRCode from 'qrcode';

/** How many light modules surround the symbol (the QR specification asks for four). */
const QUIET_ZONE = 4;

/** A QR code's shapes in module units, and its size with the quiet zone. */
export interface QrShapes {
  modules: number;
  /** SVG markup: a white square and one black path. */
  markup: string;
}

/** The QR code for `text` (error correction M). */
export function qrShapes(text: string): QrShapes {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && data[row * size + col]) col++;
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h${start - col}z`);
    }
  }
  const full = size + QUIET_ZONE * 2;
  return {
    modules: full,
    markup: `<rect width="${full}" height="${full}" fill="#ffffff"/><path fill="#000000" d="${parts.join('')}"/>`,
  };
}

/** The QR code drawn as an SVG group filling the square at (left, top) of side `size`. */
export function qrGroup(shapes: QrShapes, left: number, top: number, size: number): string {
  return `<g transform="translate(${left} ${top}) scale(${size / shapes.modules})" shape-rendering="crispEdges">${shapes.markup}</g>`;
}
