/**
 * A credential records the template version it is drawn with: issuing with
 * `options.template` locks that version and stores the reference; the pictures use that
 * design; editing the template afterwards makes a new version and leaves the credential's
 * picture as it was; an unknown template is a 400 that issues nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, post } from '../fixtures/http.js';
import { DEFAULT_DESIGN } from '../../src/rendering/templateDesign.js';
import { decodePng } from './renderFixtures.js';
import { RenderCache } from '../../src/rendering/renderCache.js';

let t: TestApp;
const TEMPLATE_ID = 'tpl-green';
/** A background colour no other design uses, so the picture shows which design drew it. */
const GREEN = { r: 0x12, g: 0xa0, b: 0x4b };
const hex = (c: typeof GREEN) => `#${[c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

beforeAll(async () => {
  t = await createTestApp();
  const now = new Date().toISOString();
  await t.deps.stores.templates.createTemplate(
    { id: TEMPLATE_ID, name: 'Green', createdAt: now, createdBy: 'staff-1' },
    { ...DEFAULT_DESIGN, colours: { ...DEFAULT_DESIGN.colours, background: hex(GREEN) } },
  );
});
afterAll(async () => {
  await t.close();
});

/** The colour of the pixel at the centre-left margin (inside the border, outside any text). */
async function marginColour(id: string): Promise<{ r: number; g: number; b: number }> {
  const res = await t.app.request(`/c/${encodeURIComponent(id)}/certificate.png`);
  expect(res.status).toBe(200);
  const png = decodePng(new Uint8Array(await res.arrayBuffer()));
  const x = Math.round(png.width * 0.08);
  const y = Math.round(png.height * 0.5);
  const at = (y * png.width + x) * 4;
  return { r: png.data[at]!, g: png.data[at + 1]!, b: png.data[at + 2]! };
}

describe('issuing with a template', () => {
  it('records the version on the credential, locks it, and draws with it', async () => {
    const { status, vc } = await issueVia(t, openBadgeRequest(), {
      public: true,
      template: { templateId: TEMPLATE_ID },
    });
    expect(status).toBe(201);
    const record = await t.deps.stores.credentials.get(vc.id);
    expect(record?.templateRef).toEqual({ templateId: TEMPLATE_ID, version: 1 });
    expect((await t.deps.stores.templates.getVersion(TEMPLATE_ID, 1))?.lockedAt).toBeTruthy();
    expect(await marginColour(vc.id)).toEqual(GREEN);

    const plain = (await issueVia(t, openBadgeRequest(), { public: true })).vc;
    expect((await t.deps.stores.credentials.get(plain.id))?.templateRef).toBeUndefined();
    expect(await marginColour(plain.id)).toEqual({ r: 255, g: 255, b: 255 });
  });

  it('a new version of the template leaves an issued credential drawn with its own', async () => {
    const { vc } = await issueVia(t, openBadgeRequest(), {
      public: true,
      template: { templateId: TEMPLATE_ID, version: 1 },
    });
    await t.deps.stores.templates.addVersion(
      TEMPLATE_ID,
      { ...DEFAULT_DESIGN, colours: { ...DEFAULT_DESIGN.colours, background: '#000000' } },
      { at: new Date().toISOString(), by: 'staff-1' },
    );
    // A fresh cache, so the picture is drawn again now that the template has a newer version.
    t.deps.rendering.cache = new RenderCache();
    expect(await marginColour(vc.id)).toEqual(GREEN);
    const next = (
      await issueVia(t, openBadgeRequest(), { public: true, template: { templateId: TEMPLATE_ID } })
    ).vc;
    expect((await t.deps.stores.credentials.get(next.id))?.templateRef).toEqual({
      templateId: TEMPLATE_ID,
      version: 2,
    });
    expect(await marginColour(next.id)).toEqual({ r: 0, g: 0, b: 0 });
  });

  it('an unknown template or version is a 400 and issues nothing', async () => {
    for (const template of [{ templateId: 'no-such-template' }, { templateId: TEMPLATE_ID, version: 99 }]) {
      const credential = openBadgeRequest();
      const res = await post(t, '/credentials/issue', { credential, options: { template } }, t.adminKey);
      const problem = await expectProblem(res, 400, 'invalid_request');
      expect(problem.detail).toMatch(/options\.template/);
      expect(await t.deps.stores.credentials.get(credential.id as string)).toBeUndefined();
    }
  });

  it('a malformed template option is a 400', async () => {
    const res = await post(
      t,
      '/credentials/issue',
      { credential: openBadgeRequest(), options: { template: { templateId: 7 } } },
      t.adminKey,
    );
    await expectProblem(res, 400);
  });
});
