/**
 * Reading a QR code's text as a link of this site: the four link shapes a certificate's QR
 * code has held, under a PUBLIC_URL with or without a base path; everything else (another
 * origin, scheme or port, another page, a path outside the base) leads elsewhere, and text
 * that is no http(s) URL is no link at all.
 */
import { describe, expect, it } from 'vitest';
import { qrLinkOf } from '../../src/verification/qrLink.js';

const ID = 'urn:uuid:0b0b0b0b-1111-4222-8333-444455556666';
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWx';

describe.each([
  ['a root site', 'https://certs.saypro.example'],
  ['a site under a base path', 'https://saypro.example/certificates'],
])('qrLinkOf on %s', (_what, site) => {
  it('reads /v/<token> as a token, and /c/, /credentials/ and /verify?id= as ids (percent-decoded)', () => {
    expect(qrLinkOf(`${site}/v/${TOKEN}`, site)).toEqual({
      kind: 'token',
      token: TOKEN,
      url: `${site}/v/${TOKEN}`,
    });
    for (const path of [
      `/c/${encodeURIComponent(ID)}`,
      `/credentials/${encodeURIComponent(ID)}`,
      `/verify?id=${encodeURIComponent(ID)}`,
    ]) {
      expect(qrLinkOf(`${site}${path}`, site)).toEqual({ kind: 'id', id: ID, url: `${site}${path}` });
    }
    expect(qrLinkOf(`  ${site}/c/${encodeURIComponent(ID)}\n`, site)).toMatchObject({ kind: 'id', id: ID });
  });

  it('sends every other link elsewhere, with its URL', () => {
    const { protocol, host, hostname } = new URL(site);
    const other = protocol === 'https:' ? 'http:' : 'https:';
    for (const link of [
      `https://evil.example/c/${ID}`,
      `${other}//${host}${new URL(site).pathname.replace(/\/$/, '')}/c/x`,
      `${protocol}//${hostname}:8443/c/x`,
      `${site}/login`,
      `${site}/c/a/b`,
      `${site}/c/`,
      `${site}/verify`,
      `${site}/c/%E0%A4%A`,
      `${protocol}//${host}/elsewhere/c/x`,
    ]) {
      expect(qrLinkOf(link, site), link).toEqual({ kind: 'elsewhere', url: new URL(link).href });
    }
  });

  it('is not a link for text, mailto: or javascript:', () => {
    for (const text of ['SP-2026-000001', 'mailto:a@example.org', 'javascript:alert(1)', ''])
      expect(qrLinkOf(text, site)).toEqual({ kind: 'notLink' });
  });
});

it('without a site every link leads elsewhere', () => {
  expect(qrLinkOf(`https://certs.saypro.example/v/${TOKEN}`, undefined)).toEqual({
    kind: 'elsewhere',
    url: `https://certs.saypro.example/v/${TOKEN}`,
  });
});
