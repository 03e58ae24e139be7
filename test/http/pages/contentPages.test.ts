/**
 * The public documents, the 404 and the icon: on an empty database /privacy, /terms and
 * /help show the built-in text with the organisation's name filled in, /faq leads to the
 * help page's FAQ, every page ends with the footer links; an unknown address is a page in
 * words for a browser and problem+json for an API client, neither reading the address
 * back; the icon is served as SVG and as an ICO; sign-up links to the texts and records the
 * versions it showed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn } from '../../fixtures/sessions.js';
import { anonymous, getPage, postForm } from './pageRequests.js';
import { publishContent } from '../../../src/content/siteContent.js';
import { textVersionId } from '../../../src/content/contentDocuments.js';
import { pngIco } from '../../../src/http/routes/siteAssets.js';
import type { Actor } from '../../../src/accounts/accountDeps.js';

let t: TestApp;
const PASSWORD = 'violet kettle orbit 9251 lantern';

beforeAll(async () => {
  t = await createTestApp({ env: { ISSUER_NAME: 'Umthombo Skills Academy', SIGNUP_MODE: 'self' } });
});
afterAll(async () => {
  await t.close();
});

async function publishAs(slug: string, markdown: string, baseVersion: number): Promise<void> {
  const admin = await signIn(t, 'admin');
  const actor: Actor = { id: admin.user.id, label: admin.user.name, role: 'admin' };
  await publishContent(t.deps.content, actor, { slug, markdown, baseVersion });
}

describe('the documents on a fresh install', () => {
  it.each([
    [
      '/privacy',
      'Privacy notice',
      [
        'What we keep',
        'How long we keep it',
        'Your rights',
        'Umthombo Skills Academy runs this site, http://localhost:3000',
        'through <a href="http://localhost:3000">http://localhost:3000</a>',
        'href="/me/privacy"',
      ],
    ],
    ['/terms', 'Terms of use', ['Your account', 'Acceptable use', 'href="/privacy"']],
    [
      '/help',
      'Help and FAQ',
      [
        'Getting your certificate',
        'LinkedIn',
        'Learner Credential Wallet',
        'backpack',
        'href="/verify"',
        'Revoked',
        'Suspended',
        'Expired',
        'Replaced',
        'id="faq"',
      ],
    ],
  ])('%s shows the built-in %s, with placeholders filled', async (path, title, phrases) => {
    const res = await getPage(t, path, anonymous());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(`<h1>${title}</h1>`);
    for (const phrase of phrases) expect(html).toContain(phrase);
    expect(html).not.toContain('{{');
    // The page title is the only h1: the document's sections are h2.
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toMatch(/Version v0-[0-9a-f]{8}/);
  });

  it('sends /faq to the FAQ section of the help page', async () => {
    const res = await getPage(t, '/faq');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/help#faq');
  });

  it('ends every page with links to the privacy notice, terms and help, and names the icon', async () => {
    for (const path of ['/', '/login', '/signup', '/privacy', '/nope/nothing']) {
      const html = await (await getPage(t, path, anonymous())).text();
      const footer = /<footer class="site">([\s\S]*?)<\/footer>/.exec(html)?.[1] ?? '';
      expect(footer, path).toContain('<a href="/privacy">Privacy notice</a>');
      expect(footer, path).toContain('<a href="/terms">Terms of use</a>');
      expect(footer, path).toContain('<a href="/help">Help and FAQ</a>');
      expect(html, path).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
    }
  });

  it('shows an admin a link to edit the page, and nobody else', async () => {
    expect(await (await getPage(t, '/terms', await signIn(t, 'admin'))).text()).toContain(
      'href="/admin/content/terms"',
    );
    expect(await (await getPage(t, '/terms', await signIn(t, 'staff'))).text()).not.toContain(
      '/admin/content',
    );
    expect(await (await getPage(t, '/terms', anonymous())).text()).not.toContain('/admin/content');
  });
});

describe('published versions', () => {
  it('the page shows the newest version; HTML in the Markdown is shown as text, never run', async () => {
    await publishAs('help', '# Getting help {#getting}\n\nCall **{{organisationName}}**.', 0);
    await publishAs(
      'help',
      '# Newest help {#faq}\n\n<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) [ok](/verify) ![pic](https://evil.example/p.png)',
      1,
    );
    const html = await (await getPage(t, '/help', anonymous())).text();
    expect(html).toContain('<h2 id="faq">Newest help</h2>');
    expect(html).not.toContain('Getting help');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<img[^>]*onerror/);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="/verify">ok</a>');
    // Images are off: a picture becomes at most a link, never a request the page makes
    // (the published text, in <main>; the site's own mark in the header is ours).
    expect(html.slice(html.indexOf('<main'), html.indexOf('</main>'))).not.toContain('<img');
    expect(html).toMatch(/Version v2, published <time/);
  });
});

describe('the 404', () => {
  it('is a page in words for a browser, with the ways out, never reading the address back', async () => {
    const res = await getPage(t, '/nope/%3Cscript%3Ealert(1)%3C%2Fscript%3E', anonymous());
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<h1>We can&#39;t find that page</h1>');
    for (const href of ['/', '/verify', '/me', '/help']) expect(html).toContain(`href="${href}"`);
    expect(html).not.toContain('No route for');
    expect(html).not.toContain('/nope');
    expect(html).not.toContain('<script>');
  });

  it('stays application/problem+json for an API client, naming the method and path its developer used', async () => {
    for (const accept of ['application/json', '*/*', 'text/html, application/json']) {
      const res = await t.app.request('/nope', { headers: { accept } });
      expect(res.status, accept).toBe(404);
      expect(res.headers.get('content-type'), accept).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as { code: string; detail: string };
      expect(body.code).toBe('not_found');
      expect(body.detail).toBe('No route for GET /nope');
    }
    const post = await t.app.request('/nope', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(404);
    expect(post.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('keeps a route’s own not-found sentence on the page in words', async () => {
    const res = await getPage(t, '/admin/organisations/no-such-org', await signIn(t, 'admin'));
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('We can&#39;t find that page');
  });
});

