/**
 * The banner across a certificate that is not valid: a translucent band along the page's
 * rising diagonal (clear of the QR code in the bottom right corner) with one word in
 * large capitals. Drawn into the SVG before it is rasterised, so the PNG, the PDF and the
 * SVG all carry it. The word's glyphs come from satori (resvg is given no fonts), made
 * once per mark and page size.
 */
import satori, { type SatoriOptions } from 'satori';
import type { CertificateFonts } from './certificateFonts.js';
import type { CertificateMark } from './certificateMark.js';

/** The word each mark shows. */
const MARK_WORDS: Record<CertificateMark, string> = {
  revoked: 'REVOKED',
  suspended: 'SUSPENDED',
  expired: 'EXPIRED',
  replaced: 'REPLACED',
};

/** Band colours: red for withdrawn, amber for paused, slate for lapsed. */
const MARK_COLOURS: Record<CertificateMark, string> = {
  revoked: '#b3261e',
  replaced: '#b3261e',
  suspended: '#b45309',
  expired: '#475467',
};

/** The band's thickness in layout pixels, and how opaque it is (the certificate stays legible beneath). */
const BAND_HEIGHT = 128;
const BAND_OPACITY = 0.86;

/**
 * SVG markup of the banner for a page of `page` layout pixels: a group rotated about the
 * page's centre. fill-opacity on one rectangle blends without the full-page layer that a
 * group opacity would cost resvg.
 */
export async function markBanner(
  mark: CertificateMark,
  page: { width: number; height: number },
  fonts: CertificateFonts,
): Promise<string> {
  const word = MARK_WORDS[mark];
  const length = Math.ceil(Math.hypot(page.width, page.height));
  const angle = -(Math.atan2(page.height, page.width) * 180) / Math.PI;
  const chosen = fonts.forText(word);
  const text = await satori(
    {
      type: 'div',
      props: {
        style: {
          display: 'flex',
          width: length,
          height: BAND_HEIGHT,
          alignItems: 'center',
          justifyContent: 'center',
          fontFamily: chosen.family('sans'),
          fontSize: 76,
          fontWeight: 700,
          letterSpacing: 16,
          color: '#ffffff',
        },
        children: word,
      },
    } as Parameters<typeof satori>[0],
    { width: length, height: BAND_HEIGHT, fonts: chosen.satori as SatoriOptions['fonts'] },
  );
  const [x, y] = [-length / 2, -BAND_HEIGHT / 2];
  return (
    `<g transform="translate(${page.width / 2} ${page.height / 2}) rotate(${angle.toFixed(3)})">` +
    `<rect x="${x}" y="${y}" width="${length}" height="${BAND_HEIGHT}" fill="${MARK_COLOURS[mark]}" fill-opacity="${BAND_OPACITY}"/>` +
    `<rect x="${x}" y="${y + 6}" width="${length}" height="3" fill="#ffffff"/>` +
    `<rect x="${x}" y="${-y - 9}" width="${length}" height="3" fill="#ffffff"/>` +
    `<g transform="translate(${x} ${y})">${text}</g></g>`
  );
}
