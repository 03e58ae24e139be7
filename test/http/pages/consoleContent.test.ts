/**
 * /admin/content: the security cases (no session, every other role 403, CSRF, a body that
 * is no form, an oversized body, missing and malformed fields), then what admins do: list
 * the pages, preview a draft, publish versions that count up (a stale form is a 409 that
 * keeps the text), read an older version, and see their publish in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { auditAbout, expectLabelled, expectRedirect, get, noSession, post } from './consoleFixtures.js';
import { ROLES, type Role } from '../../../src/storage/ports.js';
import { MAX_CONTENT_CHARS } from '../../../src/content/siteContent.js';

const MAX_BODY = 200_000;
let t: TestApp;
const as = {} as Record<Role, SignedIn>;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_BODY_BYTES: String(MAX_BODY) } });
  for (const role of ROLES) as[role] = await signIn(t, role);
});
afterAll(async () => {
  await t.close();
});

/** The newest version of a page the store holds (0: none). */
async function newest(slug: string): Promise<number> {
  return (await t.deps.stores.content.getVersion(slug))?.version ?? 0;
}

describe('security', () => {
  const gets = ['/admin/content', '/admin/content/privacy', '/admin/content/help?version=0'];
  const publish = () => ({ markdown: '# Hello\n\nText.', baseVersion: '0', action: 'preview' });

  it.each(gets)('GET %s without a session goes to the login page and back', async (path) => {
    const res = await get(t, path, noSession());
    expectRedirect(res, `/login?next=${encodeURIComponent(path.split('?')[0]!)}`);
  });

  it('POST without a session is 401 and stores nothing', async () => {
    expect(
      (await post(t, '/admin/content/help', noSession(), { ...publish(), action: 'publish' })).status,
    ).toBe(401);
    expect(await newest('help')).toBe(0);
  });

  it.each(ROLES.filter((r) => r !== 'admin'))(
    'a %s gets 403 on every page and cannot publish',
    async (role) => {
      for (const path of gets) expect((await get(t, path, as[role])).status, path).toBe(403);
      const res = await post(t, '/admin/content/help', as[role], { ...publish(), action: 'publish' });
      expect(res.status).toBe(403);
      expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
      expect(await newest('help')).toBe(0);
    },
  );

  it.each(gets)('an admin gets GET %s (not cached)', async (path) => {
    const res = await get(t, path, as.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expectLabelled(await res.text());
  });

  it('is 403 when the CSRF token is missing or wrong, or its cookie is gone', async () => {
    const fields = { ...publish(), action: 'publish' };
    expect((await post(t, '/admin/content/help', as.admin, fields, { csrf: null })).status).toBe(403);
    expect((await post(t, '/admin/content/help', as.admin, fields, { csrf: 'd'.repeat(43) })).status).toBe(
      403,
    );
    const cookie = as.admin.cookie.replace(/;?\s*csrf=[^;]*/, '');
    expect((await post(t, '/admin/content/help', { cookie, csrf: as.admin.csrf }, fields)).status).toBe(403);
    expect(await newest('help')).toBe(0);
  });

  it('is 415 for a JSON body and 413 for a body over the limit', async () => {
    const json = await t.app.request('/admin/content/help', {
      method: 'POST',
      headers: { cookie: as.admin.cookie, 'x-csrf-token': as.admin.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ ...publish(), action: 'publish' }),
    });
    expect(json.status).toBe(415);
    const big = await post(t, '/admin/content/help', as.admin, {
      ...publish(),
      action: 'publish',
      markdown: 'x'.repeat(MAX_BODY + 100),
    });
    expect(big.status).toBe(413);
    expect(await newest('help')).toBe(0);
  });

  it('is 400 with a sentence for an empty, too long, or malformed form, keeping what was typed', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ baseVersion: '0', action: 'publish' }, /Write the page: the text is empty/],
      [{ markdown: '   \n ', baseVersion: '0', action: 'publish' }, /Write the page: the text is empty/],
      [
        { markdown: 'y'.repeat(MAX_CONTENT_CHARS + 1), baseVersion: '0', action: 'publish' },
        /a page may have at most 60,000/,
      ],
      [
        { markdown: 'Hi {{nmae}}', baseVersion: '0', action: 'publish' },
        /Unknown placeholder \{\{nmae\}\}; pages can use \{\{organisationName\}\}/,
      ],
      [{ markdown: 'Hi {{nmae}}', baseVersion: '0', action: 'preview' }, /Unknown placeholder \{\{nmae\}\}/],
      [{ markdown: 'Text', action: 'publish' }, /missing the version it was opened at/],
      [{ markdown: 'Text', baseVersion: 'one', action: 'publish' }, /baseVersion must be a version number/],
    ];
    for (const [fields, message] of cases) {
      const res = await post(t, '/admin/content/help', as.admin, fields);
      expect(res.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
      const html = await res.text();
      expect(html).toMatch(message);
      if (fields.markdown === 'Hi {{nmae}}') expect(html).toContain('>Hi {{nmae}}</textarea>');
    }
    expect((await get(t, '/admin/content/help?version=x', as.admin)).status).toBe(400);
    expect(await newest('help')).toBe(0);
  });

  it('is 404 for a page that does not exist, or a version that does not', async () => {
    expect((await get(t, '/admin/content/cookies', as.admin)).status).toBe(404);
    expect(
      (await post(t, '/admin/content/cookies', as.admin, { ...publish(), action: 'publish' })).status,
    ).toBe(404);
    expect((await get(t, '/admin/content/terms?version=7', as.admin)).status).toBe(404);
  });
});

