/**
 * Reading certificate files on the verification thread, below HTTP: PNGs of every colour
 * type pngjs writes and a transparent one are decoded to the grey a QR code is found in;
 * pixel counts are refused from the header before decoding; an interlaced PNG whose data
 * inflates far past its size, and a PDF attachment that inflates past the cap, are refused
 * with a sentence instead of being inflated whole.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { PDFDocument } from 'pdf-lib';
import { PNG_SIGNATURE, pngChunk } from '../fixtures/badgeImages.js';
import { jpegClaiming, pngClaiming, qrPng } from '../fixtures/certificatePhotos.js';
import { decodePicture, greyscale } from '../../src/verification/pictureDecoding.js';
import { findQrText } from '../../src/verification/qrScan.js';
import { credentialFromPdf } from '../../src/verification/pdfAttachment.js';
import { readPicture } from '../../src/verification/pictureCredential.js';
import type { AppError } from '../../src/errors.js';

/** What `read` threw or rejected with; fails the test when it succeeded. */
async function refusal(read: () => unknown): Promise<AppError> {
  let error: unknown;
  try {
    await read();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a refusal').toBeDefined();
  return error as AppError;
}

/** The QR code PNG re-encoded by pngjs as another colour type and bit depth (16-bit input is 16-bit samples). */
function reencoded(png: Uint8Array, colorType: 0 | 2 | 4 | 6, bitDepth: 8 | 16): Uint8Array {
  const decoded = PNG.sync.read(Buffer.from(png));
  if (bitDepth === 16) decoded.data = Buffer.from(Uint16Array.from(decoded.data, (v) => v * 257).buffer);
  return new Uint8Array(PNG.sync.write(decoded, { colorType, bitDepth, inputHasAlpha: true }));
}

describe('PNG decoding', () => {
  it('reads the QR code of a PNG in grey, RGB, grey+alpha and RGBA, 8 and 16 bits', async () => {
    const link = 'https://certs.saypro.example/v/AbCdEfGhIjKlMnOpQrStUvWx';
    const png = await qrPng(link);
    for (const colorType of [0, 2, 4, 6] as const) {
      for (const bitDepth of [8, 16] as const) {
        expect(
          findQrText(decodePicture(reencoded(png, colorType, bitDepth), 'image/png')),
          `colour type ${colorType}, ${bitDepth} bits`,
        ).toBe(link);
      }
    }
  });

  it('counts transparent pixels as white paper, and averages squares when shrinking', async () => {
    const png = new PNG({ width: 4, height: 2 });
    // Left half: black and opaque; right half: black but fully transparent.
    for (let i = 0; i < png.data.length; i += 4) png.data[i + 3] = (i / 4) % 4 < 2 ? 255 : 0;
    const picture = decodePicture(new Uint8Array(PNG.sync.write(png)), 'image/png');
    expect([...greyscale(picture, 1).data]).toEqual([0, 0, 255, 255, 0, 0, 255, 255]);
    expect([...greyscale(picture, 2).data]).toEqual([0, 255]);
  });

  it('refuses more pixels than the budget from the header, before decoding', async () => {
    const png = await refusal(() => decodePicture(pngClaiming(5_000, 3_000), 'image/png', 10_000_000));
    expect(png).toMatchObject({
      code: 'picture_too_large',
      status: 413,
      extra: { width: 5_000, height: 3_000 },
    });
    const jpeg = await refusal(() => decodePicture(jpegClaiming(4_000, 3_000), 'image/jpeg', 10_000_000));
    expect(jpeg).toMatchObject({ code: 'picture_too_large', extra: { width: 4_000, height: 3_000 } });
    // Within the budget, the same small file is decoded, and found corrupt.
    expect(await refusal(() => decodePicture(pngClaiming(50, 30), 'image/png'))).toMatchObject({
      code: 'invalid_request',
    });
  });

  it('refuses an interlaced PNG whose data inflates far past its size', async () => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(100, 0);
    ihdr.writeUInt32BE(100, 4);
    ihdr.set([8, 6, 0, 0, 1], 8); // 8-bit RGBA, Adam7
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024));
    const png = new Uint8Array(
      Buffer.concat([
        PNG_SIGNATURE,
        pngChunk('IHDR', ihdr),
        pngChunk('IDAT', bomb),
        pngChunk('IEND', new Uint8Array(0)),
      ]),
    );
    expect(png.length).toBeLessThan(100_000);
    const error = await refusal(() => decodePicture(png, 'image/png'));
    expect(error).toMatchObject({
      code: 'invalid_request',
      detail: 'This PNG image could not be decoded: its image data is corrupt or far larger than its size',
    });
  });
});

describe('PDF attachments', () => {
  async function pdfWith(name: string, bytes: Uint8Array): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    doc.addPage();
    await doc.attach(bytes, name, { mimeType: 'application/ld+json' });
    return doc.save();
  }

  it('finds credential.json among other attachments', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    await doc.attach(new TextEncoder().encode('not json'), 'readme.txt', { mimeType: 'text/plain' });
    await doc.attach(new TextEncoder().encode('{"id": "urn:example:1"}'), 'credential.json', {
      mimeType: 'application/ld+json',
    });
    expect(await credentialFromPdf(await doc.save())).toEqual({ id: 'urn:example:1' });
  });

  it('refuses an attachment that inflates past the cap, and one that is not a JSON object', async () => {
    const bomb = await refusal(async () =>
      credentialFromPdf(await pdfWith('credential.json', new Uint8Array(8 * 1024 * 1024).fill(32))),
    );
    expect(bomb).toMatchObject({
      code: 'invalid_request',
      detail: expect.stringMatching(/^The PDF's credential\.json attachment is larger than \d+ bytes$/),
    });
    const notObject = await refusal(async () =>
      credentialFromPdf(await pdfWith('credential.json', new TextEncoder().encode('[1, 2]'))),
    );
    expect(notObject).toMatchObject({
      code: 'invalid_request',
      detail: expect.stringMatching(/not a JSON object/),
    });
  });

  it('reads a PDF whose only attachment has another name as carrying none', async () => {
    expect(
      await credentialFromPdf(await pdfWith('credential.json.bak', new TextEncoder().encode('{}'))),
    ).toBeUndefined();
    const error = await refusal(async () =>
      readPicture(await pdfWith('other.json', new TextEncoder().encode('{}')), 'application/pdf'),
    );
    expect(error).toMatchObject({ code: 'picture_without_credential', status: 422 });
  });
});
