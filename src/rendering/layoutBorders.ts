/**
 * The border decorations of a certificate design (none, simple, double, ornate) as plain
 * filled boxes, and how far inside them the content starts.
 */
import type { TemplateDesign } from './templateDesign.js';
import { type LayoutElement, type Style, el } from './layoutElements.js';

/**
 * A rectangular frame of `width` pixels drawn `inset` pixels inside the page, as four
 * filled bars. Satori draws a CSS border as a stroked path clipped to the box, and resvg
 * rasterises a clip path through a full-page layer: four plain rectangles cost a fraction.
 */
function frame(inset: number, width: number, colour: string): LayoutElement[] {
  const bar = (style: Style) => el('div', { position: 'absolute', backgroundColor: colour, ...style });
  return [
    bar({ left: inset, right: inset, top: inset, height: width }),
    bar({ left: inset, right: inset, bottom: inset, height: width }),
    bar({ top: inset, bottom: inset, left: inset, width }),
    bar({ top: inset, bottom: inset, right: inset, width }),
  ];
}

/** A small diamond on each inner corner (the ornate border). */
function corners(inset: number, accent: string, primary: string): LayoutElement[] {
  const size = 14;
  const at = inset - size / 2;
  const spots: Style[] = [
    { top: at, left: at },
    { top: at, right: at },
    { bottom: at, left: at },
    { bottom: at, right: at },
  ];
  return spots.map((pos) =>
    el('div', {
      position: 'absolute',
      width: size,
      height: size,
      backgroundColor: accent,
      border: `2px solid ${primary}`,
      transform: 'rotate(45deg)',
      ...pos,
    }),
  );
}

/** The border decoration of a design, and how far inside it the content starts. */
export function border(design: TemplateDesign): { layers: LayoutElement[]; padding: number } {
  const { primary, accent } = design.colours;
  switch (design.border) {
    case 'none':
      return { layers: [], padding: 46 };
    case 'simple':
      return { layers: frame(24, 4, primary), padding: 52 };
    case 'double':
      return { layers: [...frame(18, 10, primary), ...frame(34, 2, accent)], padding: 54 };
    case 'ornate':
      return {
        layers: [
          ...frame(14, 4, primary),
          ...frame(22, 8, primary),
          ...frame(36, 2, accent),
          ...corners(37, accent, primary),
        ],
        padding: 56,
      };
  }
}
