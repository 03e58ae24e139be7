/**
 * The live preview of a design that is not saved yet: the form's text fields arrive as
 * base64url JSON in a query parameter (no files: a URL cannot carry them, so the images
 * come from the version being edited), capped in size, decoded strictly and validated
 * exactly as saving would validate them.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { TemplateDesign, TemplateRef } from '../rendering/templateDesign.js';
import { parseDesign } from './designSchema.js';
import { designFromForm, TEXT_FIELDS } from './designForm.js';
import { templateVersion, type TemplateDeps } from './templates.js';

/** The longest `design` parameter accepted (base64url characters). */
export const MAX_PREVIEW_PARAM = 8192;

const KNOWN_FIELDS = new Set(TEXT_FIELDS);

/** The form fields in a preview parameter; 413 if too long, 400 if not base64url JSON of strings. */
export function decodePreviewFields(param: string | undefined): Record<string, string> {
  if (!param)
    throw new AppError(
      'invalid_request',
      'design: send the form as base64url JSON in the "design" parameter',
    );
  if (param.length > MAX_PREVIEW_PARAM)
    throw new AppError(
      'payload_too_large',
      `design: the preview parameter may be at most ${MAX_PREVIEW_PARAM} characters`,
    );
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(param))
    throw new AppError('invalid_request', 'design: the parameter is not base64url');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(param, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('invalid_request', 'design: the parameter is not base64url-encoded JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new AppError('invalid_request', 'design: expected a JSON object of form fields');
  const fields: Record<string, string> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!KNOWN_FIELDS.has(key))
      throw new AppError('invalid_request', `design: unknown form field ${key.slice(0, 40)}`);
    if (typeof field !== 'string') throw new AppError('invalid_request', `${key}: must be text`);
    fields[key] = field;
  }
  return fields;
}

/**
 * The design to preview from form fields (staff), keeping the images of `base`, the
 * version being edited, when one is named. Throws a 400 naming each bad field.
 */
export async function previewDesign(
  deps: TemplateDeps,
  actor: Actor,
  fields: Record<string, string>,
  base?: TemplateRef,
): Promise<TemplateDesign> {
  if (actor.role !== 'admin' && actor.role !== 'staff')
    throw new AppError('forbidden', 'Only staff can manage certificate templates');
  const current = base ? (await templateVersion(deps, actor, base)).version.design : undefined;
  return parseDesign(designFromForm(fields, {}, current));
}
