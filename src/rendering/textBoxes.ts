/**
 * Where satori put things: the layout keys its text elements, the QR code's box and the
 * static texts' empty boxes, satori reports every element's box as it lays the page out
 * (`onNodeDetected`), and this collects the keyed ones: text boxes with their font
 * settings (the PDF's invisible, selectable text layer is set in them) and the positions
 * where the QR code and the static texts' glyphs are drawn.
 */
import type { FontKind } from './fontFiles.js';
import { QR_KEY } from './certificateLayout.js';

/** One laid-out text element, in layout pixels from the top left of the page. */
export interface TextBox {
  /** The layout key: `name`, `body`, ... or `static:title`, `static:label-number`, ... */
  key: string;
  /** The text as shown (after text-transform). */
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
  fontSize: number;
  /** Pixels between lines, when the layout set a line height. */
  lineHeight?: number;
  letterSpacing: number;
  kind: FontKind;
  weight: 400 | 700;
  align: 'left' | 'center';
}

/** Where an empty box was laid out. */
export interface Placement {
  key: string;
  left: number;
  top: number;
}

const TEXT_KEYS: ReadonlySet<string> = new Set([
  'name',
  'body',
  'number',
  'date',
  'issuer',
  'lead',
  'signer',
]);

/** What satori reports per element (its SatoriNode type, restated). */
export interface DetectedNode {
  left: number;
  top: number;
  width: number;
  height: number;
  key?: string | number;
  props: Record<string, unknown>;
  textContent?: string;
}

/** A text box measured before, by key, with its position relative to its own box. */
export type KnownBoxes = ReadonlyMap<string, TextBox>;

/** The text box of a keyed text element. */
export function textBoxOf(node: DetectedNode & { key: string; textContent: string }): TextBox {
  const style = (node.props.style ?? {}) as Record<string, unknown>;
  const fontSize = typeof style.fontSize === 'number' ? style.fontSize : 16;
  return {
    key: node.key,
    text: style.textTransform === 'uppercase' ? node.textContent.toUpperCase() : node.textContent,
    left: node.left,
    top: node.top,
    width: node.width,
    height: node.height,
    fontSize,
    ...(typeof style.lineHeight === 'number' ? { lineHeight: style.lineHeight * fontSize } : {}),
    letterSpacing: typeof style.letterSpacing === 'number' ? style.letterSpacing : 0,
    kind: String(style.fontFamily ?? '').includes('Serif') ? 'serif' : 'sans',
    weight: style.fontWeight === 700 ? 700 : 400,
    align: style.textAlign === 'center' ? 'center' : 'left',
  };
}

/**
 * Collects text boxes and placements; pass `collect` as satori's `onNodeDetected`. An
 * empty static box takes its text box from `known` (measured when its stamp was made).
 */
export function textBoxCollector(known: KnownBoxes = new Map()): {
  collect(node: DetectedNode): void;
  boxes: TextBox[];
  placements: Placement[];
} {
  const boxes: TextBox[] = [];
  const placements: Placement[] = [];
  return {
    boxes,
    placements,
    collect(node) {
      const { key } = node;
      if (typeof key !== 'string') return;
      const isStatic = key.startsWith('static:');
      if (typeof node.textContent === 'string' && (isStatic || TEXT_KEYS.has(key))) {
        boxes.push(textBoxOf({ ...node, key, textContent: node.textContent }));
      } else if (key === QR_KEY || isStatic) {
        placements.push({ key, left: node.left, top: node.top });
        const box = known.get(key);
        if (box) boxes.push({ ...box, left: node.left, top: node.top });
      }
    },
  };
}
