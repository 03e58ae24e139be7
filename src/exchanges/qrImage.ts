/**
 * A QR code as an inline image: the `qrcode` package draws an SVG on the server, which
 * the page embeds as a data: URI (the CSP allows img-src data:), so a phone's camera can
 * open a wallet link shown on a desktop screen. No script, no request for the image.
 */
import QRCode from 'qrcode';

/** The SVG QR code of `text` as a `data:image/svg+xml;base64,...` URI. */
export async function qrDataUri(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
