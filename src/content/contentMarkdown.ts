/**
 * Renders the site's documents (privacy notice, terms, help) from the Markdown admins
 * write. The same rules as the message templates (src/notifications/markdown.ts), whose
 * placeholder syntax this reuses: markdown-it with raw HTML off (a tag is shown as text,
 * never run), no images (the CSP would block remote ones, and a page of text needs none),
 * and links limited to http(s), mailto, paths on this site and #anchors, so no
 * `javascript:` or `data:` link can get in. Placeholder values are Markdown-escaped before
 * parsing, so an organisation name is printed as configured, never turned into markup.
 *
 * Two additions for pages: headings move down a level (the page title is the one h1, so
 * an author's `#` becomes h2), and a heading may end in `{#anchor}` to get that id, which
 * is how /faq lands on the FAQ section of /help.
 */
import MarkdownIt from 'markdown-it';
import { fillPlaceholders, placeholdersIn } from '../notifications/markdown.js';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
type CoreState = Parameters<Parameters<InstanceType<typeof MarkdownIt>['core']['ruler']['push']>[1]>[0];

/** Options for one rendering. */
export interface ContentRenderOptions {
  /** Put before every heading id, so a preview inside the console cannot clash with its form's ids. */
  idPrefix?: string;
}

/** `{#anchor}` at the end of a heading: lower-case letters, digits and hyphens. */
const ANCHOR = /\s*\{#([a-z][a-z0-9-]{0,40})\}\s*$/;

/** Ids the page around the document uses already. */
const RESERVED_IDS = new Set(['main']);

/** Whether a link target is one a page may carry: web, mail, this site's paths, anchors. */
export function isAllowedLink(url: string): boolean {
  const trimmed = url.trim();
  return /^(https?:\/\/|mailto:)/i.test(trimmed) || /^\/(?![/\\])/.test(trimmed) || /^#[\w-]*$/.test(trimmed);
}

/** Moves headings down a level and gives `{#anchor}` headings their id (once per document). */
function headingRule(state: CoreState): void {
  const env = state.env as { idPrefix?: string; usedIds?: Set<string> };
  const used = (env.usedIds ??= new Set());
  const tokens: Token[] = state.tokens;
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open' && token.type !== 'heading_close') return;
    token.tag = `h${Math.min(Number(token.tag.slice(1)) + 1, 6)}`;
    if (token.type !== 'heading_open') return;
    const inline = tokens[i + 1];
    const last = inline?.children?.at(-1);
    const match = last?.type === 'text' ? ANCHOR.exec(last.content) : null;
    if (!inline || !last || !match) return;
    last.content = last.content.slice(0, match.index);
    inline.content = inline.content.replace(ANCHOR, '');
    const id = `${env.idPrefix ?? ''}${match[1]}`;
    if (!used.has(id) && !RESERVED_IDS.has(id)) {
      used.add(id);
      token.attrSet('id', id);
    }
  });
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable(['image']);
md.validateLink = isAllowedLink;
md.core.ruler.push('content_headings', headingRule);

/** Backslash-escapes every ASCII punctuation character, so Markdown reads a value literally. */
function escapeMarkdown(value: string): string {
  return value.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** The placeholder names a document uses that are not among `allowed`. */
export function unknownPlaceholders(markdown: string, allowed: readonly string[]): string[] {
  return placeholdersIn(markdown).filter((name) => !allowed.includes(name));
}

/** Renders a document to safe HTML, its placeholders filled with `values`. */
export function renderContent(
  markdown: string,
  values: Record<string, string>,
  options: ContentRenderOptions = {},
): string {
  return md.render(fillPlaceholders(markdown, values, escapeMarkdown), {
    ...(options.idPrefix ? { idPrefix: options.idPrefix } : {}),
  });
}
