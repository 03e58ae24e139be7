/**
 * The certificate renderer over a credential issued and signed by the platform: the PNG's
 * exact size per orientation and a QR code that decodes to the public verification page,
 * a name with diaereses drawn from real glyphs (no fallback asked for), the A4 PDF with
 * its selectable text, and designs whose colours or images try to be more than that.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import satori from 'satori';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { decodePng, pdfFontNames, pdfPageSizes, pdfShownText, readQr } from './renderFixtures.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { loadCertificateFonts, type CertificateFonts } from '../../src/rendering/certificateFonts.js';
import { createCertificateRenderer } from '../../src/rendering/renderCertificate.js';
import { certificateFields, fillPlaceholders } from '../../src/rendering/certificateFields.js';
import { certificateLayout, pageSize } from '../../src/rendering/certificateLayout.js';
import { sanitiseDesign } from '../../src/rendering/designSafety.js';
import { DEFAULT_DESIGN, type TemplateDesign } from '../../src/rendering/templateDesign.js';

const NAME = 'Zoë Ngcobo-Müller';

let t: TestApp;
let credential: Record<string, any>;
let certificateNumber: string;
let fonts: CertificateFonts;

beforeAll(async () => {
  t = await createTestApp();
  const { record } = await issueCredential(t.deps.issue, openBadgeRequest());
  credential = record.credential!;
  certificateNumber = record.certificateNumber;
  fonts = loadCertificateFonts();
});
afterAll(async () => {
  await t.close();
});

const verifyUrl = () => `${t.deps.config.publicUrl}/c/${encodeURIComponent(credential.id)}`;

describe('PNG', () => {
  it('is A4 at 192 dpi landscape, and its QR code decodes to the public verification page', async () => {
    const png = decodePng(await t.deps.rendering.renderer.png(credential));
    expect([png.width, png.height]).toEqual([2246, 1588]);
    expect(readQr(png)).toBe(verifyUrl());
    expect(verifyUrl()).toMatch(/^http:\/\/localhost:3000\/c\/urn%3Auuid%3A[0-9a-f-]{36}$/);
  });

  it('is 1588 x 2246 in portrait, with the QR code still readable', async () => {
    const png = decodePng(
      await t.deps.rendering.renderer.png(credential, {
        ...DEFAULT_DESIGN,
        orientation: 'portrait',
        border: 'ornate',
      }),
    );
    expect([png.width, png.height]).toEqual([1588, 2246]);
    expect(readQr(png)).toBe(verifyUrl());
  });

  it('shows the fields of the signed credential', () => {
    const fields = certificateFields(credential, t.deps.config.publicUrl);
    expect(fields).toMatchObject({
      participantName: NAME,
      courseName: 'Web Development 101',
      courseDescription: 'Introductory web development: HTML, CSS and accessible pages.',
      certificateNumber,
      issuerName: t.deps.config.issuerName,
      verifyUrl: verifyUrl(),
    });
    expect(fields.completionDate).toMatch(
      /^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/,
    );
    expect(certificateFields({ validFrom: '2026-11-24T23:30:00Z' }, 'https://x.example').completionDate).toBe(
      '24 November 2026',
    );
  });
});

describe(`the name "${NAME}"`, () => {
  type Asked = string[];
  const draw = (text: string, asked: Asked, fontList = fonts.satori) =>
    satori(
      {
        type: 'div',
        props: {
          style: { display: 'flex', fontFamily: fonts.family('serif'), fontWeight: 700, fontSize: 54 },
          children: text,
        },
      } as never,
      {
        width: 900,
        height: 100,
        fonts: fontList,
        loadAdditionalAsset: async (_code: string, segment: string) => {
          asked.push(segment);
          return [];
        },
      },
    );
  /** Subpaths (contours) of every path satori drew. */
  const contours = (svg: string) =>
    [...svg.matchAll(/ d="([^"]*)"/g)].reduce((n, m) => n + (m[1]!.match(/M/g)?.length ?? 0), 0);

  it('is covered by the loaded fonts: U+00EB and U+00FC are in the Noto latin subset files', () => {
    expect(fonts.missing(NAME, 'serif')).toEqual([]);
    expect(fonts.missing(NAME, 'sans')).toEqual([]);
    for (const kind of ['serif', 'sans'] as const) {
      const latin = fonts.pdf.find((f) => f.kind === kind && f.name.endsWith('-latin') && f.weight === 700)!;
      expect(latin.has(0xeb) && latin.has(0xfc)).toBe(true);
    }
    expect(fonts.missing('Ωμέγα Дмитрий Łukasz', 'serif')).toEqual([]);
    expect(fonts.missing('名前', 'serif')).toEqual([]);
    expect(fonts.missing('\u{10FFFD}', 'serif')).toEqual(['\u{10FFFD}']);
  });

  it('is drawn from real glyphs: no fallback asked for, and each diaeresis adds its two dots', async () => {
    const asked: Asked = [];
    expect(contours(await draw('Zoë', asked))).toBe(contours(await draw('Zoe', asked)) + 2);
    expect(contours(await draw('Müller', asked))).toBe(contours(await draw('Muller', asked)) + 2);
    expect(contours(await draw(NAME, asked))).toBeGreaterThan(20);
    expect(asked).toEqual([]);
    // The check can fail: without the latin subsets satori asks for the missing glyphs.
    await draw(
      'Zoë',
      asked,
      fonts.satori.filter((f) => f.name.includes('greek')),
    );
    expect(asked).toEqual(['Zoë']);
  });

  it('lays out the whole certificate without asking for a single missing glyph', async () => {
    const fields = certificateFields(credential, t.deps.config.publicUrl);
    const asked: string[] = [];
    const element = certificateLayout({
      design: DEFAULT_DESIGN,
      fields,
      fonts: { sans: fonts.family('sans'), serif: fonts.family('serif') },
    });
    const svg = await satori(element as never, {
      ...pageSize('landscape'),
      fonts: fonts.satori,
      loadAdditionalAsset: async (_code: string, segment: string) => {
        asked.push(segment);
        return [];
      },
    });
    expect(asked).toEqual([]);
    expect(svg).not.toContain('<text');
    expect(svg).toMatch(/<path[^>]* d="M/);
  });
});

