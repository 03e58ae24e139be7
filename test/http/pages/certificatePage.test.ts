/**
 * The public certificate page /c/:id: the live verification banner (valid, then revoked),
 * the certificate's details, Open Graph tags, escaping of whatever the credential says,
 * both spellings of the id in the path, and one 404 for everything not public.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn } from '../../fixtures/sessions.js';
import { getPage, issueTo } from './pageRequests.js';
import { changeCredentialStatus } from '../../../src/status/statusLists.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

function pagePath(id: string): string {
  return `/c/${encodeURIComponent(id)}`;
}

describe('GET /c/:id', () => {
  it('shows the certificate with a valid banner, then revoked once revoked', async () => {
    const holder = await signIn(t, 'participant');
    const record = await issueTo(t, holder.user.id, { isPublic: true });
    const res = await getPage(t, pagePath(record.id));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('class="banner valid"');
    expect(html).toContain('Valid certificate');
    expect(html).toContain('Zoë Ngcobo-Müller');
    expect(html).toContain('Web Development 101');
    expect(html).toContain('Introductory web development');
    expect(html).toContain('Completed all modules');
    expect(html).toContain(t.deps.identity.did);
    expect(html).toContain(t.deps.config.issuerName);
    expect(html).toContain(record.certificateNumber);
    expect(html).toContain(`href="/credentials/${encodeURIComponent(record.id)}"`);
    expect(html).toContain(`href="/verify?id=${encodeURIComponent(record.id)}"`);

    await changeCredentialStatus(t.deps.status, record.id, 'revoke');
    const after = await (await getPage(t, pagePath(record.id))).text();
    expect(after).toContain('class="banner revoked"');
    expect(after).toContain('Revoked');
    expect(after).not.toContain('Valid certificate');
  });

  it('carries Open Graph and Twitter card tags', async () => {
    const record = await issueTo(t, undefined, { isPublic: true });
    const html = await (await getPage(t, pagePath(record.id))).text();
    const url = `${t.deps.config.publicUrl}/c/${encodeURIComponent(record.id)}`;
    expect(html).toContain(`<meta property="og:url" content="${url}"`);
    expect(html).toMatch(/<meta property="og:title" content="Web Development 101: Zoë Ngcobo-Müller"/);
    expect(html).toMatch(/<meta property="og:description" content="[^"]*earned/);
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"');
    expect(html).toContain('<meta name="twitter:title"');
    expect(html).toMatch(
      /<meta property="og:image" content="http:\/\/localhost:3000\/c\/[^"]+\/certificate\.png"\/>/,
    );
  });

  it('escapes what the credential says', async () => {
    const record = await issueTo(t, undefined, { isPublic: true, subjectName: '<script>alert(1)</script>' });
    const html = await (await getPage(t, pagePath(record.id))).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
  });

  it('accepts the id percent-encoded or with bare colons', async () => {
    const record = await issueTo(t, undefined, { isPublic: true });
    expect((await getPage(t, `/c/${encodeURIComponent(record.id)}`)).status).toBe(200);
    expect((await getPage(t, `/c/${record.id}`)).status).toBe(200);
  });

  it('answers the same 404 page for private, missing and erased-holder certificates', async () => {
    const holder = await signIn(t, 'participant');
    const privateOne = await issueTo(t, holder.user.id);
    const redacted = await issueTo(t, holder.user.id, { isPublic: true });
    await t.deps.stores.credentials.redactPersonalData(redacted.id, new Date().toISOString());
    const bodies: string[] = [];
    for (const id of [privateOne.id, redacted.id, 'urn:uuid:00000000-0000-4000-8000-000000000000']) {
      const res = await getPage(t, pagePath(id));
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('Certificate not found');
      expect(html).not.toContain('Ngcobo');
      bodies.push(html);
    }
    expect(new Set(bodies).size).toBe(1);
    // Even its holder sees the 404 while it is private.
    expect((await getPage(t, pagePath(privateOne.id), holder)).status).toBe(404);
  });
});
