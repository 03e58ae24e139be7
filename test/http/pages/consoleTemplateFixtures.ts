/**
 * Requests and data for the template console tests: multipart form POSTs with files (as a
 * browser sends the template form), the form fields of a valid design, small real images
 * (a PNG made with pngjs, an SVG, a JPEG header), creating a template through the console,
 * and reading a PNG's size back with pngjs. Every helper builds fresh objects.
 */
import { expect } from 'vitest';
import { PNG } from 'pngjs';
import type { TestApp } from '../../fixtures/testDeps.js';
import { DEFAULT_DESIGN, type TemplateDesign } from '../../../src/rendering/templateDesign.js';
import { designToFields } from '../../../src/http/views/templateFormView.js';

/** Cookies and the CSRF token a browser sends. */
export interface Who {
  cookie: string;
  csrf: string;
}

/** A file to upload: its bytes, name and the type the browser claims. */
export interface Upload {
  bytes: Uint8Array;
  name: string;
  type: string;
}

/** POSTs a multipart form; `csrf` overrides the token sent, null sends none. */
export function postMultipart(
  t: TestApp,
  path: string,
  who: Who,
  fields: Record<string, string> = {},
  files: Record<string, Upload> = {},
  options: { csrf?: string | null } = {},
): Promise<Response> {
  const body = new FormData();
  const csrf = options.csrf === null ? undefined : (options.csrf ?? who.csrf);
  if (csrf !== undefined) body.set('_csrf', csrf);
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  for (const [key, file] of Object.entries(files))
    body.set(key, new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
  return Promise.resolve(
    t.app.request(path, { method: 'POST', headers: { cookie: who.cookie, accept: 'text/html' }, body }),
  );
}

/** The form fields of a valid design (the default one unless changed). */
export function designForm(
  overrides: Partial<TemplateDesign> = {},
  extra: Record<string, string> = {},
): Record<string, string> {
  // A typical staff template signs with a named person (the built-in design has no signature row).
  return {
    ...designToFields({
      ...structuredClone(DEFAULT_DESIGN),
      signatures: [{ name: 'Programme Director', title: 'SayPro' }],
      ...overrides,
    }),
    ...extra,
  };
}

/** A real PNG of `width` x `height` pixels. */
export function pngBytes(width = 4, height = 2): Uint8Array {
  const png = new PNG({ width, height });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

/** A small SVG image. */
export function svgBytes(): Uint8Array {
  return new TextEncoder().encode(
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#0b3a6e"/></svg>',
  );
}

/** The template id a create redirect points at. */
async function createdTemplateId(res: Response): Promise<string> {
  expect(
    res.status,
    `a redirect after creating, not: ${
      res.status === 303
        ? ''
        : (await res.text())
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .slice(0, 600)
    }`,
  ).toBe(303);
  const match = /^\/admin\/templates\/([\w-]+)\?done=template_created$/.exec(
    res.headers.get('location') ?? '',
  );
  expect(match, `location ${res.headers.get('location')}`).toBeTruthy();
  return match![1]!;
}

/** Creates a template through the console; returns its id. */
export async function createTemplateAs(
  t: TestApp,
  who: Who,
  name = 'Short course',
  overrides: Partial<TemplateDesign> = {},
  files: Record<string, Upload> = {},
): Promise<string> {
  return createdTemplateId(
    await postMultipart(t, '/admin/templates', who, { name, ...designForm(overrides) }, files),
  );
}

/** Decodes a PNG response (pngjs) and returns its size. */
export async function pngSize(res: Response): Promise<{ width: number; height: number }> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
  return { width: png.width, height: png.height };
}

/** The `design` parameter of a live preview for some form fields. */
export function previewQuery(fields: unknown): string {
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}
