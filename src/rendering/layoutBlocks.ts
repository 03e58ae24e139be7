/**
 * The certificate's smaller blocks: a signature from the design, the issuer as signer when
 * the design has none, and a labelled detail line (certificate number, dates).
 */
import type { TemplateSignature } from './templateDesign.js';
import {
  type Ink,
  type LayoutElement,
  type TextKey,
  type TextMeasure,
  el,
  fitSize,
  img,
  staticText,
} from './layoutElements.js';

export function signatureBlock(signature: TemplateSignature, i: number, ink: Ink): LayoutElement {
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
export function issuerSignature(
  issuerName: string,
  ink: Ink,
  primary: string,
  measure: TextMeasure,
): LayoutElement {
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
export const detailsWidth = (portrait: boolean) => (portrait ? 260 : 220);

export function detailLine(
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
