/**
 * /admin/trust in the console: only admins reach it (no session goes to login or 401,
 * every other role 403, CSRF enforced); adding, editing and removing an entry stores it
 * as typed (dates as whole UTC days) and writes an audit entry each; a wrong field comes
 * back on the page with what was typed and nothing stored; the JSON export downloads and
 * imports back; a bad import (not JSON, a wrong entry beside good ones, repeated DIDs, too
 * many entries, too large, not an upload) changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../fixtures/sessions.js';
import {
  auditAbout,
  expectLabelled,
  expectRedirect,
  get,
  noSession,
  post,
} from '../http/pages/consoleFixtures.js';
import { uniqueDid } from './trustFixtures.js';
import type { TrustedIssuerRecord } from '../../src/storage/ports.js';

const MAX_BODY = 200_000;
let t: TestApp;
let admin: SignedIn;
const others: Record<'staff' | 'reviewer' | 'partner' | 'participant', SignedIn> = {} as never;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_BODY_BYTES: String(MAX_BODY) } });
  admin = await signIn(t, 'admin');
  await t.deps.stores.directory.createOrganisation({
    id: 'org-p',
    name: 'Partner Org',
    createdAt: t.deps.now().toISOString(),
  });
  for (const role of ['staff', 'reviewer', 'participant'] as const) others[role] = await signIn(t, role);
  others.partner = await signIn(t, 'partner', await createUser(t, 'partner', { organisationId: 'org-p' }));
});
afterAll(async () => {
  await t.close();
});

const entryFields = (did: string, overrides: Record<string, string> = {}) => ({
  did,
  name: 'Cape Peninsula Institute',
  url: 'https://cpi.example.org',
  note: 'Partner since 2024',
  validFrom: '2026-01-01',
  validUntil: '2027-06-30',
  ...overrides,
});

/** Uploads `text` as the import file (multipart, as the browser sends it). */
function upload(
  text: string | undefined,
  who: SignedIn = admin,
  csrf: string | null = who.csrf,
): Promise<Response> {
  const body = new FormData();
  if (csrf !== null) body.set('_csrf', csrf);
  if (text !== undefined) body.set('file', new File([text], 'trust-list.json', { type: 'application/json' }));
  return Promise.resolve(
    t.app.request('/admin/trust/import', {
      method: 'POST',
      headers: { cookie: who.cookie, accept: 'text/html' },
      body,
    }),
  );
}

const file = (issuers: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'saypro-trust-list', version: 1, issuers, ...extra });

const snapshot = () => t.deps.stores.trust.listIssuers();

