/**
 * From the template form to a design: uploads are recognised by their bytes (not their
 * claimed type) and capped so the data: URL fits the renderer's limit; images not
 * re-uploaded are kept unless removed; empty signature rows are dropped; and the form
 * values the page shows for a design turn back into the same design.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { MAX_IMAGE_DATA_URL } from '../../src/rendering/designSafety.js';
import { DEFAULT_DESIGN, type TemplateDesign } from '../../src/rendering/templateDesign.js';
import { parseDesign } from '../../src/templates/designSchema.js';
import { designFromForm } from '../../src/templates/designForm.js';
import { imageToDataUrl, MAX_IMAGE_FILE_BYTES, sniffImageType } from '../../src/templates/imageUpload.js';
import { designToFields } from '../../src/http/views/templateFormView.js';

const encode = (text: string) => new TextEncoder().encode(text);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);

function detailOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    return (error as AppError).detail;
  }
  throw new Error('expected a 400');
}

const stored: TemplateDesign = {
  ...structuredClone(DEFAULT_DESIGN),
  logoDataUrl: 'data:image/png;base64,AAAA',
  signatures: [
    { name: 'First', title: 'One', imageDataUrl: 'data:image/png;base64,BBBB' },
    { name: 'Second', title: 'Two', imageDataUrl: 'data:image/jpeg;base64,CCCC' },
  ],
};

describe('image uploads', () => {
  it('recognises PNG, JPEG and SVG by their content', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('image/svg+xml');
    expect(sniffImageType(encode('\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<!DOCTYPE svg>\n<svg>'))).toBe(
      'image/svg+xml',
    );
    for (const other of ['GIF89a', '<html><svg>', '<svgfoo>', '%PDF-1.7', ''])
      expect(sniffImageType(encode(other)), other).toBeUndefined();
  });

  it('makes a data: URL of the real type, and refuses empty, unknown and oversized files naming the field', () => {
    expect(imageToDataUrl(PNG, 'Logo (logo)')).toBe(
      `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`,
    );
    expect(detailOf(() => imageToDataUrl(new Uint8Array(), 'Logo (logo)'))).toMatch(
      /Logo \(logo\): the file is empty/,
    );
    expect(detailOf(() => imageToDataUrl(encode('GIF89a...'), 'Logo (logo)'))).toMatch(
      /Logo \(logo\): the file is not a PNG, JPEG or SVG image/,
    );
    const big = new Uint8Array(MAX_IMAGE_FILE_BYTES + 1);
    big.set(PNG);
    expect(detailOf(() => imageToDataUrl(big, 'Signature 1 image (signature1_image)'))).toMatch(
      /Signature 1 image \(signature1_image\): the file is too large/,
    );
  });

  it('accepts the largest allowed file, whose data: URL the renderer still takes', () => {
    const svg = new Uint8Array(MAX_IMAGE_FILE_BYTES).fill(0x20);
    svg.set(encode('<svg>'));
    const url = imageToDataUrl(svg, 'Logo (logo)');
    expect(url.length).toBeLessThanOrEqual(MAX_IMAGE_DATA_URL);
    expect(parseDesign({ ...structuredClone(DEFAULT_DESIGN), logoDataUrl: url }).logoDataUrl).toBe(url);
  });
});

describe('designFromForm', () => {
  it('turns the form values of a design back into the same design', () => {
    expect(parseDesign(designFromForm(designToFields(DEFAULT_DESIGN)))).toEqual(DEFAULT_DESIGN);
    const three = {
      ...structuredClone(DEFAULT_DESIGN),
      signatures: [
        { name: 'A', title: 'a' },
        { name: 'B', title: '' },
        { name: 'C', title: 'c' },
      ],
    };
    expect(parseDesign(designFromForm(designToFields(three)))).toEqual(three);
  });

  it('keeps stored images unless removed or replaced, and drops rows without name and title', () => {
    const fields = designToFields(stored);
    expect(parseDesign(designFromForm(fields, {}, stored))).toEqual(stored);

    const changed = parseDesign(
      designFromForm(
        { ...fields, logo_remove: '1', signature1_name: '', signature1_title: '', signature3_name: 'Third' },
        { signatures: [undefined, PNG, undefined] },
        stored,
      ),
    );
    expect(changed.logoDataUrl).toBeUndefined();
    expect(changed.signatures).toEqual([
      {
        name: 'Second',
        title: 'Two',
        imageDataUrl: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`,
      },
      { name: 'Third', title: '' },
    ]);

    const removed = parseDesign(
      designFromForm({ ...fields, signature2_remove: '1' }, { logo: JPEG }, stored),
    );
    expect(removed.logoDataUrl).toMatch(/^data:image\/jpeg;base64,/);
    expect(removed.signatures[1]).toEqual({ name: 'Second', title: 'Two' });
  });

  it('asks for a name on a row that has a title or a new image', () => {
    expect(
      detailOf(() => designFromForm({ ...designToFields(DEFAULT_DESIGN), signature2_title: 'Dean' })),
    ).toMatch(/Signature 2 name \(signature2_name\): enter the signer's name, or clear the row/);
    expect(
      detailOf(() =>
        designFromForm(designToFields(DEFAULT_DESIGN), { signatures: [undefined, undefined, PNG] }),
      ),
    ).toMatch(/Signature 3 name \(signature3_name\)/);
  });

  it('normalises Windows line ends in the body', () => {
    const design = parseDesign(
      designFromForm({ ...designToFields(DEFAULT_DESIGN), body: 'One\r\nTwo {{participantName}}' }),
    );
    expect(design.body).toBe('One\nTwo {{participantName}}');
  });
});
