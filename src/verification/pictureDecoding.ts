/**
 * Decoding a photo, scan or plain PNG of a certificate into pixels, on the verification
 * thread (pictureCredential.ts), to look for its QR code. The size is read from the file's
 * header and refused over a pixel budget before anything is decoded: a few kilobytes of PNG
 * can claim a gigapixel, and decoding costs memory and time by the pixel. The decoders are
 * the pure-JavaScript pngjs and jpeg-js.
 */
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { AppError } from '../errors.js';
import { readPngChunks } from '../rendering/pngChunks.js';

/**
 * The most pixels decoded: a 12-megapixel phone photo (4032 x 3024, or 4080 x 3060) and an
 * A4 scan at 300 dpi (8.7 MP) pass. This cap bounds memory: jpeg-js holds up to 18 bytes a
 * pixel while decoding (all three components at full resolution), ~240 MB here. Time is
 * bounded by the verification budget (VERIFY_TIME_BUDGET_MS), which decoding counts
 * against: a noisy 12 MP photo took jpeg-js 4-8 s on this 2-core machine while other test
 * runs loaded it (a 4.3 MP one 2-2.6 s), so on a busy server a large photo is stopped as
 * too costly to check rather than holding a thread.
 */
const MAX_PICTURE_PIXELS = 13_000_000;

/** jpeg-js's own memory cap per decoded pixel (its worst case is 18 bytes). */
const JPEG_BYTES_PER_PIXEL = 20;

/** Decoded pixels, `channels` bytes each, and how to weigh the first three into a grey level (sum 256). */
export interface DecodedPicture {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
  weights: readonly [number, number, number];
}

/** Rec. 601 luma weights out of 256. */
const RGB_WEIGHTS = [77, 150, 29] as const;
/** jpeg-js's untransformed YCbCr output: the grey level is Y itself. */
const Y_WEIGHTS = [256, 0, 0] as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per PNG colour type (greyscale, RGB, palette, grey + alpha, RGBA). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function unreadable(what: string, why?: string): AppError {
  return new AppError('invalid_request', `This ${what} could not be decoded${why ? `: ${why}` : ''}`);
}

function refuseOverBudget(width: number, height: number, maxPixels: number): void {
  if (width * height <= maxPixels) return;
  throw new AppError(
    'picture_too_large',
    `This picture is ${width} x ${height} pixels; pictures of up to ${(maxPixels / 1e6).toFixed(0)} megapixels are read here. Send a smaller photo or scan, or the certificate's PDF or PNG as downloaded`,
    { limit: { name: 'maxPicturePixels', value: maxPixels }, width, height },
  );
}

/** The IHDR fields that decide how much a PNG decodes to (PNG spec 11.2.2). */
function pngHeader(bytes: Uint8Array): {
  width: number;
  height: number;
  rowBytes: number;
  interlaced: boolean;
} {
  if (bytes.length < 33 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b))
    throw unreadable('PNG image', 'it is not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR')
    throw unreadable('PNG image', 'it has no IHDR header');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const channels = PNG_CHANNELS[bytes[25]!];
  if (width === 0 || height === 0 || !channels) throw unreadable('PNG image', 'its header is invalid');
  return {
    width,
    height,
    rowBytes: Math.ceil((width * channels * bytes[24]!) / 8) + 1,
    interlaced: bytes[28] === 1,
  };
}

/**
 * pngjs bounds inflating a plain PNG to the size its header implies, but inflates an
 * interlaced one without a bound; this refuses such a stream that would inflate past
 * twice that size (a decompression bomb) before pngjs sees it.
 */
function refuseInterlacedBomb(bytes: Uint8Array, expected: number): void {
  const idat = readPngChunks(bytes).filter((chunk) => chunk.type === 'IDAT');
  try {
    inflateSync(Buffer.concat(idat.map((chunk) => chunk.data)), { maxOutputLength: 2 * expected + 1024 });
  } catch {
    throw unreadable('PNG image', 'its image data is corrupt or far larger than its size');
  }
}

/**
 * pngjs's synchronous reader: its streaming one throws truncated data out of a stream
 * handler (an uncaught error, and a parse that never ends). The synchronous one inflates
 * by calling zlib.Inflate as a function, which the Workers runtime's zlib refuses, so the
 * Workers verifier reads baked PNGs but not the QR codes of plain ones.
 */
