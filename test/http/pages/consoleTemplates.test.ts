/**
 * Certificate templates in the console: creating one makes version 1 (a draft); editing
 * a draft updates that version in place; locking it makes the next edit version 2 while
 * version 1 stays byte-for-byte as it was; uploads become data: URLs (real type sniffed,
 * size capped), images are kept or removed; every change is audited; every control is
 * labelled and the page loads the preview script, never an inline one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { auditAbout, expectLabelled, expectRedirect, get } from './consoleFixtures.js';
import {
  createTemplateAs,
  designForm,
  pngBytes,
  postMultipart,
  svgBytes,
} from './consoleTemplateFixtures.js';
import { MAX_IMAGE_FILE_BYTES } from '../../../src/templates/imageUpload.js';

let t: TestApp;
let admin: SignedIn;
let staff: SignedIn;

beforeAll(async () => {
  // Room for an image at the per-image limit in one form.
  t = await createTestApp({ env: { MAX_BODY_BYTES: String(2 * 1024 * 1024) } });
  admin = await signIn(t, 'admin');
  staff = await signIn(t, 'staff');
});
afterAll(async () => {
  await t.close();
});

const versionsOf = (id: string) => t.deps.stores.templates.listVersions(id);

describe('creating and listing', () => {
  it('a staff member creates a template: version 1, a draft, listed and audited', async () => {
    const id = await createTemplateAs(t, staff, 'Workshop <b>attendance</b>', {
      title: 'Certificate of Attendance',
    });
    const [v1, ...rest] = await versionsOf(id);
    expect(rest).toEqual([]);
    expect(v1).toMatchObject({
      templateId: id,
      version: 1,
      createdBy: staff.user.id,
      design: { title: 'Certificate of Attendance', orientation: 'landscape' },
    });
    expect(v1!.lockedAt).toBeUndefined();

    const page = await get(t, `/admin/templates/${id}?done=template_created`, staff);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('The template was created as version 1, a draft.');
    expect(html).toContain('Workshop &lt;b&gt;attendance&lt;/b&gt;');
    expect(html).toContain('<span class="badge draft">Draft</span>');
    expect(html).toContain(`/admin/templates/${id}/versions/1/preview.png`);
    expect(html).toContain('Lock this version');

    const list = await (await get(t, '/admin/templates', admin)).text();
    expect(list).toContain(`href="/admin/templates/${id}"`);
    expect(list).toContain('Workshop &lt;b&gt;attendance&lt;/b&gt;');

    const [entry] = await auditAbout(t, id);
    expect(entry).toMatchObject({
      actorId: staff.user.id,
      action: 'template.created',
      objectType: 'template',
      details: { name: 'Workshop <b>attendance</b>', version: 1 },
    });
  });

  it('labels every control, shows the placeholders and loads only the external preview script', async () => {
    for (const path of ['/admin/templates/new', `/admin/templates/${await createTemplateAs(t, admin)}`]) {
      const html = await (await get(t, path, admin)).text();
      expectLabelled(html);
      for (const token of [
        'participantName',
        'courseName',
        'courseDescription',
        'completionDate',
        'certificateNumber',
        'issuerName',
      ])
        expect(html).toContain(`{{${token}}}`);
      expect(html).toContain('enctype="multipart/form-data"');
      expect(html).toMatch(/<input[^>]+type="color"/);
      expect(html).toContain('<script src="/assets/templatePreview.js" defer="">');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).toContain('name="viewport"');
    }
    const script = await t.app.request('/assets/templatePreview.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('dataset.previewUrl');
  });

  it('shows a bad design again with a 400 naming the field, and stores nothing', async () => {
    const before = (await t.deps.stores.templates.listTemplates()).length;
    const res = await postMultipart(t, '/admin/templates', admin, {
      name: 'Broken',
      ...designForm({
        body: 'Hello {{firstName}}',
        colours: { primary: 'red', accent: '#000000', background: '#ffffff', text: '#111111' },
      }),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="notice error"');
    expect(html).toMatch(/Body \(body\): unknown placeholder \{\{firstName\}\}/);
    expect(html).toMatch(/Primary colour \(colours.primary\): use a colour written as #rrggbb/);
    expect(html).toContain('value="Broken"');
    expect((await t.deps.stores.templates.listTemplates()).length).toBe(before);
  });
});

describe('editing and locking', () => {
  it('edits a draft in place, then after locking creates version 2 and leaves version 1 byte-identical', async () => {
    const id = await createTemplateAs(t, staff, 'Leadership');
    expectRedirect(
      await postMultipart(
        t,
        `/admin/templates/${id}`,
        staff,
        designForm({ title: 'Leadership Certificate', border: 'ornate' }),
      ),
      `/admin/templates/${id}?done=template_saved`,
    );
    let versions = await versionsOf(id);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      version: 1,
      updatedBy: staff.user.id,
      design: { title: 'Leadership Certificate', border: 'ornate' },
    });

    expectRedirect(
      await postMultipart(t, `/admin/templates/${id}/versions/1/lock`, admin),
      `/admin/templates/${id}?done=template_locked`,
    );
    const lockedV1 = JSON.stringify(await t.deps.stores.templates.getVersion(id, 1));
    expect(JSON.parse(lockedV1).lockedAt).toBeTruthy();
    const page = await (await get(t, `/admin/templates/${id}`, staff)).text();
    expect(page).toContain('<span class="badge locked">Locked</span>');
    expect(page).toContain('Version 1 is locked. Saving creates version 2');
    expect(page).not.toContain('Lock this version');

    expectRedirect(
      await postMultipart(
        t,
        `/admin/templates/${id}`,
        staff,
        designForm({ title: 'Leadership Certificate 2026', orientation: 'portrait' }),
      ),
      `/admin/templates/${id}?done=template_replaced`,
    );
    versions = await versionsOf(id);
    expect(versions.map((v) => [v.version, v.design.title, !!v.lockedAt])).toEqual([
      [2, 'Leadership Certificate 2026', false],
      [1, 'Leadership Certificate', true],
    ]);
    expect(JSON.stringify(await t.deps.stores.templates.getVersion(id, 1))).toBe(lockedV1);

    // Editing again changes only the new draft.
    expectRedirect(
      await postMultipart(t, `/admin/templates/${id}`, staff, designForm({ title: 'Leadership (final)' })),
      `/admin/templates/${id}?done=template_saved`,
    );
    expect((await versionsOf(id)).map((v) => [v.version, v.design.title])).toEqual([
      [2, 'Leadership (final)'],
      [1, 'Leadership Certificate'],
    ]);
    expect(JSON.stringify(await t.deps.stores.templates.getVersion(id, 1))).toBe(lockedV1);

    const history = await (await get(t, `/admin/templates/${id}`, staff)).text();
    expect(history).toMatch(/Version 2<\/a>[\s\S]*badge draft[\s\S]*Version 1<\/a>[\s\S]*badge locked/);
    const v1Page = await (await get(t, `/admin/templates/${id}/versions/1`, staff)).text();
    expect(v1Page).toContain('Leadership Certificate');
    expect(v1Page).not.toContain('Lock this version');

    const actions = (await auditAbout(t, id)).map((a) => [a.action, a.details?.version]).reverse();
    expect(actions).toEqual([
      ['template.created', 1],
      ['template.version_updated', 1],
      ['template.version_locked', 1],
      ['template.version_created', 2],
      ['template.version_updated', 2],
    ]);
    const created = (await auditAbout(t, id)).find((a) => a.action === 'template.version_created');
    expect(created).toMatchObject({ actorId: staff.user.id, details: { version: 2, replaces: 1 } });
  });

  it('locking twice is harmless and audited once', async () => {
    const id = await createTemplateAs(t, admin, 'Twice');
    for (let i = 0; i < 2; i += 1)
      expectRedirect(
        await postMultipart(t, `/admin/templates/${id}/versions/1/lock`, admin),
        `/admin/templates/${id}?done=template_locked`,
      );
    expect((await auditAbout(t, id)).filter((a) => a.action === 'template.version_locked')).toHaveLength(1);
  });

  it('answers 404 for an unknown template or version, and for a malformed version number', async () => {
    const id = await createTemplateAs(t, admin, 'Known');
    for (const path of [
      '/admin/templates/no-such-template',
      `/admin/templates/${id}/versions/2`,
      `/admin/templates/${id}/versions/0`,
      `/admin/templates/${id}/versions/1x`,
      `/admin/templates/${id}/versions/2/preview.png`,
    ]) {
      expect((await get(t, path, admin)).status, path).toBe(404);
    }
    expect((await postMultipart(t, '/admin/templates/no-such-template', admin, designForm())).status).toBe(
      404,
    );
    expect((await postMultipart(t, `/admin/templates/${id}/versions/7/lock`, admin)).status).toBe(404);
  });
});

describe('images', () => {
  it('stores uploads as data: URLs by their real type, keeps them on later edits, and removes them when asked', async () => {
    const png = pngBytes();
    const id = await createTemplateAs(
      t,
      staff,
      'With images',
      {},
      {
        logo: { bytes: svgBytes(), name: 'logo.png', type: 'image/png' },
        signature1_image: { bytes: png, name: 'sig.bin', type: 'application/octet-stream' },
      },
    );
    let [v1] = await versionsOf(id);
    expect(v1!.design.logoDataUrl).toBe(
      `data:image/svg+xml;base64,${Buffer.from(svgBytes()).toString('base64')}`,
    );
    expect(v1!.design.signatures[0]).toMatchObject({
      name: 'Programme Director',
      imageDataUrl: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
    });
    const page = await (await get(t, `/admin/templates/${id}`, staff)).text();
    expect(page).toContain('Remove the current image');
    expectLabelled(page);

    // No new files: the images stay.
    expectRedirect(
      await postMultipart(t, `/admin/templates/${id}`, staff, designForm({ title: 'Kept' })),
      `/admin/templates/${id}?done=template_saved`,
    );
    [v1] = await versionsOf(id);
    expect(v1!.design.logoDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(v1!.design.signatures[0]!.imageDataUrl).toMatch(/^data:image\/png;base64,/);

    // Remove the logo, keep the signature image.
    expectRedirect(
      await postMultipart(
        t,
        `/admin/templates/${id}`,
        staff,
        designForm({ title: 'Removed' }, { logo_remove: '1' }),
      ),
      `/admin/templates/${id}?done=template_saved`,
    );
    [v1] = await versionsOf(id);
    expect(v1!.design.logoDataUrl).toBeUndefined();
    expect(v1!.design.signatures[0]!.imageDataUrl).toMatch(/^data:image\/png;base64,/);
  });

  it('refuses a file that is not a PNG, JPEG or SVG, and one over the size limit, naming the field', async () => {
    const id = await createTemplateAs(t, staff, 'Image checks');
    const notImage = await postMultipart(t, `/admin/templates/${id}`, staff, designForm(), {
      logo: { bytes: new TextEncoder().encode('GIF89a not allowed'), name: 'logo.png', type: 'image/png' },
    });
    expect(notImage.status).toBe(400);
    expect(await notImage.text()).toMatch(/Logo \(logo\): the file is not a PNG, JPEG or SVG image/);

    const big = new Uint8Array(MAX_IMAGE_FILE_BYTES + 1);
    big.set(pngBytes());
    const tooBig = await postMultipart(
      t,
      `/admin/templates/${id}`,
      staff,
      designForm(),
      { signature2_image: { bytes: big, name: 'sig.png', type: 'image/png' } },
      {},
    );
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toMatch(/Signature 2 image \(signature2_image\): the file is too large/);

    const nameless = await postMultipart(
      t,
      `/admin/templates/${id}`,
      staff,
      designForm({}, { signature3_title: 'Registrar' }),
    );
    expect(nameless.status).toBe(400);
    expect(await nameless.text()).toMatch(
      /Signature 3 name \(signature3_name\): enter the signer&#39;s name/,
    );
    expect((await versionsOf(id))[0]!.updatedAt).toBeUndefined();
  });
});
