/**
 * The template form's fields and how they become a design: the saved form (with its
 * uploaded images) and the live preview (the same fields as JSON, without files) go
 * through `designFromForm`, so the preview shows exactly what saving would store. Images
 * not re-uploaded are kept from the version being edited unless "remove" is ticked; a
 * signature row with neither name nor title is dropped.
 */
import type { TemplateDesign } from '../rendering/templateDesign.js';
import { DESIGN_LIMITS, designError } from './designSchema.js';
import { imageToDataUrl } from './imageUpload.js';

/** Form field names (the view, the route and web/templatePreview.js use these). */
export const FORM = {
  title: 'title',
  body: 'body',
  colours: {
    primary: 'colour_primary',
    accent: 'colour_accent',
    background: 'colour_background',
    text: 'colour_text',
  },
  orientation: 'orientation',
  border: 'border',
  logo: 'logo',
  logoRemove: 'logo_remove',
  signature: (n: number) => ({
    name: `signature${n}_name`,
    title: `signature${n}_title`,
    image: `signature${n}_image`,
    remove: `signature${n}_remove`,
  }),
} as const;

/** The signature rows on the form (1-based numbers). */
export const SIGNATURE_ROWS = Array.from({ length: DESIGN_LIMITS.signatures }, (_, i) => i + 1);

/** The form fields that are not files, as the preview script sends them. */
export const TEXT_FIELDS: readonly string[] = [
  FORM.title,
  FORM.body,
  ...Object.values(FORM.colours),
  FORM.orientation,
  FORM.border,
  FORM.logoRemove,
  ...SIGNATURE_ROWS.flatMap((n) => {
    const f = FORM.signature(n);
    return [f.name, f.title, f.remove];
  }),
];

/** Uploaded image files, by the form field they came in. */
export interface DesignUploads {
  logo?: Uint8Array;
  signatures?: (Uint8Array | undefined)[];
}

const ticked = (value: string | undefined) =>
  value !== undefined && value !== '' && value !== 'false' && value !== '0';

/**
 * A candidate design (still to be validated with parseDesign) from the form's fields,
 * its uploads and the design being edited (for the images to keep).
 */
export function designFromForm(
  fields: Readonly<Record<string, string>>,
  uploads: DesignUploads = {},
  current?: TemplateDesign,
): unknown {
  const logo = uploads.logo
    ? imageToDataUrl(uploads.logo, `Logo (${FORM.logo})`)
    : ticked(fields[FORM.logoRemove])
      ? undefined
      : current?.logoDataUrl;
  const problems: string[] = [];
  const signatures = SIGNATURE_ROWS.flatMap((n) => {
    const f = FORM.signature(n);
    const name = (fields[f.name] ?? '').trim();
    const title = (fields[f.title] ?? '').trim();
    const upload = uploads.signatures?.[n - 1];
    if (!name && !title && !upload) return [];
    if (!name) problems.push(`Signature ${n} name (${f.name}): enter the signer's name, or clear the row`);
    const image = upload
      ? imageToDataUrl(upload, `Signature ${n} image (${f.image})`)
      : ticked(fields[f.remove])
        ? undefined
        : current?.signatures[n - 1]?.imageDataUrl;
    return [{ name, title, ...(image ? { imageDataUrl: image } : {}) }];
  });
  if (problems.length) throw designError(problems);
  return {
    title: fields[FORM.title] ?? '',
    body: (fields[FORM.body] ?? '').replace(/\r\n/g, '\n'),
    ...(logo ? { logoDataUrl: logo } : {}),
    signatures,
    colours: {
      primary: fields[FORM.colours.primary] ?? '',
      accent: fields[FORM.colours.accent] ?? '',
      background: fields[FORM.colours.background] ?? '',
      text: fields[FORM.colours.text] ?? '',
    },
    orientation: fields[FORM.orientation] ?? '',
    border: fields[FORM.border] ?? '',
  };
}
