/**
 * The certificate as a satori element tree (plain objects, no JSX runtime): page, border,
 * logo area, title, the participant's name large, the body with its placeholders filled,
 * signatures, certificate number and date, and the QR code to the public verification
 * page in the bottom corner. Laid out in CSS pixels of A4 at 96 dpi (1123 x 794 landscape
 * or 794 x 1123 portrait); the renderer scales the vector result to the output size.
 * The design must already be sanitised (designSafety.ts); text is only ever text.
 *
 * Keys: text elements carry keys so their laid-out boxes can be found (the PDF text
 * layer). Texts that come from the design alone are keyed `static:*`; once their boxes
 * are known (`stamps`), they are laid out as empty boxes of that size and textStamps.ts
 * draws the glyphs made once per design. The QR code is an empty box keyed `qr`.
 */
import type { CertificateFields, TemplateDesign, TemplateSignature } from './templateDesign.js';
import { fillPlaceholders } from './certificateFields.js';

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

/** The layout's page size in CSS pixels for an orientation (A4 at 96 dpi). */
export function pageSize(orientation: TemplateDesign['orientation']): { width: number; height: number } {
  return orientation === 'portrait' ? { width: 794, height: 1123 } : { width: 1123, height: 794 };
}

/** The fixed words the layout adds (for choosing fonts). */
export const LAYOUT_LABELS = 'Certificate No. Awarded Valid until Scan to verify';

/** Keys of the text boxes whose text comes from the credential. */
type TextKey = 'name' | 'body' | 'number' | 'date' | 'issuer' | 'lead' | 'signer';

/** The laid-out sizes of static texts, by key, from a previous layout of the same design. */
export type StampSizes = ReadonlyMap<string, { width: number; height: number }>;

/** What the layout needs besides the design and fields. */
export interface LayoutInput {
  design: TemplateDesign;
  fields: CertificateFields;
  /** CSS font-family lists, by kind. */
  fonts: { sans: string; serif: string };
  stamps?: StampSizes;
  /** The issuer's image (a sanitised data: URL), shown as the logo when the design has none. */
  issuerImage?: string;
  /** How wide `text` is drawn, in px (the fonts' real advances); without it, an estimate. */
  measure?: TextMeasure;
}

/** The width in layout px of a text in a kind, weight and size. */
export type TextMeasure = (text: string, kind: 'sans' | 'serif', weight: 400 | 700, size: number) => number;

/** A rough width when no fonts are at hand: wide (CJK) characters an em, others 0.6 em. */
const estimate: TextMeasure = (text, _kind, _weight, size) =>
  [...text].reduce(
    (sum, ch) =>
      sum +
      (/[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\u3000-\u303f\uff00-\uffef]/u.test(ch)
        ? 1
        : 0.6),
    0,
  ) * size;

