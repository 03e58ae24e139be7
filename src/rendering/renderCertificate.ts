/**
 * The certificate renderer: a signed credential and a design in, a picture out. satori
 * lays the page out as SVG (text as glyph paths, so the output needs no fonts), resvg
 * rasterises it, our encoder writes the PNG, and pdf-lib wraps the picture in an A4 PDF
 * with a selectable text layer. Built once with its fonts (createDeps); nothing in it is
 * per-request state, and a render is never the only copy of anything: it is regenerated
 * from the signed credential on demand.
 *
 * Speed (bench/renderBench.ts, target >= 20 PNG/s on one core): the page is laid out
 * at A4 in CSS pixels (1123 x 794) and rasterised at twice that (192 dpi, stated in the
 * PNG's pHYs chunk) for the PNG. satori gets
 * only the font subsets the text needs, and the design's own texts are laid out once per
 * design (textStamps.ts); the QR code is drawn in place, not embedded as an image;
 * borders are plain rectangles (a clipped stroke costs resvg a full-page layer); resvg
 * loads no system fonts; our PNG encoder replaces resvg's slower one. The PDF
 * rasterises the same SVG at 300 dpi for print. Text in any script comes out as glyph
 * paths: satori shapes with HarfBuzz (Arabic joining, Indic conjuncts) and orders
 * right-to-left words, given the script's font (certificateFonts.ts).
 */
import satori, { type SatoriOptions } from 'satori';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import type { CertificateFonts, FontSelection } from './certificateFonts.js';
import { certificateFields, issuerImageOf } from './certificateFields.js';
import { LAYOUT_LABELS, QR_KEY, QR_SIZE, certificateLayout, pageSize } from './certificateLayout.js';
import { ISSUER_SIGNATURE_LABELS } from './layoutBlocks.js';
import type { TextMeasure } from './layoutElements.js';
import { sanitiseDesign } from './designSafety.js';
import { encodePng, pdfImageRows } from './pngEncode.js';
import { certificatePdf, measure as measureRuns } from './certificatePdf.js';
import { qrGroup, qrShapes } from './qrCode.js';
import { markBanner } from './markBanner.js';
import type { CertificateMark, RenderFacts } from './certificateMark.js';
import {
  DEFAULT_DESIGN,
  type CertificateFields,
  type TemplateDesign,
  type TemplateRef,
} from './templateDesign.js';
import { textBoxCollector, type TextBox } from './textBoxes.js';
import { applyStamps, makeStamps, type StampSet } from './textStamps.js';

type Json = Record<string, unknown>;

/** How resvg runs: `async` on the libuv threadpool (the event loop stays free), `sync` on the caller's thread. */
export type RasterMode = 'async' | 'sync';

/** Settings of a renderer. */
export interface CertificateRendererOptions {
  fonts: CertificateFonts;
  /** The public base URL; the QR code points at `${publicUrl}/v/<token>` (certificateFields.ts). */
  publicUrl: string;
  /** Output pixels per layout pixel for the PNG (1 = A4 at 96 dpi: 1123 x 794; default PNG_SCALE). */
  pngScale?: number;
  /** Output pixels per layout pixel for the PDF's picture (default PDF_SCALE). */
  pdfScale?: number;
  rasterMode?: RasterMode;
  /** Lay static texts out once per design (textStamps.ts); off only to compare. */
  stamps?: boolean;
  /** Told of each text satori found no glyph for (drawn as empty boxes); tests assert it is never called. */
  onMissingGlyphs?: (text: string) => void;
}

/**
 * Renders certificates; every method takes the signed credential, optionally a design, and
 * for a stored certificate its facts: the verification token the QR code leads to and the
 * mark (revoked, suspended, ...) drawn across it. Without facts (a template preview) the
 * QR code leads to the credential's public page and nothing is marked.
 */
export interface CertificateRenderer {
  /** A PNG picture (not baked; see baking.ts). */
  png(
    credential: Json,
    design?: TemplateDesign,
    templateRef?: TemplateRef,
    facts?: RenderFacts,
  ): Promise<Uint8Array>;
  /** An A4 PDF with the picture, an invisible selectable text layer and the credential attached (credential.json). */
  pdf(
    credential: Json,
    design?: TemplateDesign,
    templateRef?: TemplateRef,
    facts?: RenderFacts,
  ): Promise<Uint8Array>;
  /** The SVG document satori made (text as paths; images inline). */
  svg(
    credential: Json,
    design?: TemplateDesign,
    templateRef?: TemplateRef,
    facts?: RenderFacts,
  ): Promise<string>;
  /** The fields a render shows, for callers that name files or set metadata. */
  fields(credential: Json): CertificateFields;
}

