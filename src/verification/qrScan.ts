/**
 * Finding the QR code in a decoded picture with jsQR. jsQR needs about three pixels a
 * module, and a photo's noise defeats it: noise makes false finder patterns, so it both
 * misses the code and slows down (a noisy 2400 x 1800 photo took it 5-30 s on this machine
 * under load, finding nothing). Averaging removes the noise: a 3 x 3 blur at full size
 * read every test photo jsQR missed without it, in 0.6-3 s under the same load. Large photos are
 * first shrunk (averaging too) to about SCAN_SIDE pixels, so a 12 MP photo is scanned at
 * 2016 x 1512, where the QR code of a certificate filling half the frame still has three
 * pixels a module. (Measured with scratch photos of a rendered certificate: rotated 2-4
 * degrees, scaled 1-2.9x, uniform noise of +-6 to +-20 levels, JPEG quality 85.)
 */
import jsQRModule from 'jsqr';
import { greyscale, type DecodedPicture, type GreyImage } from './pictureDecoding.js';

/** jsQR's function: the CommonJS module is the function itself (its typings say `default`). */
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ??
  jsQRModule) as typeof jsQRModule.default;

/** The long side a picture is shrunk to (at most) before scanning. */
const SCAN_SIDE = 2600;
/** The coarser last scan is tried only while the picture stays at least this long. */
const MIN_SCAN_SIDE = 500;
/**
 * Pictures up to this size are also scanned unblurred (first): a noisy one of this size
 * cost jsQR 0.6 s under load, where a 2.4 MP one took 5 s.
 */
const SMALL_PICTURE_PIXELS = 1_500_000;

/** A 3 x 3 box blur (sums of three along rows, then of three row sums; edges repeat the border pixels). */
function blur(grey: GreyImage): GreyImage {
  const { width, height, data } = grey;
  const rows = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++)
      rows[row + x] =
        data[row + Math.max(0, x - 1)]! + data[row + x]! + data[row + Math.min(width - 1, x + 1)]!;
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const above = Math.max(0, y - 1) * width;
    const row = y * width;
    const below = Math.min(height - 1, y + 1) * width;
    for (let x = 0; x < width; x++) out[row + x] = (rows[above + x]! + rows[row + x]! + rows[below + x]!) / 9;
  }
  return { width, height, data: out };
}

function rgbaOf(grey: GreyImage): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(grey.width * grey.height * 4);
  for (let i = 0, o = 0; i < grey.data.length; i++, o += 4) {
    rgba[o] = rgba[o + 1] = rgba[o + 2] = grey.data[i]!;
    rgba[o + 3] = 255;
  }
  return rgba;
}

function scan(grey: GreyImage): string | undefined {
  // Printed certificates carry dark codes on light paper: inverted codes are not looked for
  // (that would double the cost).
  return jsQR(rgbaOf(grey), grey.width, grey.height, { inversionAttempts: 'dontInvert' })?.data || undefined;
}

/**
 * The text of the QR code in the picture, or undefined, in up to three scans, cheapest
 * likely find first. A small picture (a plain render, a screenshot) is scanned as it is
 * first: its modules are crisp but may be only 2.5 pixels wide, which a blur merges. A
 * larger one is a photo or scan, whose noise makes the unblurred scan slow and fruitless,
 * so it is scanned blurred only, then shrunk a step further without the blur (cheaper, and
 * averaged about as much).
 */
export function findQrText(picture: DecodedPicture): string | undefined {
  const longSide = Math.max(picture.width, picture.height);
  const factor = Math.max(1, Math.ceil(longSide / SCAN_SIDE));
  const grey = greyscale(picture, factor);
  const small = grey.width * grey.height <= SMALL_PICTURE_PIXELS;
  const found = (small ? scan(grey) : undefined) ?? scan(blur(grey));
  if (found !== undefined || longSide / (factor + 1) < MIN_SCAN_SIDE) return found;
  return scan(greyscale(picture, factor + 1));
}