describe('PDF', () => {
  it('is one A4 landscape page whose text layer carries the title, name and certificate number', async () => {
    const pdf = await t.deps.rendering.renderer.pdf(credential);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const [size, ...more] = await pdfPageSizes(pdf);
    expect(more).toEqual([]);
    expect(Math.round(size!.width)).toBe(842);
    expect(Math.round(size!.height)).toBe(595);
    const text = await pdfShownText(pdf);
    expect(text).toContain(certificateNumber);
    expect(text).toContain(NAME);
    expect(text).toContain('CERTIFICATE OF COMPLETION');
    expect(text.join(' ')).toContain('Web Development 101');
  });

  it('is A4 portrait for a portrait design, and sets Greek and Cyrillic names too', async () => {
    const other = structuredClone(credential);
    other.credentialSubject.name = 'Ωμέγα Дмитрий';
    const pdf = await t.deps.rendering.renderer.pdf(other, { ...DEFAULT_DESIGN, orientation: 'portrait' });
    const [size] = await pdfPageSizes(pdf);
    expect([Math.round(size!.width), Math.round(size!.height)]).toEqual([595, 842]);
    // Outside WinAnsi: set in embedded Noto subsets (glyph ids, not Latin-1 text).
    const fontNames = await pdfFontNames(pdf);
    expect(fontNames.some((n) => n.endsWith('NotoSerif-greek'))).toBe(true);
    expect(fontNames.some((n) => n.endsWith('NotoSerif-cyrillic'))).toBe(true);
    expect(fontNames).toContain('Helvetica');
  });
});