/** A laid-out certificate. */
interface Composed {
  svg: string;
  boxes: TextBox[];
  fields: CertificateFields;
  layout: { width: number; height: number };
  /** The fonts of its text (the PDF text layer sets it in them). */
  chosen: FontSelection;
}

/** The texts of the design alone (its stamps need only their fonts). */
function staticTextOf(design: TemplateDesign): string {
  return [
    design.title,
    design.body,
    ...design.signatures.flatMap((s) => [s.name, s.title]),
    LAYOUT_LABELS,
    ISSUER_SIGNATURE_LABELS,
  ].join('\n');
}

/** Every text a certificate may show (and its upper case: "ÿ" becomes "Ÿ", from another subset). */
function textOf(design: TemplateDesign, fields: CertificateFields): string {
  const text = [staticTextOf(design), ...Object.values(fields)].join('\n');
  return text + text.toUpperCase();
}

/** Text widths from a selection's fonts (fontkit advances with kerning, as satori draws them). */
function measurer(chosen: FontSelection): TextMeasure {
  const lists = new Map<string, ReturnType<FontSelection['pdf']['filter']>>();
  return (text, kind, weight, size) => {
    const key = `${kind}:${weight}`;
    let fonts = lists.get(key);
    if (!fonts) lists.set(key, (fonts = chosen.pdf.filter((f) => f.kind === kind && f.weight === weight)));
    return measureRuns(text, fonts, size, 0);
  };
}

/** Sanitised designs by template version (versions are immutable), a few kept. */
const DESIGN_MEMO_SIZE = 32;
/** Stamp sets kept (one per design and font selection). */
const STAMP_SETS = 32;

/** What the static texts' stamps depend on: the design (less its images) and the fonts. */
function stampKey(design: TemplateDesign, chosen: FontSelection): string {
  const { title, body, signatures, colours, orientation, border } = design;
  return JSON.stringify([
    title,
    body,
    signatures.map((s) => [s.name, s.title, Boolean(s.imageDataUrl)]),
    colours,
    orientation,
    border,
    Boolean(design.logoDataUrl),
    chosen.subsets,
  ]);
}

/** The layout's resolution: A4 at 96 CSS px per inch. */
const LAYOUT_DPI = 96;
/** The PNG's scale: 2 = 192 dpi (2246 x 1588 landscape), sharp on screens and fine for office printers. */
const PNG_SCALE = 2;
/** The PDF picture's scale: 300 dpi, print quality. */
const PDF_SCALE = 300 / LAYOUT_DPI;