describe('who reaches /admin/trust', () => {
  it('sends a browser without a session to log in, and answers its POST 401', async () => {
    const page = await get(t, '/admin/trust', noSession());
    expectRedirect(page, '/login?next=%2Fadmin%2Ftrust');
    const before = await snapshot();
    expect((await post(t, '/admin/trust', noSession(), entryFields(uniqueDid()))).status).toBe(401);
    expect((await post(t, '/admin/trust/remove', noSession(), { did: 'did:web:x' })).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 403 to every other role, a partner and a participant included, and changes nothing', async () => {
    const did = uniqueDid('refused');
    for (const [role, who] of Object.entries(others)) {
      expect((await get(t, '/admin/trust', who)).status, `GET as ${role}`).toBe(403);
      expect((await get(t, '/admin/trust/export', who)).status, `export as ${role}`).toBe(403);
      expect((await post(t, '/admin/trust', who, entryFields(did))).status, `POST as ${role}`).toBe(403);
      expect((await upload(file([{ did, name: 'x' }]), who)).status, `import as ${role}`).toBe(403);
    }
    expect(await t.deps.stores.trust.getIssuer(did)).toBeUndefined();
  });

  it('refuses a form without the CSRF token or with a wrong one', async () => {
    const did = uniqueDid('csrf');
    expect((await post(t, '/admin/trust', admin, entryFields(did), { csrf: null })).status).toBe(403);
    expect((await post(t, '/admin/trust', admin, entryFields(did), { csrf: 'x'.repeat(43) })).status).toBe(
      403,
    );
    expect((await upload(file([{ did, name: 'x' }]), admin, null)).status).toBe(403);
    expect(await t.deps.stores.trust.getIssuer(did)).toBeUndefined();
    expect(await auditAbout(t, did)).toEqual([]);
  });

  it('is in the console navigation for admins only', async () => {
    const html = await (await get(t, '/admin', admin)).text();
    expect(html).toContain('<a href="/admin/trust">Trust list</a>');
    expect(await (await get(t, '/admin', others.staff)).text()).not.toContain('/admin/trust');
    const page = await get(t, '/admin/trust', admin);
    expect(page.status).toBe(200);
    expectLabelled(await page.text());
  });
});

describe('adding, editing and removing', () => {
  it('adds an entry as typed, lists it, and audits it', async () => {
    const did = uniqueDid('added');
    expectRedirect(
      await post(t, '/admin/trust', admin, entryFields(did, { name: '  Cape Peninsula Institute ' })),
      '/admin/trust?done=added',
    );
    const stored = await t.deps.stores.trust.getIssuer(did);
    expect(stored).toMatchObject({
      did,
      name: 'Cape Peninsula Institute',
      url: 'https://cpi.example.org',
      note: 'Partner since 2024',
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2027-06-30T23:59:59.999Z',
      createdBy: admin.user.id,
    });
    const html = await (await get(t, '/admin/trust?done=added', admin)).text();
    expect(html).toContain('The issuer was added to the trust list.');
    expect(html).toContain(`<code>${did}</code>`);
    expect(html).toContain('from 2026-01-01 until 2027-06-30');
    const [entry] = await auditAbout(t, did);
    expect(entry).toMatchObject({
      action: 'trust.issuer_added',
      actorId: admin.user.id,
      objectType: 'trusted_issuer',
      objectId: did,
      details: { after: { did, name: 'Cape Peninsula Institute', url: 'https://cpi.example.org' } },
    });
  });

  it('keeps optional fields out when left blank', async () => {
    const did = uniqueDid('bare');
    expectRedirect(
      await post(t, '/admin/trust', admin, {
        did,
        name: 'Bare Issuer',
        url: '',
        note: '',
        validFrom: '',
        validUntil: '',
      }),
      '/admin/trust?done=added',
    );
    const stored = (await t.deps.stores.trust.getIssuer(did))!;
    expect(Object.keys(stored).sort()).toEqual(['createdAt', 'createdBy', 'did', 'name', 'updatedAt']);
  });

  it.each([
    ['a DID that is no DID', { did: 'https://issuer.example.org' }, 'DID must be a DID'],
    ['a DID with an upper-case method', { did: 'did:WEB:issuer.example.org' }, 'DID must be a DID'],
    ['a DID URL with a fragment', { did: 'did:web:issuer.example.org#key-1' }, 'DID must be a DID'],
    ['no name', { name: '   ' }, 'Name is required'],
    ['an http URL', { url: 'http://cpi.example.org' }, 'URL must start with https://'],
    ['a URL that is no URL', { url: 'cpi dot org' }, 'URL must be a web address'],
    ['a date that does not exist', { validUntil: '2027-02-30' }, 'Valid until must be a date (YYYY-MM-DD)'],
    [
      'an end before the start',
      { validFrom: '2027-01-01', validUntil: '2026-01-01' },
      'Valid until must be after &quot;Valid from&quot;',
    ],
    ['a name too long', { name: 'n'.repeat(201) }, 'Name may be at most 200 characters'],
  ])('refuses %s on the page, keeping what was typed, storing nothing', async (_, overrides, message) => {
    const did = uniqueDid('refused');
    const fields = entryFields(did, overrides);
    const res = await post(t, '/admin/trust', admin, fields);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain(message);
    expect(html).toContain(`value="${fields.validFrom}"`);
    expect(html).toContain('Partner since 2024</textarea>');
    expect(await t.deps.stores.trust.getIssuer(fields.did)).toBeUndefined();
    expect(await auditAbout(t, fields.did)).toEqual([]);
  });

  it('refuses a DID listed already with 409, leaving the entry as it was', async () => {
    const did = uniqueDid('twice');
    await post(t, '/admin/trust', admin, entryFields(did));
    const res = await post(t, '/admin/trust', admin, entryFields(did, { name: 'Impostor' }));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('is already on the trust list; edit that entry instead');
    expect((await t.deps.stores.trust.getIssuer(did))?.name).toBe('Cape Peninsula Institute');
  });

  it('edits an entry (the DID stays), audits before and after, and refuses bad fields on the edit page', async () => {
    const did = uniqueDid('edited');
    await post(t, '/admin/trust', admin, entryFields(did));
    const form = await get(t, `/admin/trust/edit?did=${encodeURIComponent(did)}`, admin);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('value="2027-06-30"');
    expectLabelled(html);

    expectRedirect(
      await post(t, '/admin/trust/edit', admin, {
        did,
        name: 'CPI',
        url: '',
        note: 'Renewed',
        validFrom: '',
        validUntil: '2028-12-31',
      }),
      '/admin/trust?done=updated',
    );
    const stored = (await t.deps.stores.trust.getIssuer(did))!;
    expect(stored).toMatchObject({
      name: 'CPI',
      note: 'Renewed',
      validUntil: '2028-12-31T23:59:59.999Z',
      createdBy: admin.user.id,
    });
    expect(stored.url).toBeUndefined();
    expect(stored.validFrom).toBeUndefined();
    const [entry] = await auditAbout(t, did);
    expect(entry).toMatchObject({
      action: 'trust.issuer_updated',
      actorId: admin.user.id,
      details: {
        before: { name: 'Cape Peninsula Institute', url: 'https://cpi.example.org' },
        after: { did, name: 'CPI', note: 'Renewed' },
      },
    });

    const bad = await post(t, '/admin/trust/edit', admin, { did, name: 'CPI', url: 'ftp://cpi.example.org' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('URL must start with https://');
    expect(badHtml).toContain('value="ftp://cpi.example.org"');
    expect((await t.deps.stores.trust.getIssuer(did))?.url).toBeUndefined();

    expect(
      (await get(t, `/admin/trust/edit?did=${encodeURIComponent(uniqueDid('missing'))}`, admin)).status,
    ).toBe(404);
    expect(
      (await post(t, '/admin/trust/edit', admin, { did: uniqueDid('missing'), name: 'Ghost' })).status,
    ).toBe(404);
  });

  it('removes an entry, audits it, and answers 404 the second time', async () => {
    const did = uniqueDid('removed');
    await post(t, '/admin/trust', admin, entryFields(did));
    expectRedirect(await post(t, '/admin/trust/remove', admin, { did }), '/admin/trust?done=removed');
    expect(await t.deps.stores.trust.getIssuer(did)).toBeUndefined();
    const [entry] = await auditAbout(t, did);
    expect(entry).toMatchObject({
      action: 'trust.issuer_removed',
      actorId: admin.user.id,
      details: { before: { did, name: 'Cape Peninsula Institute' } },
    });
    const again = await post(t, '/admin/trust/remove', admin, { did });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('is not on the trust list');
  });

  it('answers a body that is no form with a problem, and an oversized one 413', async () => {
    const json = await t.app.request('/admin/trust', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(entryFields(uniqueDid())),
    });
    expect(json.status).toBe(415);
    expect(json.headers.get('content-type')).toContain('application/problem+json');
    const huge = await post(
      t,
      '/admin/trust',
      admin,
      entryFields(uniqueDid(), { note: 'x'.repeat(MAX_BODY) }),
      { headers: { accept: 'application/json' } },
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { code: string }).code).toBe('payload_too_large');
  });
});

describe('export and import', () => {
  it('downloads the list as JSON that imports back unchanged', async () => {
    const did = uniqueDid('exported');
    await post(t, '/admin/trust', admin, entryFields(did, { name: 'Exported Issuer' }));
    const res = await get(t, '/admin/trust/export', admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="trust-list-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const text = await res.text();
    const document = JSON.parse(text) as {
      format: string;
      version: number;
      issuers: Record<string, string>[];
    };
    expect(document).toMatchObject({ format: 'saypro-trust-list', version: 1 });
    expect(document.issuers.find((e) => e.did === did)).toEqual({
      did,
      name: 'Exported Issuer',
      url: 'https://cpi.example.org',
      note: 'Partner since 2024',
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2027-06-30T23:59:59.999Z',
    });

    const before = await snapshot();
    const imported = await upload(text);
    expect(imported.status).toBe(200);
    expect(await imported.text()).toContain(`0 added, ${before.length} updated`);
    const strip = (list: TrustedIssuerRecord[]) => list.map(({ updatedAt: _, ...rest }) => rest);
    expect(strip(await snapshot())).toEqual(strip(before));
  });

  it('adds new DIDs and replaces listed ones, reports which, and audits each', async () => {
    const listed = uniqueDid('listed');
    const fresh = uniqueDid('fresh');
    await post(t, '/admin/trust', admin, entryFields(listed));
    const res = await upload(
      file([
        { did: fresh, name: 'Fresh College', validUntil: '2030-01-01' },
        { did: listed, name: 'Listed Again' },
      ]),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Imported the trust list: 1 added, 1 updated.');
    expect(html).toContain(`Added <code>${fresh}</code>`);
    expect(html).toContain(`Updated <code>${listed}</code>`);
    expect(await t.deps.stores.trust.getIssuer(fresh)).toMatchObject({
      name: 'Fresh College',
      validUntil: '2030-01-01T23:59:59.999Z',
      createdBy: admin.user.id,
    });
    const replaced = (await t.deps.stores.trust.getIssuer(listed))!;
    expect(replaced.name).toBe('Listed Again');
    expect(replaced.url).toBeUndefined();
    expect((await auditAbout(t, fresh)).map((e) => [e.action, e.details?.source])).toEqual([
      ['trust.issuer_added', 'import'],
    ]);
    expect((await auditAbout(t, listed)).map((e) => e.action)).toEqual([
      'trust.issuer_updated',
      'trust.issuer_added',
    ]);
  });

  it.each([
    ['text that is not JSON', '{"format": "saypro-trust-list", "issuers": [', 'The file is not JSON'],
    ['another format', file([], { format: 'csv' }), 'format must be &quot;saypro-trust-list&quot;'],
    ['an unknown field', file([], { extra: true }), 'Nothing was imported.'],
    [
      'a bad entry beside a good one',
      file([
        { did: 'did:web:good-one.example.org', name: 'Good' },
        { did: 'did:web:bad-one.example.org', name: 'Bad', url: 'http://bad.example.org' },
      ]),
      'issuers[1] (did:web:bad-one.example.org): URL must start with https://',
    ],
    [
      'a misspelt field in an entry',
      file([{ did: 'did:web:good-two.example.org', name: 'Good', vaildUntil: '2030-01-01' }]),
      'issuers[0] (did:web:good-two.example.org): Unrecognized key',
    ],
    [
      'a repeated DID',
      file([
        { did: 'did:web:good-three.example.org', name: 'A' },
        { did: 'did:web:good-three.example.org', name: 'B' },
      ]),
      'lists did:web:good-three.example.org more than once',
    ],
    [
      'too many entries',
      file(Array.from({ length: 1001 }, (_, i) => ({ did: `did:web:many-${i}.example`, name: 'M' }))),
      'may hold at most 1000 entries',
    ],
    [
      'an array instead of the document',
      JSON.stringify([{ did: 'did:web:good-four.example.org', name: 'A' }]),
      'Nothing was imported.',
    ],
  ])('refuses %s on the page and imports nothing', async (_, text, message) => {
    const before = await snapshot();
    const res = await upload(text);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  it('answers no file 400, a body that is no upload 415, a broken upload 400 and an oversized one 413, importing nothing', async () => {
    const before = await snapshot();
    const none = await upload(undefined);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('Choose a trust list file (JSON) to import');

    const form = await post(
      t,
      '/admin/trust/import',
      admin,
      { file: file([{ did: uniqueDid('form'), name: 'Form' }]) },
      { headers: { accept: 'application/json' } },
    );
    expect(form.status).toBe(415);
    expect(((await form.json()) as { code: string }).code).toBe('unsupported_media_type');

    const broken = await t.app.request('/admin/trust/import', {
      method: 'POST',
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
        'content-type': 'multipart/form-data; boundary=nothing',
        accept: 'application/json',
      },
      body: '--wrong\r\n\r\nnot a part',
    });
    expect(broken.status).toBe(400);

    const big = file(
      Array.from({ length: 5000 }, (_, i) => ({
        did: `did:web:big-${i}.example.org`,
        name: 'A rather long issuer name to fill the file',
      })),
    );
    expect(big.length).toBeGreaterThan(MAX_BODY);
    const tooLarge = await upload(big);
    expect(tooLarge.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });
});
