/**
 * The building blocks of the certificate's satori element tree: elements and images, text
 * that depends on the design only (drawn once per design, see textStamps.ts), and how a
 * text is sized to fit a width.
 */

/** A satori element: what React.createElement would make, restated. */
export interface LayoutElement {
  type: string;
  key?: string;
  props: {
    style?: Record<string, string | number>;
    children?: LayoutChild | LayoutChild[];
    src?: string;
    width?: number;
    height?: number;
  };
}
/** A child: an element or text. */
type LayoutChild = LayoutElement | string;

/** Keys of the text boxes whose text comes from the credential. */
export type TextKey = 'name' | 'body' | 'number' | 'date' | 'issuer' | 'lead' | 'signer';

/** The laid-out sizes of static texts, by key, from a previous layout of the same design. */
export type StampSizes = ReadonlyMap<string, { width: number; height: number }>;

/** The width in layout px of a text in a kind, weight and size. */
export type TextMeasure = (text: string, kind: 'sans' | 'serif', weight: 400 | 700, size: number) => number;

/** A rough width when no fonts are at hand: wide (CJK) characters an em, others 0.6 em. */
export const estimate: TextMeasure = (text, _kind, _weight, size) =>
  [...text].reduce(
    (sum, ch) =>
      sum +
      (/[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\u3000-\u303f\uff00-\uffef]/u.test(ch)
        ? 1
        : 0.6),
    0,
  ) * size;

/** The largest size from `max` down to `min` (half px steps) at which `text` fits `width` on one line. */
export function fitSize(
  text: string,
  width: number,
  max: number,
  min: number,
  kind: 'sans' | 'serif',
  weight: 400 | 700,
  measure: TextMeasure,
  spacing = 0,
): number {
  const at = (size: number) => measure(text, kind, weight, size) + spacing * [...text].length;
  const full = at(max);
  if (full <= width) return max;
  return Math.max(min, Math.floor(((max * width) / full) * 2) / 2);
}

export type Style = Record<string, string | number>;

export function el(
  type: string,
  style: Style,
  children?: LayoutChild | LayoutChild[],
  key?: TextKey | string,
): LayoutElement {
  return {
    type,
    ...(key ? { key } : {}),
    props: {
      style: { display: 'flex', boxSizing: 'border-box', ...style },
      ...(children !== undefined ? { children } : {}),
    },
  };
}

/** The style properties that place a box among its siblings (kept by a stamp's empty box). */
const PLACEMENT = ['margin', 'marginTop', 'marginBottom', 'marginLeft', 'marginRight', 'alignSelf'];

/** A text that depends on the design only: the text itself, or an empty box of its known size. */
export function staticText(
  stamps: StampSizes | undefined,
  id: string,
  style: Style,
  content: string,
): LayoutElement {
  const key = `static:${id}`;
  const size = stamps?.get(key);
  if (!size) return el('div', style, content, key);
  const kept = Object.fromEntries(Object.entries(style).filter(([name]) => PLACEMENT.includes(name)));
  return el('div', { ...kept, width: size.width, height: size.height, flexShrink: 0 }, undefined, key);
}

export function img(src: string, style: Style): LayoutElement {
  return { type: 'img', props: { src, style: { objectFit: 'contain', ...style } } };
}

export interface Ink {
  colour: string;
  muted: string;
  fonts: { sans: string; serif: string };
  stamps: StampSizes | undefined;
}