/** Creates a renderer over fonts loaded once (loadCertificateFonts). */
export function createCertificateRenderer(options: CertificateRendererOptions): CertificateRenderer {
  const {
    fonts,
    publicUrl,
    pngScale = PNG_SCALE,
    pdfScale = PDF_SCALE,
    rasterMode = 'async',
    stamps: useStamps = true,
    onMissingGlyphs,
  } = options;
  const memo = new Map<string, TemplateDesign>();
  const stampSets = new Map<string, Promise<StampSet>>();
  // At most four marks times two page sizes.
  const banners = new Map<string, Promise<string>>();

  function bannerFor(mark: CertificateMark, page: { width: number; height: number }): Promise<string> {
    const key = `${mark}:${page.width}x${page.height}`;
    let banner = banners.get(key);
    if (!banner) {
      banners.set(key, (banner = markBanner(mark, page, fonts)));
      banner.catch(() => banners.delete(key));
    }
    return banner;
  }

  function designOf(design: TemplateDesign, ref: TemplateRef | undefined): TemplateDesign {
    if (!ref) return sanitiseDesign(design);
    const key = `${ref.templateId}@${ref.version}`;
    let safe = memo.get(key);
    if (!safe) {
      safe = sanitiseDesign(design);
      if (memo.size >= DESIGN_MEMO_SIZE) memo.delete(memo.keys().next().value!);
      memo.set(key, safe);
    }
    return safe;
  }

  /**
   * The stamps for a design that will be drawn again: the built-in one or a template
   * version. A draft previewed once (no ref) is laid out in full: making stamps would cost
   * more than it saves, and would push useful stamp sets out of the memo.
   */
  async function stampsFor(
    design: TemplateDesign,
    fields: CertificateFields,
    frame: { width: number; height: number },
    issuerImage: string | undefined,
  ): Promise<StampSet | undefined> {
    if (!useStamps) return undefined;
    // The static texts' own fonts: a name in another script does not make another stamp set.
    const chosen = fonts.forText(staticTextOf(design) + staticTextOf(design).toUpperCase());
    const key = stampKey(design, chosen) + (issuerImage ? ':logo' : '');
    let set = stampSets.get(key);
    if (!set) {
      const families = { sans: chosen.family('sans'), serif: chosen.family('serif') };
      const element = certificateLayout({
        design,
        fields,
        fonts: families,
        measure: measurer(chosen),
        ...(issuerImage ? { issuerImage } : {}),
      });
      set = makeStamps(element, { ...frame, fonts: chosen.satori as SatoriOptions['fonts'] });
      if (stampSets.size >= STAMP_SETS) stampSets.delete(stampSets.keys().next().value!);
      stampSets.set(key, set);
      set.catch(() => stampSets.delete(key));
    }
    return set;
  }

  async function compose(
    credential: Json,
    design: TemplateDesign,
    ref: TemplateRef | undefined,
    facts: RenderFacts | undefined,
  ): Promise<Composed> {
    const safe = designOf(design, ref);
    const fields = certificateFields(credential, publicUrl, facts?.verificationToken);
    const layout = pageSize(safe.orientation);
    const chosen = fonts.forText(textOf(safe, fields));
    const families = { sans: chosen.family('sans'), serif: chosen.family('serif') };
    const issuerImage = safe.logoDataUrl ? undefined : issuerImageOf(credential);
    const stamps =
      ref || design === DEFAULT_DESIGN ? await stampsFor(safe, fields, layout, issuerImage) : undefined;
    const element = certificateLayout({
      design: safe,
      fields,
      fonts: families,
      measure: measurer(chosen),
      ...(issuerImage ? { issuerImage } : {}),
      ...(stamps ? { stamps: stamps.sizes } : {}),
    });
    const collector = textBoxCollector(stamps?.boxes);
    const laidOut = await satori(element as Parameters<typeof satori>[0], {
      ...layout,
      fonts: chosen.satori as SatoriOptions['fonts'],
      onNodeDetected: collector.collect,
      ...(onMissingGlyphs
        ? {
            loadAdditionalAsset: async (_code: string, segment: string) => {
              onMissingGlyphs(segment);
              return [];
            },
          }
        : {}),
    });
    const qrAt = collector.placements.find((p) => p.key === QR_KEY);
    const qr = qrAt ? qrGroup(qrShapes(fields.verifyUrl), qrAt.left, qrAt.top, QR_SIZE) : '';
    const stamped = stamps ? applyStamps(laidOut, collector.placements, stamps) : laidOut;
    const banner = facts?.mark ? await bannerFor(facts.mark, layout) : '';
    const end = stamped.lastIndexOf('</svg>');
    const svg = stamped.slice(0, end) + qr + banner + stamped.slice(end);
    return { svg, boxes: collector.boxes, fields, layout, chosen };
  }

  async function rasterise(
    svg: string,
    scale: number,
  ): Promise<{ pixels: Uint8Array; width: number; height: number }> {
    const settings: ResvgRenderOptions = {
      fitTo: { mode: 'zoom', value: scale },
      font: { loadSystemFonts: false },
      background: '#ffffff',
    };
    const image =
      rasterMode === 'async' ? await renderAsync(svg, settings) : new Resvg(svg, settings).render();
    return { pixels: image.pixels, width: image.width, height: image.height };
  }

  return {
    fields: (credential) => certificateFields(credential, publicUrl),
    async svg(credential, design = DEFAULT_DESIGN, ref, facts) {
      return (await compose(credential, design, ref, facts)).svg;
    },
    async png(credential, design = DEFAULT_DESIGN, ref, facts) {
      const { svg } = await compose(credential, design, ref, facts);
      const { pixels, width, height } = await rasterise(svg, pngScale);
      return encodePng(pixels, width, height, { dpi: LAYOUT_DPI * pngScale });
    },
    async pdf(credential, design = DEFAULT_DESIGN, ref, facts) {
      const { svg, boxes, fields, layout, chosen } = await compose(credential, design, ref, facts);
      const { pixels, width, height } = await rasterise(svg, pdfScale);
      const rows = await pdfImageRows(pixels, width, height);
      const validFrom = typeof credential.validFrom === 'string' ? new Date(credential.validFrom) : undefined;
      return certificatePdf({
        image: { rows, width, height },
        layout,
        boxes,
        fonts: chosen.pdf,
        credential: new TextEncoder().encode(JSON.stringify(credential, null, 2)),
        info: {
          title: `${design.title}: ${fields.participantName}`,
          subject: `${fields.courseName}, certificate ${fields.certificateNumber}. Verify at ${fields.verifyUrl}`,
          author: fields.issuerName,
          keywords: [fields.certificateNumber, fields.courseName, 'Open Badges 3.0', 'Verifiable Credential'],
          ...(validFrom && !Number.isNaN(validFrom.getTime()) ? { creationDate: validFrom } : {}),
        },
      });
    },
  };
}