/** The largest size from `max` down to `min` (half px steps) at which `text` fits `width` on one line. */
function fitSize(
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

/** The key of the QR code's (empty) box. */
export const QR_KEY = 'qr';
/** The QR code's size in layout pixels. */
export const QR_SIZE = 112;

type Style = Record<string, string | number>;

function el(
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
function staticText(
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

function img(src: string, style: Style): LayoutElement {
  return { type: 'img', props: { src, style: { objectFit: 'contain', ...style } } };
}

/** `a` blended `share` of the way towards `b` when both are #rrggbb (a plain colour, not opacity: resvg draws opacity through a layer); otherwise `a`. */
function mix(a: string, b: string, share: number): string {
  const rgb = (c: string) =>
    /^#[0-9a-f]{6}$/i.test(c) ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) : undefined;
  const [x, y] = [rgb(a), rgb(b)];
  if (!x || !y) return a;
  return `#${x
    .map((v, i) =>
      Math.round(v + (y[i]! - v) * share)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** The text before the participant's name, the name, and the text after it. */
function splitBody(body: string, fields: CertificateFields): { lead: string; rest: string } {
  const match = /\{\{\s*participantName\s*\}\}/.exec(body);
  if (!match) return { lead: '', rest: fillPlaceholders(body, fields) };
  return {
    lead: fillPlaceholders(body.slice(0, match.index), fields).trim(),
    rest: fillPlaceholders(body.slice(match.index + match[0].length), fields).trim(),
  };
}

/** A name's font size: large, shrinking for long names so it stays on one or two lines. */
function nameSize(name: string, width: number): number {
  const fit = (width * 1.7) / Math.max(1, name.length);
  return Math.max(28, Math.min(54, Math.floor(fit)));
}

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
function border(design: TemplateDesign): { layers: LayoutElement[]; padding: number } {
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

interface Ink {
  colour: string;
  muted: string;
  fonts: LayoutInput['fonts'];
  stamps: StampSizes | undefined;
}

function signatureBlock(signature: TemplateSignature, i: number, ink: Ink): LayoutElement {
  return el('div', { flexDirection: 'column', alignItems: 'center', width: 200 }, [
    signature.imageDataUrl
      ? img(signature.imageDataUrl, { height: 48, width: 180 })
      : el('div', { height: 48 }),
    el('div', { width: 190, height: 1.5, backgroundColor: ink.colour, marginBottom: 6 }),
    staticText(
      ink.stamps,
      `signature-name-${i}`,
      { fontFamily: ink.fonts.sans, fontSize: 14, fontWeight: 700, color: ink.colour },
      signature.name,
    ),
    staticText(
      ink.stamps,
      `signature-title-${i}`,
      { fontFamily: ink.fonts.sans, fontSize: 12, color: ink.muted },
      signature.title,
    ),
  ]);
}

/** The signer's line when the design has no signatures: the issuer, whose key signed the credential. */
const ISSUER_SIGNATURE = { title: 'Authorised issuer', note: 'Digitally signed credential' };
/** The width of the issuer's signature block (px). */
const ISSUER_BLOCK = 260;

/**
 * The issuer as signer: its name set large in the serif above the line (on one line,
 * shrunk to fit), and under the line what it is. Drawn when a design has no signatures,
 * as the built-in one has none: the issuer is who signed the credential.
 */
function issuerSignature(issuerName: string, ink: Ink, primary: string, measure: TextMeasure): LayoutElement {
  const size = fitSize(issuerName, ISSUER_BLOCK - 10, 24, 11, 'serif', 700, measure);
  return el('div', { flexDirection: 'column', alignItems: 'center', width: ISSUER_BLOCK, flexShrink: 0 }, [
    el(
      'div',
      {
        flexDirection: 'column',
        justifyContent: 'flex-end',
        alignItems: 'center',
        height: 48,
        width: ISSUER_BLOCK,
        paddingBottom: 4,
      },
      [
        el(
          'div',
          {
            fontFamily: ink.fonts.serif,
            fontSize: size,
            fontWeight: 700,
            color: primary,
            whiteSpace: 'nowrap',
            textAlign: 'center',
            justifyContent: 'center',
          },
          issuerName,
          'signer',
        ),
      ],
    ),
    el('div', { width: 210, height: 1.5, backgroundColor: ink.colour, marginBottom: 6 }),
    staticText(
      ink.stamps,
      'signature-name-issuer',
      { fontFamily: ink.fonts.sans, fontSize: 14, fontWeight: 700, color: ink.colour },
      ISSUER_SIGNATURE.title,
    ),
    staticText(
      ink.stamps,
      'signature-title-issuer',
      { fontFamily: ink.fonts.sans, fontSize: 12, color: ink.muted },
      ISSUER_SIGNATURE.note,
    ),
  ]);
}

/** The fixed words of the issuer's signature block (for choosing fonts). */
export const ISSUER_SIGNATURE_LABELS = `${ISSUER_SIGNATURE.title} ${ISSUER_SIGNATURE.note}`;

/** The width of the details column (certificate number and dates). */
const detailsWidth = (portrait: boolean) => (portrait ? 260 : 220);

function detailLine(
  id: string,
  label: string,
  value: string,
  key: TextKey,
  ink: Ink,
  width: number,
  measure: TextMeasure,
): LayoutElement {
  // On one line always: a long value is set smaller rather than wrapped.
  const size = fitSize(value, width - 2, 14, 9, 'sans', 700, measure);
  return el('div', { flexDirection: 'column', marginBottom: 8, width }, [
    staticText(
      ink.stamps,
      `label-${id}`,
      {
        fontFamily: ink.fonts.sans,
        fontSize: 10,
        letterSpacing: 1.5,
        textTransform: 'uppercase',
        color: ink.muted,
      },
      label,
    ),
    el(
      'div',
      {
        fontFamily: ink.fonts.sans,
        fontSize: size,
        fontWeight: 700,
        color: ink.colour,
        whiteSpace: 'nowrap',
        lineHeight: 1.4,
      },
      value,
      key,
    ),
  ]);
}

/** The satori element tree of a certificate. */
export function certificateLayout({
  design,
  fields,
  fonts,
  stamps,
  issuerImage,
  measure = estimate,
}: LayoutInput): LayoutElement {
  const { width, height } = pageSize(design.orientation);
  const portrait = design.orientation === 'portrait';
  const { primary, accent, background, text } = design.colours;
  const muted = mix(text, background, 0.4);
  const ink: Ink = { colour: text, muted, fonts, stamps };
  const { lead, rest } = splitBody(design.body, fields);
  // The lead ("This certifies that") is static unless it uses a placeholder.
  const leadIsStatic = !/\{\{/.test(design.body.split(/\{\{\s*participantName\s*\}\}/)[0] ?? '');
  const leadStyle: Style = {
    fontFamily: fonts.sans,
    fontSize: 18,
    color: text,
    marginBottom: 6,
    textAlign: 'center',
  };
  const contentWidth = width - 160;

  const logo = design.logoDataUrl ?? issuerImage;
  const header = logo
    ? img(logo, { height: 72, width: 260, marginBottom: 22 })
    : el('div', { flexDirection: 'row', alignItems: 'center', gap: 14, marginBottom: 30 }, [
        el('div', { width: 40, height: 2, backgroundColor: accent }),
        el(
          'div',
          {
            fontFamily: fonts.sans,
            fontSize: 16,
            fontWeight: 700,
            letterSpacing: 4,
            textTransform: 'uppercase',
            color: primary,
          },
          fields.issuerName,
          'issuer',
        ),
        el('div', { width: 40, height: 2, backgroundColor: accent }),
      ]);

  const column = detailsWidth(portrait);
  const details = el('div', { flexDirection: 'column', width: column, flexShrink: 0 }, [
    detailLine('number', 'Certificate No.', fields.certificateNumber, 'number', ink, column, measure),
    detailLine('awarded', 'Awarded', fields.completionDate, 'date', ink, column, measure),
    ...(fields.validUntil
      ? [detailLine('valid-until', 'Valid until', fields.validUntil, 'date', ink, column, measure)]
      : []),
  ]);
  const qr = el('div', { flexDirection: 'column', alignItems: 'center', width: 124, flexShrink: 0 }, [
    el('div', { width: QR_SIZE, height: QR_SIZE }, undefined, QR_KEY),
    staticText(
      stamps,
      'caption',
      { fontFamily: fonts.sans, fontSize: 10, color: muted, marginTop: 2, letterSpacing: 0.5 },
      'Scan to verify',
    ),
  ]);
  const signatures = el(
    'div',
    { flexDirection: 'row', justifyContent: 'center', alignItems: 'flex-end', flexGrow: 1, gap: 28 },
    design.signatures.length > 0
      ? design.signatures.map((s, i) => signatureBlock(s, i, ink))
      : [issuerSignature(fields.issuerName, ink, primary, measure)],
  );
  const footer = portrait
    ? el('div', { flexDirection: 'column', width: '100%', gap: 28 }, [
        signatures,
        el(
          'div',
          { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-end', width: '100%' },
          [details, qr],
        ),
      ])
    : el(
        'div',
        { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-end', width: '100%' },
        [details, signatures, qr],
      );

  // Portrait pages have room to spare: the text block sits in the upper third, not the middle.
  const main = el(
    'div',
    {
      flexDirection: 'column',
      alignItems: 'center',
      width: '100%',
      flexGrow: 1,
      justifyContent: portrait ? 'flex-start' : 'center',
      padding: portrait ? '120px 0 0' : '0 0 16px',
    },
    [
      header,
      staticText(
        stamps,
        'title',
        {
          fontFamily: fonts.serif,
          fontSize: portrait ? 34 : 44,
          fontWeight: 700,
          color: primary,
          letterSpacing: 3,
          textTransform: 'uppercase',
          textAlign: 'center',
          justifyContent: 'center',
        },
        design.title,
      ),
      el('div', { width: 120, height: 3, backgroundColor: accent, marginTop: 14, marginBottom: 22 }),
      ...(lead
        ? [leadIsStatic ? staticText(stamps, 'lead', leadStyle, lead) : el('div', leadStyle, lead, 'lead')]
        : []),
      el(
        'div',
        {
          fontFamily: fonts.serif,
          fontSize: nameSize(fields.participantName, contentWidth),
          fontWeight: 700,
          color: text,
          textAlign: 'center',
          justifyContent: 'center',
          maxWidth: contentWidth,
          lineHeight: 1.25,
        },
        fields.participantName,
        'name',
      ),
      el('div', {
        width: Math.min(520, contentWidth),
        height: 1,
        backgroundColor: accent,
        marginTop: 6,
        marginBottom: 16,
      }),
      ...(rest
        ? [
            el(
              'div',
              {
                fontFamily: fonts.sans,
                fontSize: 17,
                color: text,
                textAlign: 'center',
                justifyContent: 'center',
                maxWidth: portrait ? contentWidth : 820,
                lineHeight: 1.55,
              },
              rest,
              'body',
            ),
          ]
        : []),
    ],
  );

  const { layers, padding } = border(design);
  const content = el(
    'div',
    {
      flexDirection: 'column',
      alignItems: 'center',
      justifyContent: 'space-between',
      width: '100%',
      height: '100%',
      padding: portrait ? '10px 10px 2px' : '0 10px',
    },
    [main, footer],
  );
  return el('div', { width, height, backgroundColor: background, padding, position: 'relative' }, [
    ...layers,
    content,
  ]);
}
