/**
 * The certificate design form (shared by "new template" and "edit template") and the
 * preview image beside it. Every control has a visible label; the placeholder list sits
 * under the body; images are file inputs (the server checks and converts them). The live
 * preview is web/templatePreview.js, an external script (the CSP allows no inline one),
 * which reads the fields named in data-preview-fields; without it the preview shows the
 * saved version.
 */
import { PLACEHOLDER_TOKENS, DESIGN_LIMITS } from '../../templates/designSchema.js';
import { FORM, SIGNATURE_ROWS, TEXT_FIELDS } from '../../templates/designForm.js';
import { MAX_IMAGE_FILE_BYTES } from '../../templates/imageUpload.js';
import type { TemplateDesign } from '../../rendering/templateDesign.js';

/** The preview script's tag, for the page head. */
export const PREVIEW_SCRIPT = <script src="/assets/templatePreview.js" defer></script>;

/** Which stored images the version being edited has (to offer "remove"). */
export interface StoredImages {
  logo: boolean;
  signatures: boolean[];
}

/** The form values showing a design (the inverse of designFromForm, without files). */
export function designToFields(design: TemplateDesign): Record<string, string> {
  const fields: Record<string, string> = {
    [FORM.title]: design.title,
    [FORM.body]: design.body,
    [FORM.colours.primary]: design.colours.primary,
    [FORM.colours.accent]: design.colours.accent,
    [FORM.colours.background]: design.colours.background,
    [FORM.colours.text]: design.colours.text,
    [FORM.orientation]: design.orientation,
    [FORM.border]: design.border,
  };
  for (const n of SIGNATURE_ROWS) {
    const signature = design.signatures[n - 1];
    fields[FORM.signature(n).name] = signature?.name ?? '';
    fields[FORM.signature(n).title] = signature?.title ?? '';
  }
  return fields;
}

/** The images a stored design has. */
export function storedImagesOf(design: TemplateDesign | undefined): StoredImages {
  return {
    logo: !!design?.logoDataUrl,
    signatures: SIGNATURE_ROWS.map((n) => !!design?.signatures[n - 1]?.imageDataUrl),
  };
}