describe('the icon', () => {
  it('serves /favicon.svg as SVG and /favicon.ico as an ICO holding a 32x32 PNG', async () => {
    const svg = await t.app.request('/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>$/);

    const ico = await t.app.request('/favicon.ico');
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    const bytes = Buffer.from(await ico.arrayBuffer());
    expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2), bytes.readUInt16LE(4)]).toEqual([0, 1, 1]);
    expect([bytes[6], bytes[7]]).toEqual([32, 32]);
    expect(bytes.readUInt32LE(18)).toBe(22);
    expect(bytes.readUInt32LE(14)).toBe(bytes.length - 22);
    expect(bytes.subarray(22, 30)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.readUInt32BE(22 + 16)).toBe(32);
  });

  it('the ICO holds the SVG as rendered now (the embedded PNG has not drifted from it)', async () => {
    const { Resvg } = await import('@resvg/resvg-js');
    const { FAVICON_PNG_32, FAVICON_SVG } = await import('../../../src/http/routes/siteAssets.js');
    const fresh = new Resvg(FAVICON_SVG, { fitTo: { mode: 'width', value: 32 } }).render().asPng();
    expect(
      Buffer.from(FAVICON_PNG_32, 'base64').equals(Buffer.from(fresh)),
      'render FAVICON_SVG at 32x32 and paste its base64 into FAVICON_PNG_32',
    ).toBe(true);
    expect(pngIco(Buffer.from(fresh), 32).length).toBe(fresh.length + 22);
  });
});

describe('sign-up and consent', () => {
  it('links the words to the texts and sends back the versions shown', async () => {
    const html = await (await getPage(t, '/signup', anonymous())).text();
    expect(html).toContain(
      '<a href="/terms" target="_blank" rel="noopener" aria-describedby="new-tab-note">terms of use</a>',
    );
    expect(html).toContain(
      '<a href="/privacy" target="_blank" rel="noopener" aria-describedby="new-tab-note">privacy notice</a>',
    );
    expect(html).toContain('<span id="new-tab-note" hidden="">Opens in a new tab</span>');
    expect(html).toContain(`name="termsVersion" value="${textVersionId('terms', 0)}"`);
    expect(html).toContain(`name="privacyVersion" value="${textVersionId('privacy', 0)}"`);
  });

  async function signUpWith(email: string, versions: Record<string, string>): Promise<Response> {
    return postForm(t, '/signup', {
      name: 'Nomsa Khumalo',
      email,
      password: PASSWORD,
      acceptedTerms: 'yes',
      ...versions,
    });
  }

  async function consentsOf(email: string): Promise<Record<string, string>> {
    const user = await t.deps.stores.users.getByEmail(email);
    expect(user, email).toBeDefined();
    const records = await t.deps.stores.consents.listForUser(user!.id);
    return Object.fromEntries(records.map((r) => [r.kind, r.textVersion]));
  }

  it('records the versions of the terms and privacy notice the form showed', async () => {
    const shown = { termsVersion: textVersionId('terms', 0), privacyVersion: textVersionId('privacy', 0) };
    const res = await signUpWith('nomsa.builtin@example.org', shown);
    expect(res.status).toBe(200);
    expect(await consentsOf('nomsa.builtin@example.org')).toEqual({
      terms: shown.termsVersion,
      privacy: shown.privacyVersion,
    });

    await publishAs('privacy', '# Our notice\n\nNew words.', 0);
    const now = await (await getPage(t, '/signup', anonymous())).text();
    expect(now).toContain('name="privacyVersion" value="v1"');
    await signUpWith('nomsa.v1@example.org', { termsVersion: shown.termsVersion, privacyVersion: 'v1' });
    expect(await consentsOf('nomsa.v1@example.org')).toEqual({ terms: shown.termsVersion, privacy: 'v1' });
  });

  it('keeps an older published version the person read; a form without versions gets the current ones', async () => {
    await publishAs('terms', 'Terms one.', 0);
    await publishAs('terms', 'Terms two.', 1);
    await signUpWith('nomsa.older@example.org', { termsVersion: 'v1', privacyVersion: 'v1' });
    expect(await consentsOf('nomsa.older@example.org')).toEqual({ terms: 'v1', privacy: 'v1' });
    await signUpWith('nomsa.bare@example.org', {});
    expect(await consentsOf('nomsa.bare@example.org')).toEqual({ terms: 'v2', privacy: 'v1' });
  });

  it('refuses a version that does not exist, asking the person to read the texts again', async () => {
    for (const termsVersion of ['v99', 'v0-00000000', '<b>x</b>']) {
      const email = `nomsa.${termsVersion.length}@example.org`;
      const res = await signUpWith(email, { termsVersion, privacyVersion: 'v1' });
      expect(res.status, termsVersion).toBe(400);
      const html = await res.text();
      expect(html).toContain('changed while you were signing up');
      expect(html).not.toContain('<b>x</b>');
      expect(await t.deps.stores.users.getByEmail(email)).toBeUndefined();
    }
  });
});
