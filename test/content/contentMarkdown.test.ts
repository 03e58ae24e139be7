/** The site pages' Markdown: headings move down a level, `{#anchor}` ids, links limited, values literal. */
import { describe, expect, it } from 'vitest';
import { isAllowedLink, renderContent, unknownPlaceholders } from '../../src/content/contentMarkdown.js';

describe('site page markdown', () => {
  it('moves headings down a level and gives {#anchor} headings their id, once per document', () => {
    const html = renderContent(
      '# One {#one}\n\n## Two {#two}\n\n###### Six\n\n# Again {#one}\n\n# Main {#main}\n\n# Bad {#Not Valid}',
      {},
    );
    expect(html).toContain('<h2 id="one">One</h2>');
    expect(html).toContain('<h3 id="two">Two</h3>');
    expect(html).toContain('<h6>Six</h6>');
    expect(html).toContain('<h2>Again</h2>');
    expect(html).toContain('<h2>Main</h2>');
    expect(html).toContain('<h2>Bad {#Not Valid}</h2>');
    expect(renderContent('# One {#one}', {}, { idPrefix: 'preview-' })).toBe(
      '<h2 id="preview-one">One</h2>\n',
    );
  });

  it('keeps links to web, mail, this site and anchors; drops script, data and protocol-relative ones', () => {
    for (const ok of [
      'https://example.org/x',
      'http://a.example',
      'mailto:a@b.example',
      '/verify',
      '/help#faq',
      '#faq',
    ])
      expect(isAllowedLink(ok), ok).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,x',
      '//evil.example',
      '/\\evil.example',
      'vbscript:x',
      'file:///etc/passwd',
    ]) {
      expect(isAllowedLink(bad), bad).toBe(false);
    }
    const html = renderContent(
      '[a](javascript:alert(1)) [b](//evil.example) [c](/me) <a href="x">raw</a>',
      {},
    );
    expect(html).not.toContain('href="javascript');
    expect(html).not.toContain('href="//evil');
    expect(html).toContain('<a href="/me">c</a>');
    expect(html).toContain('&lt;a href=&quot;x&quot;&gt;raw&lt;/a&gt;');
  });

  it('prints placeholder values literally, markup and Markdown alike', () => {
    const html = renderContent('By **{{organisationName}}**', {
      organisationName: '<b>Acme</b> [x](https://evil.example) *y*',
    });
    expect(html).toBe('<p>By <strong>&lt;b&gt;Acme&lt;/b&gt; [x](https://evil.example) *y*</strong></p>\n');
    expect(unknownPlaceholders('{{organisationName}} {{nope}} {{nope}}', ['organisationName'])).toEqual([
      'nope',
    ]);
  });
});
