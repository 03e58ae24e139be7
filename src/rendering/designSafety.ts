/**
 * What of a stored design may reach the renderer: colours that are plain CSS colour
 * values and images that are inline data: URLs of a known type and a bounded size. A
 * design is staff input; a colour ends up in SVG attributes and an image URL is handed to
 * satori, which would fetch an http(s) URL, so anything else falls back to the default
 * or is left out. Nothing in a design is ever evaluated.
 */
import { DEFAULT_DESIGN, type TemplateDesign } from './templateDesign.js';

/** The largest data: URL accepted for a logo or signature image (characters). */
export const MAX_IMAGE_DATA_URL = 512 * 1024;

const COLOUR =
  /^(#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|rgba?\(\s*[\d.]+%?\s*,\s*[\d.]+%?\s*,\s*[\d.]+%?\s*(,\s*[\d.]+%?\s*)?\)|[a-z]{3,20})$/i;
const IMAGE = /^data:image\/(png|jpeg|svg\+xml)(;base64)?,[\w+/=%.,;:!*'()~-]*$/i;

/** A CSS colour value, or `fallback` when it is anything more than a colour. */
function safeColour(value: unknown, fallback: string): string {
  return typeof value === 'string' && COLOUR.test(value.trim()) ? value.trim() : fallback;
}

/** An inline image data: URL, or undefined when it is not one (remote URLs never pass). */
export function safeImage(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= MAX_IMAGE_DATA_URL && IMAGE.test(value)
    ? value
    : undefined;
}

/** The design with unusable colours replaced by the defaults and unusable images dropped. */
export function sanitiseDesign(design: TemplateDesign): TemplateDesign {
  const colours = DEFAULT_DESIGN.colours;
  const logo = safeImage(design.logoDataUrl);
  return {
    title: String(design.title ?? ''),
    body: String(design.body ?? ''),
    ...(logo ? { logoDataUrl: logo } : {}),
    signatures: (Array.isArray(design.signatures) ? design.signatures : []).slice(0, 3).map((s) => {
      const image = safeImage(s.imageDataUrl);
      return {
        name: String(s.name ?? ''),
        title: String(s.title ?? ''),
        ...(image ? { imageDataUrl: image } : {}),
      };
    }),
    colours: {
      primary: safeColour(design.colours?.primary, colours.primary),
      accent: safeColour(design.colours?.accent, colours.accent),
      background: safeColour(design.colours?.background, colours.background),
      text: safeColour(design.colours?.text, colours.text),
    },
    orientation: design.orientation === 'portrait' ? 'portrait' : 'landscape',
    border: (['none', 'simple', 'double', 'ornate'] as const).includes(design.border)
      ? design.border
      : 'double',
  };
}
