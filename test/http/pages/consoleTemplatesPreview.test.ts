/**
 * Template previews: a saved version and the live preview of unsaved form fields come
 * back as PNGs (decoded with pngjs) whose size follows the orientation; the live preview
 * validates the fields exactly like saving (400 naming the field), caps its parameter
 * (413), keeps the saved images of the version it is based on, and is never cached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import {
  createTemplateAs,
  designForm,
  pngBytes,
  pngSize,
  postMultipart,
  previewQuery,
} from './consoleTemplateFixtures.js';
import { MAX_PREVIEW_PARAM } from '../../../src/templates/preview.js';

let t: TestApp;
let staff: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  staff = await signIn(t, 'staff');
});
afterAll(async () => {
  await t.close();
});

/** GETs an image as an <img> or the preview script would (problem+json on errors). */
function image(path: string, who: SignedIn = staff): Promise<Response> {
  return Promise.resolve(
    t.app.request(path, { headers: { cookie: who.cookie, accept: 'image/png, application/problem+json' } }),
  );
}

const isLandscape = ({ width, height }: { width: number; height: number }) => width > height;

async function problem(res: Response): Promise<{ detail: string; code: string }> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as { detail: string; code: string };
}

describe('a saved version', () => {
  it('renders as a PNG whose size matches its orientation, and is not cached', async () => {
    const id = await createTemplateAs(t, staff, 'Landscape one');
    const landscape = await image(`/admin/templates/${id}/versions/1/preview.png`);
    expect(landscape.headers.get('cache-control')).toBe('no-store');
    const wide = await pngSize(landscape);
    expect(isLandscape(wide)).toBe(true);

    const portraitId = await createTemplateAs(t, staff, 'Portrait one', { orientation: 'portrait' });
    const tall = await pngSize(await image(`/admin/templates/${portraitId}/versions/1/preview.png`));
    expect(isLandscape(tall)).toBe(false);
    expect(tall).toEqual({ width: wide.height, height: wide.width });
  });

  it('follows edits to a draft (the draft is not cached by template version)', async () => {
    const id = await createTemplateAs(t, staff, 'Turns portrait');
    expect(isLandscape(await pngSize(await image(`/admin/templates/${id}/versions/1/preview.png`)))).toBe(
      true,
    );
    await postMultipart(t, `/admin/templates/${id}`, staff, designForm({ orientation: 'portrait' }));
    expect(isLandscape(await pngSize(await image(`/admin/templates/${id}/versions/1/preview.png`)))).toBe(
      false,
    );
  });
});

describe('the live preview', () => {
  const live = (design: string, base?: string) =>
    image(`/admin/templates/preview.png?design=${design}${base ? `&base=${base}` : ''}`);

  it('renders unsaved form fields in either orientation', async () => {
    expect(isLandscape(await pngSize(await live(previewQuery(designForm()))))).toBe(true);
    expect(
      isLandscape(await pngSize(await live(previewQuery(designForm({ orientation: 'portrait' }))))),
    ).toBe(false);
  });

  it('keeps the images of the version it is based on, unless the form removes them', async () => {
    const id = await createTemplateAs(
      t,
      staff,
      'Preview images',
      {},
      { logo: { bytes: pngBytes(40, 40), name: 'logo.png', type: 'image/png' } },
    );
    const withLogo = Buffer.from(await (await live(previewQuery(designForm()), `${id}:1`)).arrayBuffer());
    const removed = Buffer.from(
      await (await live(previewQuery(designForm({}, { logo_remove: '1' })), `${id}:1`)).arrayBuffer(),
    );
    const plain = Buffer.from(await (await live(previewQuery(designForm()))).arrayBuffer());
    expect(withLogo.equals(plain)).toBe(false);
    expect(removed.equals(plain)).toBe(true);
  });

  it('refuses a bad design with a 400 naming the field', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        designForm({ body: 'Well done {{ participant }}' }),
        /Body \(body\): unknown placeholder \{\{ participant \}\}/,
      ],
      [
        designForm({ body: 'Well done {{participantName}' }),
        /Body \(body\): "\{\{" and "\}\}" must come in pairs/,
      ],
      [designForm({ title: 'x'.repeat(121) }), /Title \(title\): the title may be at most 120 characters/],
      [designForm({ body: 'y'.repeat(1001) }), /Body \(body\): the body may be at most 1000 characters/],
      [
        designForm({}, { colour_text: '#12345' }),
        /Text colour \(colours.text\): use a colour written as #rrggbb/,
      ],
      [
        designForm({}, { orientation: 'diagonal' }),
        /Orientation \(orientation\): choose landscape or portrait/,
      ],
      [designForm({}, { border: 'wavy' }), /Border \(border\): choose none, simple, double or ornate/],
      [designForm({}, { signature2_title: 'Dean' }), /Signature 2 name \(signature2_name\)/],
    ];
    for (const [fields, message] of cases) {
      const res = await live(previewQuery(fields));
      expect(res.status, String(message)).toBe(400);
      expect((await problem(res)).detail).toMatch(message);
    }
  });

  it('refuses malformed parameters with a 400 and an oversized one with a 413', async () => {
    expect((await live('not*base64')).status).toBe(400);
    expect((await live(Buffer.from('not json').toString('base64url'))).status).toBe(400);
    expect((await live(previewQuery(['a']))).status).toBe(400);
    const unknown = await live(previewQuery({ ...designForm(), logoDataUrl: 'data:image/png;base64,AAAA' }));
    expect(unknown.status).toBe(400);
    expect((await problem(unknown)).detail).toMatch(/unknown form field logoDataUrl/);
    expect((await live(previewQuery({ ...designForm(), title: 5 }))).status).toBe(400);
    expect((await image('/admin/templates/preview.png')).status).toBe(400);
    expect((await live(previewQuery(designForm()), 'not a ref')).status).toBe(400);
    expect((await live(previewQuery(designForm()), 'no-such-template:1')).status).toBe(404);

    const oversized = await live('A'.repeat(MAX_PREVIEW_PARAM + 1));
    expect(oversized.status).toBe(413);
    expect((await problem(oversized)).code).toBe('payload_too_large');
  });
});
