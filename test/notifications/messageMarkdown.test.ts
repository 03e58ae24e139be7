/** Message templates: typed values stay text, links are limited, the text part says the same thing. */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/notifications/markdown.js';
import { checkDraft, previewDraft } from '../../src/notifications/messageTemplates.js';
import { checkLinkTag, linkTag, trackHtml, unsubscribeHeaders } from '../../src/notifications/mailLinks.js';

describe('message markdown', () => {
  it('prints names with markup or Markdown literally', () => {
    const { html, text } = renderMarkdown('Hello **{{name}}**,\n\n[Open]({{url}})', {
      name: '<script>x</script> [win](https://evil.example) *b*',
      url: 'https://saypro.example/me?a=1&b=(2)',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="https://evil.example"');
    expect(html).toContain('href="https://saypro.example/me?a=1&amp;b=(2)"');
    expect(text).toContain('Hello <script>x</script> [win](https://evil.example) *b*,');
    expect(text).toContain('Open (https://saypro.example/me?a=1&b=(2))');
  });

  it('refuses javascript: links and raw HTML in templates', () => {
    const { html } = renderMarkdown(
      '[x](javascript:alert(1)) <b>bold</b> ![img](https://t.example/p.gif)',
      {},
    );
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<img');
  });

  it('rejects unknown placeholders and previews with sample data', () => {
    expect(() =>
      checkDraft({ trigger: 'certificate_issued', language: 'en', subject: 'Hi {{nmae}}', body: 'x' }),
    ).toThrow(/Unknown placeholder \{\{nmae\}\}/);
    expect(() =>
      checkDraft({ trigger: 'certificate_issued', language: 'xx', subject: 'Hi', body: 'x' }),
    ).toThrow(/Language/);
    const preview = previewDraft({
      trigger: 'certificate_issued',
      language: 'en',
      subject: 'For {{name}}',
      body: 'Number {{certificateNumber}}',
    });
    expect(preview.subject).toBe('For Amahle Dlamini');
    expect(preview.text).toBe('Number SP-2026-000123');
  });
});

describe('mail links', () => {
  const settings = {
    publicUrl: 'https://saypro.example',
    secret: Buffer.from('s'.repeat(32)),
    tracking: true,
  };
  it('signs click links and adds the pixel; a changed URL fails the check', () => {
    const html = trackHtml(
      settings,
      'm1',
      '<html><body><a href="https://saypro.example/me?a=1&amp;b=2">x</a></body></html>',
    );
    const href = /href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const url = new URL(href);
    expect(url.pathname).toBe('/t/c/m1');
    expect(url.searchParams.get('u')).toBe('https://saypro.example/me?a=1&b=2');
    expect(
      checkLinkTag(
        settings.secret,
        url.searchParams.get('s')!,
        'click',
        'm1',
        'https://saypro.example/me?a=1&b=2',
      ),
    ).toBe(true);
    expect(
      checkLinkTag(settings.secret, url.searchParams.get('s')!, 'click', 'm1', 'https://evil.example'),
    ).toBe(false);
    expect(html).toContain(`/t/o/m1/${linkTag(settings.secret, 'open', 'm1')}.gif`);
    expect(
      unsubscribeHeaders({ ...settings, unsubscribeMailto: 'u@saypro.example' }, 'u1')['List-Unsubscribe'],
    ).toMatch(
      /^<https:\/\/saypro.example\/unsubscribe\/u1\/[A-Za-z0-9_-]{22}>, <mailto:u@saypro.example\?subject=unsubscribe>$/,
    );
  });
});
