/**
 * Static text, laid out once per design. satori spends about a millisecond on every text
 * element (shaping, glyph paths, style resolution), and more than half of a certificate's
 * texts come from the design alone: title, lead, labels, caption, signatures. The first
 * render of a design lays the page out in full, notes each static text's box, and draws
 * each one on its own into a "stamp" (its glyph paths relative to its box). Later renders
 * lay those texts out as empty boxes of the same size and put the stamps where the boxes
 * land. A static text's box does not depend on the credential: its width is its own or
 * its container's, and neither changes with the credential's fields.
 */
import satori, { type SatoriOptions } from 'satori';
import type { LayoutElement, StampSizes } from './layoutElements.js';
import { textBoxOf, type DetectedNode, type Placement, type TextBox } from './textBoxes.js';

/** One static text drawn on its own. */
interface Stamp {
  width: number;
  height: number;
  /** SVG markup in the box's own coordinates (glyph paths only). */
  markup: string;
  /** Its text box (for the PDF text layer), at left 0, top 0. */
  box: TextBox;
}

/** The stamps of one design, by key, and their sizes for the layout. */
export interface StampSet {
  sizes: StampSizes;
  stamps: ReadonlyMap<string, Stamp>;
  boxes: ReadonlyMap<string, TextBox>;
}

/** Fonts and page size for satori. */
interface Frame {
  width: number;
  height: number;
  fonts: SatoriOptions['fonts'];
}

/**
 * The drawing inside a satori SVG document: everything between the root tags, less the
 * mask, clip path and defs declarations satori adds for overflow. Undefined when what is
 * left still refers to one of them (then the text is not stamped but laid out each time).
 */
function stampMarkup(svg: string): string | undefined {
  const inner = svg.slice(svg.indexOf('>') + 1, svg.lastIndexOf('</svg>'));
  const drawing = inner
    .replace(/<mask\b[^>]*>[\s\S]*?<\/mask>/g, '')
    .replace(/<clipPath\b[^>]*>[\s\S]*?<\/clipPath>/g, '')
    .replace(/<defs>[\s\S]*?<\/defs>/g, '');
  return drawing.includes('url(#') ? undefined : drawing;
}

/**
 * Makes the stamps of a design: lays out `element` (the full page, nothing stamped yet),
 * then draws every `static:*` text alone in a box of the size it was given.
 */
export async function makeStamps(element: LayoutElement, frame: Frame): Promise<StampSet> {
  const found: Array<DetectedNode & { key: string; textContent: string }> = [];
  await satori(element as Parameters<typeof satori>[0], {
    ...frame,
    onNodeDetected: (node) => {
      if (
        typeof node.key === 'string' &&
        node.key.startsWith('static:') &&
        typeof node.textContent === 'string'
      ) {
        found.push({ ...node, key: node.key, textContent: node.textContent });
      }
    },
  });
  const sizes = new Map<string, { width: number; height: number }>();
  const stamps = new Map<string, Stamp>();
  const boxes = new Map<string, TextBox>();
  for (const node of found) {
    const { width, height } = node;
    const own = Object.entries(node.props.style as Record<string, unknown>).filter(
      ([name]) => !name.startsWith('margin'),
    );
    const style = { ...Object.fromEntries(own), width, height, flexShrink: 0 };
    const alone = {
      type: 'div',
      props: {
        style: { display: 'flex', width, height },
        children: { type: 'div', props: { style, children: node.textContent } },
      },
    };
    const svg = await satori(alone as Parameters<typeof satori>[0], {
      width: Math.ceil(width),
      height: Math.ceil(height),
      fonts: frame.fonts,
    });
    const markup = stampMarkup(svg);
    if (markup === undefined) continue;
    const box = { ...textBoxOf(node), left: 0, top: 0 };
    sizes.set(node.key, { width, height });
    stamps.set(node.key, { width, height, markup, box });
    boxes.set(node.key, box);
  }
  return { sizes, stamps, boxes };
}

/** Draws the stamps at the places their empty boxes were laid out, on top of the page. */
export function applyStamps(svg: string, placements: Placement[], set: StampSet): string {
  const groups = placements.flatMap(({ key, left, top }) => {
    const stamp = set.stamps.get(key);
    return stamp ? [`<g transform="translate(${left} ${top})">${stamp.markup}</g>`] : [];
  });
  if (groups.length === 0) return svg;
  const end = svg.lastIndexOf('</svg>');
  return svg.slice(0, end) + groups.join('') + svg.slice(end);
}
