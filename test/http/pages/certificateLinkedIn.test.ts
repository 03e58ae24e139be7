/** The certificate page offers "Add to LinkedIn profile" to its holder, and to no one else. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { openBadgeRequest } from '../../fixtures/credentials.js';
import { issueCredential } from '../../../src/credentials/issueCredential.js';

let t: TestApp;
let holder: SignedIn;
let other: SignedIn;
let id: string;
let number: string;

beforeAll(async () => {
  t = await createTestApp();
  holder = await signIn(t, 'participant');
  other = await signIn(t, 'participant');
  const { record } = await issueCredential(
    t.deps.issue,
    openBadgeRequest({ validUntil: '2029-06-30T00:00:00Z' }),
    { holderUserId: holder.user.id, isPublic: true },
  );
  id = record.id;
  number = record.certificateNumber;
});
afterAll(async () => t.close());

function linkedInHref(html: string): URL | undefined {
  const match = /href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/.exec(html);
  return match ? new URL(match[1]!.replaceAll('&amp;', '&')) : undefined;
}

describe('Add to LinkedIn', () => {
  it('the holder gets a link with the certification filled in', async () => {
    const html = await (
      await t.app.request(`/c/${encodeURIComponent(id)}`, { headers: { cookie: holder.cookie } })
    ).text();
    const url = linkedInHref(html);
    expect(url).toBeDefined();
    expect(url!.searchParams.get('name')).toBe('Web Development 101');
    expect(url!.searchParams.get('certId')).toBe(number);
    expect(url!.searchParams.get('certUrl')).toBe(`http://localhost:3000/c/${encodeURIComponent(id)}`);
    expect(url!.searchParams.get('expirationYear')).toBe('2029');
    expect(url!.searchParams.get('organizationName')).toBe('SayPro');
  });

  it('a visitor and another signed-in person do not see it', async () => {
    for (const headers of [{}, { cookie: other.cookie }] as Record<string, string>[]) {
      const html = await (await t.app.request(`/c/${encodeURIComponent(id)}`, { headers })).text();
      expect(html).toContain('Valid certificate');
      expect(linkedInHref(html)).toBeUndefined();
    }
  });
});

describe('the certificate page shows and links its renders', () => {
  it('has the image, PNG/PDF/baked/JSON downloads that answer, and an og:image', async () => {
    const encoded = encodeURIComponent(id);
    const html = await (await t.app.request(`/c/${encoded}`)).text();
    expect(html).toContain(
      `<meta property="og:image" content="http://localhost:3000/c/${encoded}/certificate.png"/>`,
    );
    expect(html).toContain('name="twitter:card" content="summary_large_image"');
    expect(html).toMatch(
      /<img src="\/c\/[^"]+\/certificate\.png" alt="Certificate: Web Development 101, awarded to /,
    );
    const expected: Record<string, string> = {
      'certificate.png': 'image/png',
      'certificate.pdf': 'application/pdf',
      'certificate-baked.png': 'image/png',
    };
    for (const [file, type] of Object.entries(expected)) {
      expect(html).toContain(`href="/c/${encoded}/${file}"`);
      const response = await t.app.request(`/c/${encoded}/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
    }
    expect(html).toContain(`href="/credentials/${encoded}"`);
  });
});
