/**
 * The design check: the built-in design passes unchanged; colours, lengths, placeholders,
 * images, signatures, orientation and border are checked, unknown keys refused, and each
 * failure is a 400 that names its field.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { DEFAULT_DESIGN, type TemplateDesign } from '../../src/rendering/templateDesign.js';
import { MAX_IMAGE_URL_LENGTH, parseDesign, placeholderProblems } from '../../src/templates/designSchema.js';

/** A fresh valid design with some fields replaced (any shape, to test refusals). */
function design(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(DEFAULT_DESIGN), ...overrides };
}

/** The 400's message for an input, failing the test if it is accepted. */
function refusal(input: unknown): string {
  try {
    parseDesign(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    return (error as AppError).detail;
  }
  throw new Error(`accepted ${JSON.stringify(input).slice(0, 200)}`);
}

const png =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('parseDesign', () => {
  it('accepts the built-in design as it is', () => {
    expect(parseDesign(structuredClone(DEFAULT_DESIGN))).toEqual(DEFAULT_DESIGN);
  });

  it('accepts every known placeholder, with or without spaces inside the braces', () => {
    const body =
      '{{participantName}} {{ courseName }} {{courseDescription}} {{completionDate}} {{certificateNumber}} {{issuerName}}';
    expect(parseDesign(design({ body })).body).toBe(body);
    expect(placeholderProblems(body)).toEqual([]);
  });

  it('refuses unknown placeholders and unpaired braces, naming the body and the allowed list', () => {
    expect(refusal(design({ body: 'Dear {{firstName}}' }))).toMatch(
      /Body \(body\): unknown placeholder \{\{firstName\}\}; use only \{\{participantName\}\} \{\{courseName\}\}/,
    );
    expect(refusal(design({ body: 'Dear {{participantName}' }))).toMatch(
      /Body \(body\): "\{\{" and "\}\}" must come in pairs/,
    );
    expect(refusal(design({ body: 'Dear {{}}' }))).toMatch(/unknown placeholder \{\{\}\}/);
  });

  it('limits the title to 120 and the body to 1000 characters, and requires both', () => {
    expect(parseDesign(design({ title: 't'.repeat(120), body: 'b'.repeat(1000) })).title).toHaveLength(120);
    expect(refusal(design({ title: 't'.repeat(121) }))).toMatch(
      /Title \(title\): the title may be at most 120 characters/,
    );
    expect(refusal(design({ body: 'b'.repeat(1001) }))).toMatch(
      /Body \(body\): the body may be at most 1000 characters/,
    );
    expect(refusal(design({ title: '   ' }))).toMatch(/Title \(title\): enter a title/);
    expect(refusal(design({ body: '' }))).toMatch(/Body \(body\): enter the body text/);
    expect(refusal(design({ title: 'Bell\u0007' }))).toMatch(
      /Title \(title\): the title contains control characters/,
    );
    expect(parseDesign(design({ body: 'Line one\nLine two\tindented' })).body).toBe(
      'Line one\nLine two\tindented',
    );
  });

  it('takes colours only as #rrggbb', () => {
    expect(
      parseDesign(
        design({
          colours: { primary: '#A1B2C3', accent: '#000000', background: '#ffffff', text: '#123abc' },
        }),
      ).colours.primary,
    ).toBe('#A1B2C3');
    for (const bad of ['#abc', 'red', 'rgb(0,0,0)', '#12345g', '#1234567', ' #123456']) {
      expect(refusal(design({ colours: { ...DEFAULT_DESIGN.colours, accent: bad } }))).toMatch(
        /Accent colour \(colours.accent\): use a colour written as #rrggbb/,
      );
    }
  });

  it('takes images only as base64 data: URLs of PNG, JPEG or SVG within the size limit', () => {
    expect(parseDesign(design({ logoDataUrl: png })).logoDataUrl).toBe(png);
    expect(
      parseDesign(design({ logoDataUrl: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' })).logoDataUrl,
    ).toMatch(/^data:image\/svg/);
    expect(parseDesign(design({ logoDataUrl: 'data:image/jpeg;base64,/9j/4AAQ' })).logoDataUrl).toMatch(
      /^data:image\/jpeg/,
    );
    for (const bad of [
      'https://example.org/logo.png',
      'data:image/gif;base64,R0lGOD',
      'data:text/html;base64,PGI+',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'javascript:alert(1)',
    ]) {
      expect(refusal(design({ logoDataUrl: bad }))).toMatch(
        /Logo \(logoDataUrl\): the image must be a PNG, JPEG or SVG file/,
      );
    }
    const huge = `data:image/png;base64,${'A'.repeat(MAX_IMAGE_URL_LENGTH)}`;
    expect(refusal(design({ logoDataUrl: huge }))).toMatch(/Logo \(logoDataUrl\): the image is too large/);
  });

  it('takes at most three signatures, each with a name', () => {
    const signature = { name: 'Dr A. Mokoena', title: 'Dean', imageDataUrl: png };
    expect(
      parseDesign(
        design({ signatures: [signature, { name: 'B', title: '' }, { name: 'C', title: 'Registrar' }] }),
      ).signatures,
    ).toHaveLength(3);
    expect(parseDesign(design({ signatures: [] })).signatures).toEqual([]);
    expect(refusal(design({ signatures: [signature, signature, signature, signature] }))).toMatch(
      /Signatures \(signatures\): at most 3 signatures/,
    );
    expect(refusal(design({ signatures: [{ name: ' ', title: 'Dean' }] }))).toMatch(
      /Signature 1 name \(signatures.0.name\): enter the signer's name/,
    );
    expect(refusal(design({ signatures: [{ name: 'A', title: 'B', imageDataUrl: 'https://x' }] }))).toMatch(
      /Signature 1 image \(signatures.0.imageDataUrl\)/,
    );
  });

  it('knows the orientations and borders, and refuses unknown keys and wrong types', () => {
    const ok = (['none', 'simple', 'double', 'ornate'] as const).map((border) =>
      parseDesign(design({ border, orientation: 'portrait' })),
    );
    expect(ok.map((d: TemplateDesign) => d.border)).toEqual(['none', 'simple', 'double', 'ornate']);
    expect(refusal(design({ orientation: 'square' }))).toMatch(
      /Orientation \(orientation\): choose landscape or portrait/,
    );
    expect(refusal(design({ border: 'wavy' }))).toMatch(
      /Border \(border\): choose none, simple, double or ornate/,
    );
    expect(refusal(design({ script: 'alert(1)' }))).toMatch(/script/);
    expect(refusal(design({ colours: { ...DEFAULT_DESIGN.colours, shadow: '#000000' } }))).toMatch(/shadow/);
    expect(refusal(design({ title: 42 }))).toMatch(/Title \(title\): the title must be text/);
    expect(refusal(null)).toMatch(/Check the design/);
  });

  it('lists every problem at once', () => {
    const detail = refusal(
      design({ title: '', colours: { ...DEFAULT_DESIGN.colours, text: 'black' }, border: 'wavy' }),
    );
    expect(detail).toMatch(/Title \(title\)/);
    expect(detail).toMatch(/Text colour \(colours.text\)/);
    expect(detail).toMatch(/Border \(border\)/);
  });
});
