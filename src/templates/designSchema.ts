/**
 * What a certificate design staff save may contain, checked with one zod schema: colours
 * as #rrggbb, a title of at most 120 characters, a body of at most 1000 characters whose
 * `{{...}}` placeholders are all ones the renderer fills, images only as inline data: URLs
 * of PNG, JPEG or SVG within the renderer's size limit, at most three signatures, and the
 * known orientations and borders. A failure is a 400 that names each field and says what
 * to change, so the console can show it next to the form.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import { PLACEHOLDERS } from '../rendering/certificateFields.js';
import { MAX_IMAGE_DATA_URL } from '../rendering/designSafety.js';
import type { TemplateDesign } from '../rendering/templateDesign.js';

/** Limits of a design's text fields (characters). */
export const DESIGN_LIMITS = {
  title: 120,
  body: 1000,
  signatureName: 80,
  signatureTitle: 80,
  signatures: 3,
} as const;

/** The image types a design may embed, as data: URL media types. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;

/** The longest image data: URL (characters); the renderer drops anything longer. */
export const MAX_IMAGE_URL_LENGTH = MAX_IMAGE_DATA_URL;

/** The placeholders a body may use, written as staff type them. */
export const PLACEHOLDER_TOKENS: readonly string[] = PLACEHOLDERS.map((name) => `{{${name}}}`);

const KNOWN = new Set<string>(PLACEHOLDERS);
const DATA_URL = /^data:(image\/(?:png|jpeg|svg\+xml));base64,[A-Za-z0-9+/]+={0,2}$/;

/** Each `{{...}}` in a text that is not a known placeholder, and any unclosed braces. */
export function placeholderProblems(text: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/\{\{([^{}]*)\}\}/g)) {
    if (!KNOWN.has(match[1]!.trim())) problems.push(`unknown placeholder ${match[0].slice(0, 60)}`);
  }
  const stripped = text.replace(/\{\{[^{}]*\}\}/g, '');
  if (/\{\{|\}\}/.test(stripped)) problems.push('"{{" and "}}" must come in pairs around a placeholder name');
  return problems;
}

const text = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text` })
    .max(max, `${what} may be at most ${max} characters`)
    .refine(
      (value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value),
      `${what} contains control characters`,
    );

const imageDataUrl = z
  .string()
  .max(
    MAX_IMAGE_URL_LENGTH,
    `the image is too large: at most ${Math.floor(MAX_IMAGE_URL_LENGTH / 1024)} KB once encoded`,
  )
  .regex(DATA_URL, 'the image must be a PNG, JPEG or SVG file (a base64 data: URL)');

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use a colour written as #rrggbb, e.g. #0b3a6e');

const signature = z.strictObject({
  name: text(DESIGN_LIMITS.signatureName, 'the name').trim().min(1, "enter the signer's name"),
  title: text(DESIGN_LIMITS.signatureTitle, 'the title').trim(),
  imageDataUrl: imageDataUrl.optional(),
});

/** The schema of a design as stored and rendered. */
const designSchema = z.strictObject({
  title: text(DESIGN_LIMITS.title, 'the title')
    .trim()
    .min(1, 'enter a title, e.g. "Certificate of Completion"'),
  body: text(DESIGN_LIMITS.body, 'the body')
    .trim()
    .min(1, 'enter the body text')
    .superRefine((value, ctx) => {
      for (const problem of placeholderProblems(value)) {
        ctx.addIssue({ code: 'custom', message: `${problem}; use only ${PLACEHOLDER_TOKENS.join(' ')}` });
      }
    }),
  logoDataUrl: imageDataUrl.optional(),
  signatures: z
    .array(signature)
    .max(DESIGN_LIMITS.signatures, `at most ${DESIGN_LIMITS.signatures} signatures`),
  colours: z.strictObject({ primary: colour, accent: colour, background: colour, text: colour }),
  orientation: z.enum(['landscape', 'portrait'], { error: 'choose landscape or portrait' }),
  border: z.enum(['none', 'simple', 'double', 'ornate'], { error: 'choose none, simple, double or ornate' }),
});

/** How each field is labelled on the form, for messages. */
const LABELS: Record<string, string> = {
  title: 'Title',
  body: 'Body',
  logoDataUrl: 'Logo',
  signatures: 'Signatures',
  'colours.primary': 'Primary colour',
  'colours.accent': 'Accent colour',
  'colours.background': 'Background colour',
  'colours.text': 'Text colour',
  orientation: 'Orientation',
  border: 'Border',
};

/** A field path as people read it: "Signature 2 name (signatures.1.name)". */
function fieldLabel(path: readonly PropertyKey[]): string {
  const key = path.map(String).join('.');
  const signatureField = /^signatures\.(\d+)\.(name|title|imageDataUrl)$/.exec(key);
  if (signatureField) {
    const part = { name: 'name', title: 'title', imageDataUrl: 'image' }[
      signatureField[2] as 'name' | 'title' | 'imageDataUrl'
    ];
    return `Signature ${Number(signatureField[1]) + 1} ${part} (${key})`;
  }
  const label = LABELS[key];
  return label ? `${label} (${key})` : key || 'design';
}

/** A design-check failure: each problem names its field. */
export function designError(problems: string[]): AppError {
  return new AppError('invalid_request', `Check the design: ${problems.join('; ')}`, { issues: problems });
}

/** Validates a design (from a form or a preview request); throws a 400 naming each bad field. */
export function parseDesign(input: unknown): TemplateDesign {
  const parsed = designSchema.safeParse(input);
  if (!parsed.success)
    throw designError(parsed.error.issues.map((issue) => `${fieldLabel(issue.path)}: ${issue.message}`));
  const { logoDataUrl, signatures, ...rest } = parsed.data;
  return {
    ...rest,
    ...(logoDataUrl ? { logoDataUrl } : {}),
    signatures: signatures.map(({ imageDataUrl, ...s }) => ({
      ...s,
      ...(imageDataUrl ? { imageDataUrl } : {}),
    })),
  };
}