/** The preview parameter for a set of form values (base64url JSON of the text fields). */
export function previewParam(values: Record<string, string>): string {
  const fields = Object.fromEntries(
    TEXT_FIELDS.filter((name) => values[name] !== undefined && values[name] !== '').map((name) => [
      name,
      values[name],
    ]),
  );
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

const IMAGE_ACCEPT = 'image/png,image/jpeg,image/svg+xml';
const imageHint = `PNG, JPEG or SVG, at most ${Math.floor(MAX_IMAGE_FILE_BYTES / 1024)} KB. Leave empty to keep the current image.`;

function TextInput({
  name,
  label,
  value,
  maxlength,
  required,
}: {
  name: string;
  label: string;
  value: string | undefined;
  maxlength: number;
  required?: boolean;
}) {
  return (
    <div class="field">
      <label for={`t-${name}`}>{label}</label>
      <input
        id={`t-${name}`}
        name={name}
        type="text"
        value={value ?? ''}
        maxlength={maxlength}
        required={required ?? false}
      />
    </div>
  );
}

function Colour({ name, label, value }: { name: string; label: string; value: string | undefined }) {
  return (
    <div class="colour-field">
      <label for={`t-${name}`}>{label}</label>
      <input
        id={`t-${name}`}
        name={name}
        type="color"
        value={/^#[0-9a-fA-F]{6}$/.test(value ?? '') ? value : '#000000'}
      />
    </div>
  );
}

function ImageInput({
  name,
  label,
  removeName,
  stored,
}: {
  name: string;
  label: string;
  removeName: string;
  stored: boolean;
}) {
  return (
    <div class="field">
      <label for={`t-${name}`}>{label}</label>
      <p class="hint" id={`t-${name}-hint`}>
        {stored ? imageHint : imageHint.replace(' Leave empty to keep the current image.', '')}
      </p>
      <input
        id={`t-${name}`}
        name={name}
        type="file"
        accept={IMAGE_ACCEPT}
        aria-describedby={`t-${name}-hint`}
      />
      {stored ? (
        <div class="check">
          <input id={`t-${removeName}`} name={removeName} type="checkbox" value="1" />
          <label for={`t-${removeName}`}>Remove the current image</label>
        </div>
      ) : null}
    </div>
  );
}

function Choice({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: [string, string][];
}) {
  return (
    <div class="field">
      <label for={`t-${name}`}>{label}</label>
      <select id={`t-${name}`} name={name}>
        {options.map(([v, text]) => (
          <option value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The design fields, filled with `values`; `images` says which stored images exist. */
export function DesignFields({ values, images }: { values: Record<string, string>; images: StoredImages }) {
  return (
    <>
      <fieldset>
        <legend>Wording</legend>
        <TextInput
          name={FORM.title}
          label="Title"
          value={values[FORM.title]}
          maxlength={DESIGN_LIMITS.title}
          required
        />
        <div class="field">
          <label for={`t-${FORM.body}`}>Body</label>
          <p class="hint" id="t-body-hint">
            {`At most ${DESIGN_LIMITS.body} characters. Placeholders filled from each certificate: `}
            {PLACEHOLDER_TOKENS.map((token, i) => (
              <>
                {i > 0 ? ' ' : ''}
                <code>{token}</code>
              </>
            ))}
          </p>
          <textarea
            id={`t-${FORM.body}`}
            name={FORM.body}
            rows={5}
            maxlength={DESIGN_LIMITS.body}
            required
            aria-describedby="t-body-hint"
          >
            {values[FORM.body] ?? ''}
          </textarea>
        </div>
      </fieldset>
      <fieldset>
        <legend>Colours</legend>
        <div class="colours">
          <Colour name={FORM.colours.primary} label="Primary colour" value={values[FORM.colours.primary]} />
          <Colour name={FORM.colours.accent} label="Accent colour" value={values[FORM.colours.accent]} />
          <Colour
            name={FORM.colours.background}
            label="Background colour"
            value={values[FORM.colours.background]}
          />
          <Colour name={FORM.colours.text} label="Text colour" value={values[FORM.colours.text]} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Layout</legend>
        <Choice
          name={FORM.orientation}
          label="Orientation"
          value={values[FORM.orientation]}
          options={[
            ['landscape', 'Landscape'],
            ['portrait', 'Portrait'],
          ]}
        />
        <Choice
          name={FORM.border}
          label="Border"
          value={values[FORM.border]}
          options={[
            ['none', 'None'],
            ['simple', 'Simple'],
            ['double', 'Double'],
            ['ornate', 'Ornate'],
          ]}
        />
        <ImageInput name={FORM.logo} label="Logo" removeName={FORM.logoRemove} stored={images.logo} />
      </fieldset>
      <p class="hint">
        Without a signature, certificates are signed with the organisation's name as the issuer.
      </p>
      {SIGNATURE_ROWS.map((n) => {
        const f = FORM.signature(n);
        return (
          <fieldset>
            <legend>{`Signature ${n} (optional)`}</legend>
            <TextInput
              name={f.name}
              label={`Signature ${n}: name`}
              value={values[f.name]}
              maxlength={DESIGN_LIMITS.signatureName}
            />
            <TextInput
              name={f.title}
              label={`Signature ${n}: title`}
              value={values[f.title]}
              maxlength={DESIGN_LIMITS.signatureTitle}
            />
            <ImageInput
              name={f.image}
              label={`Signature ${n}: image`}
              removeName={f.remove}
              stored={images.signatures[n - 1] ?? false}
            />
          </fieldset>
        );
      })}
    </>
  );
}

/** The form's attributes the preview script reads: where to ask and which fields to send. */
export function previewAttributes(
  base: { templateId: string; version: number } | undefined,
): Record<string, string> {
  return {
    'data-preview-url': '/admin/templates/preview.png',
    'data-preview-fields': TEXT_FIELDS.join(','),
    ...(base ? { 'data-preview-base': `${base.templateId}:${base.version}` } : {}),
  };
}

/** The preview image and a live caption the script updates. */
export function PreviewFigure({
  src,
  orientation,
  caption,
}: {
  src: string;
  orientation: string | undefined;
  caption: string;
}) {
  const portrait = orientation === 'portrait';
  return (
    <figure class="template-preview">
      <img
        id="template-preview"
        src={src}
        alt="Preview of the certificate with this design and a sample participant"
        width={portrait ? 794 : 1123}
        height={portrait ? 1123 : 794}
      />
      <figcaption id="template-preview-status" aria-live="polite">
        {caption}
      </figcaption>
    </figure>
  );
}
