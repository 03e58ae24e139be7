/**
 * Reads the template form: its text fields and the logo and signature image files. Only
 * the named file fields are read; an empty file part (no file chosen) is no upload. The
 * files' bytes go to the domain, which checks their real type and size; the whole body
 * is already capped by the app's body limit (413).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { FORM, SIGNATURE_ROWS, type DesignUploads } from '../../templates/designForm.js';
import { formFields } from './pageKit.js';

async function fileBytes(value: unknown): Promise<Uint8Array | undefined> {
  if (!(value instanceof File) || value.size === 0) return undefined;
  return new Uint8Array(await value.arrayBuffer());
}

/** The form's text fields and uploaded images; 415 unless it is a form. */
export async function readDesignForm(
  c: Context<AppEnv>,
): Promise<{ fields: Record<string, string>; uploads: DesignUploads }> {
  const fields = await formFields(c);
  const body = await c.req.parseBody();
  const logo = await fileBytes(body[FORM.logo]);
  const signatures = await Promise.all(SIGNATURE_ROWS.map((n) => fileBytes(body[FORM.signature(n).image])));
  return { fields, uploads: { ...(logo ? { logo } : {}), signatures } };
}