describe('editing', () => {
  it('lists the three pages with the version each shows', async () => {
    const html = await (await get(t, '/admin/content', as.admin)).text();
    for (const [slug, title] of [
      ['privacy', 'Privacy notice'],
      ['terms', 'Terms of use'],
      ['help', 'Help and FAQ'],
    ]) {
      expect(html).toContain(
        `<a href="/admin/content/${slug}"><span class="visually-hidden">Edit </span>${title}</a>`,
      );
    }
    expect(html).toContain('built-in text (v0)');
  });

  it('opens with the built-in text and its rendering, the history naming v0', async () => {
    const html = await (await get(t, '/admin/content/terms', as.admin)).text();
    expect(html).toContain('Your account');
    expect(html).toContain('{{organisationName}} uses this site');
    expect(html).toContain('Publish as version 1');
    expect(html).toContain('View the built-in text');
    // The preview's ids are prefixed, so they never clash with the form's.
    expect(html).toContain('<h2 id="preview-account">Your account</h2>');
  });

  it('previews a draft without saving it, HTML shown as text', async () => {
    const res = await post(t, '/admin/content/terms', as.admin, {
      markdown: '# Draft\n\n<script>alert(1)</script> for {{organisationName}}',
      baseVersion: '0',
      action: 'preview',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Preview of your text');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; for SayPro');
    expect(html).not.toContain('<script>alert(1)');
    expect(await newest('terms')).toBe(0);
  });

  it('publishes versions that count up, each with its author and time; a stale form is a 409 keeping the text', async () => {
    const first = await post(t, '/admin/content/terms', as.admin, {
      markdown: '# Terms\r\n\r\nVersion one.',
      baseVersion: '0',
      action: 'publish',
    });
    expectRedirect(first, '/admin/content/terms?done=published');
    const second = await post(t, '/admin/content/terms', as.admin, {
      markdown: '# Terms\n\nVersion two.',
      baseVersion: '1',
      action: 'publish',
    });
    expectRedirect(second, '/admin/content/terms?done=published');
    const stored = await t.deps.stores.content.listVersions('terms');
    expect(stored.map((v) => [v.version, v.markdown, v.createdBy])).toEqual([
      [2, '# Terms\n\nVersion two.', as.admin.user.id],
      [1, '# Terms\n\nVersion one.', as.admin.user.id],
    ]);

    const stale = await post(t, '/admin/content/terms', as.admin, {
      markdown: 'My late edit',
      baseVersion: '1',
      action: 'publish',
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('Someone published version 2 of the terms of use after you opened it');
    expect(html).toContain('>My late edit</textarea>');
    expect(await newest('terms')).toBe(2);

    const after = await (await get(t, '/admin/content/terms?done=published', as.admin)).text();
    expect(after).toContain('Published as version 2: the public page shows it now.');
    expect(after).toContain('Publish as version 3');
    expect(after).toContain(as.admin.user.name);
    expect(await (await get(t, '/terms', noSession())).text()).toContain('Version two.');

    const audit = await auditAbout(t, 'terms');
    expect(audit.map((a) => [a.action, a.details?.version])).toEqual([
      ['content.published', 2],
      ['content.published', 1],
    ]);
  });

  it('shows an older version on request, saying that publishing it makes a new version', async () => {
    const html = await (await get(t, '/admin/content/terms?version=1', as.admin)).text();
    expect(html).toContain('>Version one.</p>');
    expect(html).toContain(
      'The form holds the text of version 1; the public page shows version 2. Publishing this text makes it version 3.',
    );
    expect(html).toContain('>Version 1 as the page shows it</h2>');
  });
});