function decodePng(bytes: Uint8Array, maxPixels: number): DecodedPicture {
  const header = pngHeader(bytes);
  refuseOverBudget(header.width, header.height, maxPixels);
  if (header.interlaced) refuseInterlacedBomb(bytes, header.rowBytes * header.height);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw unreadable('PNG image', (error as Error).message);
  }
  // pngjs gives 8-bit RGBA whatever the file's colour type and depth.
  return { width: png.width, height: png.height, channels: 4, data: png.data, weights: RGB_WEIGHTS };
}

/** What the JPEG markers before the first scan say: the frame size, components, and Adobe's colour transform. */
function jpegHeader(bytes: Uint8Array): { width: number; height: number; ycc: boolean } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw unreadable('JPEG image', 'it is not a JPEG file');
  let adobeTransform: number | undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw unreadable('JPEG image', 'its markers are corrupt');
    const marker = bytes[at + 1]!;
    // Fill bytes and markers without a length (RSTn, TEM).
    if (marker === 0xff || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const segment = bytes.subarray(at + 4, at + 2 + length);
    // SOFn: every start-of-frame marker but DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (segment.length < 6) break;
      const height = (segment[1]! << 8) | segment[2]!;
      const width = (segment[3]! << 8) | segment[4]!;
      if (width === 0 || height === 0) throw unreadable('JPEG image', 'its frame has no size');
      // Asked for untransformed output, jpeg-js gives the stored components: YCbCr for three
      // unless an Adobe marker is there (it then converts YCbCr itself, or the file holds RGB).
      const components = segment[5];
      return { width, height, ycc: components === 1 || (components === 3 && adobeTransform === undefined) };
    }
    if (marker === 0xee && segment.length >= 12 && String.fromCharCode(...segment.subarray(0, 5)) === 'Adobe')
      adobeTransform = segment[11];
    if (marker === 0xda || length < 2) break;
    at += 2 + length;
  }
  throw unreadable('JPEG image', 'it has no frame header');
}

function decodeJpeg(bytes: Uint8Array, maxPixels: number): DecodedPicture {
  const header = jpegHeader(bytes);
  refuseOverBudget(header.width, header.height, maxPixels);
  try {
    // Untransformed output: for a YCbCr file Y is the grey level, and the per-pixel colour
    // conversion is skipped. The decoder's own caps back up the header check.
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      colorTransform: false,
      maxResolutionInMP: maxPixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((maxPixels * JPEG_BYTES_PER_PIXEL) / 1e6),
    });
    return {
      width: image.width,
      height: image.height,
      channels: 3,
      data: image.data,
      weights: header.ycc ? Y_WEIGHTS : RGB_WEIGHTS,
    };
  } catch (error) {
    throw unreadable('JPEG image', (error as Error).message);
  }
}

/** Decodes a PNG or JPEG after checking its pixel count; AppErrors for a refused or unreadable file. */
export function decodePicture(
  bytes: Uint8Array,
  type: 'image/png' | 'image/jpeg',
  maxPixels = MAX_PICTURE_PIXELS,
): DecodedPicture {
  return type === 'image/png' ? decodePng(bytes, maxPixels) : decodeJpeg(bytes, maxPixels);
}

/** Grey levels, one byte a pixel. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * The picture in grey, each `factor` x `factor` square of pixels averaged into one (which
 * also smooths a photo's noise). Transparent pixels count as white paper.
 */
export function greyscale(picture: DecodedPicture, factor: number): GreyImage {
  const { width, height, channels, data } = picture;
  const [wr, wg, wb] = picture.weights;
  const outWidth = Math.max(1, Math.floor(width / factor));
  const outHeight = Math.max(1, Math.floor(height / factor));
  const rowsIn = Math.min(factor, height);
  const colsIn = Math.min(factor, width);
  const out = new Uint8Array(outWidth * outHeight);
  const sums = new Uint32Array(outWidth);
  for (let y = 0; y < outHeight; y++) {
    sums.fill(0);
    for (let dy = 0; dy < rowsIn; dy++) {
      let i = (y * factor + dy) * width * channels;
      for (let x = 0; x < outWidth; x++) {
        let sum = 0;
        for (let dx = 0; dx < colsIn; dx++, i += channels) {
          const grey = (data[i]! * wr + data[i + 1]! * wg + data[i + 2]! * wb) >> 8;
          if (channels === 4) {
            const alpha = data[i + 3]!;
            sum += (grey * alpha + 255 * (255 - alpha)) / 255;
          } else sum += grey;
        }
        sums[x]! += sum;
      }
    }
    const area = rowsIn * colsIn;
    for (let x = 0; x < outWidth; x++) out[y * outWidth + x] = sums[x]! / area;
  }
  return { width: outWidth, height: outHeight, data: out };
}