describe('static texts laid out once per design (stamps)', () => {
  const portrait: TemplateDesign = {
    ...DEFAULT_DESIGN,
    orientation: 'portrait',
    border: 'ornate',
    signatures: [
      { name: 'Thandi Mokoena', title: 'Programme Director' },
      { name: 'Neil Botha', title: 'Chief Executive' },
    ],
  };

  const ref = { templateId: 'portrait-ornate', version: 1 };

  it.each([
    ['the default design', DEFAULT_DESIGN, undefined],
    ['a template version: portrait with two signatures', portrait, ref],
  ])(
    'draw %s as laying every text out each time does (up to anti-aliasing)',
    async (_name, design, templateRef) => {
      const plain = createCertificateRenderer({ fonts, publicUrl: t.deps.config.publicUrl, stamps: false });
      const renderer = t.deps.rendering.renderer;
      const svg = await renderer.svg(credential, design, templateRef);
      // Title, lead, two labels, caption and each signature's name and title are stamps (the
      // issuer's block, drawn when a design has no signatures, has two static lines too).
      expect(svg.match(/<g transform="translate\([\d. -]+\)">/g)?.length).toBe(
        5 + 2 * Math.max(1, design.signatures.length),
      );
      const other = structuredClone(credential);
      other.credentialSubject.name = 'Łukasz Ωμέγα-Дмитрий';
      for (const subject of [credential, other]) {
        const stamped = decodePng(await renderer.png(subject, design, templateRef));
        const laidOut = decodePng(await plain.png(subject, design));
        expect([stamped.width, stamped.height]).toEqual([laidOut.width, laidOut.height]);
        let differing = 0;
        for (let i = 0; i < stamped.data.length; i++)
          if (Math.abs(stamped.data[i]! - laidOut.data[i]!) > 2) differing++;
        expect(differing / stamped.data.length).toBeLessThan(0.0005);
        expect(readQr(stamped)).toBe(verifyUrl());
      }
      const words = async (pdf: Uint8Array) => (await pdfShownText(pdf)).join(' ').split(/\s+/).sort();
      expect(await words(await renderer.pdf(credential, design, templateRef))).toEqual(
        await words(await plain.pdf(credential, design)),
      );
    },
  );

  it('are not made for a draft (a design without a template version), which is laid out in full', async () => {
    const draft = { ...portrait, title: 'Draft title' };
    const svg = await t.deps.rendering.renderer.svg(credential, draft);
    expect(svg).not.toMatch(/<g transform="translate\([\d. -]+\)">/);
    expect(readQr(decodePng(await t.deps.rendering.renderer.png(credential, draft)))).toBe(verifyUrl());
  });
});

describe('designs are data, never code or fetches', () => {
  it('keeps only CSS colours and inline images', () => {
    const hostile = {
      ...DEFAULT_DESIGN,
      logoDataUrl: 'https://attacker.example/logo.png',
      colours: {
        primary: 'red" onload="alert(1)',
        accent: 'url(https://attacker.example/x)',
        background: '#fff',
        text: 'rgb(10, 20, 30)',
      },
      signatures: [{ name: 'A', title: 'B', imageDataUrl: 'file:///etc/passwd' }],
      border: 'evil' as TemplateDesign['border'],
    };
    const safe = sanitiseDesign(hostile);
    expect(safe.logoDataUrl).toBeUndefined();
    expect(safe.signatures[0]!.imageDataUrl).toBeUndefined();
    expect(safe.colours).toEqual({
      primary: DEFAULT_DESIGN.colours.primary,
      accent: DEFAULT_DESIGN.colours.accent,
      background: '#fff',
      text: 'rgb(10, 20, 30)',
    });
    expect(safe.border).toBe('double');
  });

  it('fills placeholders with text and evaluates nothing', () => {
    const fields = certificateFields(credential, t.deps.config.publicUrl);
    expect(
      fillPlaceholders(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${1+1} checks that templates are not evaluated
        '{{participantName}} {{ courseName }} {{constructor}} {{__proto__}} ${1+1} {{toString}}',
        fields,
      ),
    ).toBe(`${NAME} Web Development 101 {{constructor}} {{__proto__}} \${1+1} {{toString}}`);
    expect(fillPlaceholders('completed {{courseDescription}}. Awarded', fields)).toBe(
      'completed Introductory web development: HTML, CSS and accessible pages. Awarded',
    );
    expect(
      fillPlaceholders('completed {{courseName}}: {{courseDescription}}.', {
        ...fields,
        courseDescription: '',
      }),
    ).toBe('completed Web Development 101.');
  });

  it('renders a design with a remote logo without fetching anything, placeholders filled as text', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const design = {
        ...DEFAULT_DESIGN,
        logoDataUrl: 'https://attacker.example/logo.png',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${1+1} checks that templates are not evaluated
        body: '{{participantName}} {{constructor}} {{__proto__}} ${1+1} {{courseName}}.',
      };
      const svg = await t.deps.rendering.renderer.svg(credential, design);
      expect(svg).not.toContain('attacker.example');
      const png = decodePng(await t.deps.rendering.renderer.png(credential, design));
      expect(png.width).toBe(2246);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });
});
