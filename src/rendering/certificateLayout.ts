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
import type { CertificateFields, TemplateDesign } from './templateDesign.js';
import { fillPlaceholders } from './certificateFields.js';
import { border } from './layoutBorders.js';
import { detailLine, detailsWidth, issuerSignature, signatureBlock } from './layoutBlocks.js';
import {
  type Ink,
  type LayoutElement,
  type StampSizes,
  type Style,
  type TextMeasure,
  el,
  estimate,
  img,
  staticText,
} from './layoutElements.js';

/** The layout's page size in CSS pixels for an orientation (A4 at 96 dpi). */
export function pageSize(orientation: TemplateDesign['orientation']): { width: number; height: number } {
  return orientation === 'portrait' ? { width: 794, height: 1123 } : { width: 1123, height: 794 };
}

/** The fixed words the layout adds (for choosing fonts). */
export const LAYOUT_LABELS = 'Certificate No. Awarded Valid until Scan to verify';

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

/** The key of the QR code's (empty) box. */
export const QR_KEY = 'qr';
/** The QR code's size in layout pixels. */
export const QR_SIZE = 112;

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
