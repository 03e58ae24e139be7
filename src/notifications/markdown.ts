/**
 * Message bodies are Markdown written by staff, with `{{placeholder}}`s filled from data
 * that people type (names, course titles, feedback). Both must stay text: markdown-it
 * runs with raw HTML off (any tag is shown as text), images off (no remote content in
 * mail), and links limited to http(s) and mailto. Values are backslash-escaped before
 * parsing, so a name such as `[win](https://evil)` or `**x**` is printed as typed, never
 * turned into a link or formatting. The plain-text part comes from the same parse, so the
 * two parts always say the same thing.
 */
import MarkdownIt from 'markdown-it';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true }).disable([
  'image',
]);
md.validateLink = (url: string) => /^(https?:\/\/|mailto:)/i.test(url.trim());

/** `{{ name }}` with optional spaces; names are letters and digits. */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** The placeholder names a template uses, each once, in order of appearance. */
export function placeholdersIn(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Backslash-escapes every ASCII punctuation character, so Markdown reads the value literally. */
function escapeMarkdown(value: string): string {
  return value.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** Fills placeholders (unknown ones become empty); `prepare` escapes each value. */
export function fillPlaceholders(
  template: string,
  values: Record<string, string>,
  prepare: (value: string) => string = (v) => v,
): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => prepare(values[name] ?? ''));
}

/** Plain text from a token stream: paragraphs apart, list items with dashes, links as "label (url)". */
function tokensToText(tokens: Token[]): string {
  let out = '';
  let listDepth = 0;
  const orderedCounters: number[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'inline': {
        let href: string | undefined;
        let label = '';
        for (const child of token.children ?? []) {
          if (child.type === 'link_open') {
            href = String(child.attrGet('href') ?? '');
            label = '';
          } else if (child.type === 'link_close') {
            out += href && href !== label ? `${label} (${href})` : label;
            href = undefined;
          } else {
            const text = child.type === 'softbreak' || child.type === 'hardbreak' ? '\n' : child.content;
            if (href !== undefined) label += text;
            else out += text;
          }
        }
        break;
      }
      case 'bullet_list_open':
        listDepth++;
        orderedCounters.push(0);
        break;
      case 'ordered_list_open':
        listDepth++;
        orderedCounters.push(1);
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listDepth--;
        orderedCounters.pop();
        if (listDepth === 0) out += '\n';
        break;
      case 'list_item_open': {
        const n = orderedCounters[orderedCounters.length - 1] ?? 0;
        out += `${'  '.repeat(Math.max(listDepth - 1, 0))}${n > 0 ? `${n}.` : '-'} `;
        if (n > 0) orderedCounters[orderedCounters.length - 1] = n + 1;
        break;
      }
      case 'paragraph_close':
        out += listDepth > 0 ? '\n' : '\n\n';
        break;
      case 'heading_close':
        out += '\n\n';
        break;
      case 'hr':
        out += '----\n\n';
        break;
      case 'code_block':
      case 'fence':
        out += `${token.content}\n`;
        break;
      default:
        break;
    }
  }
  return out.replace(/\n{3,}/g, '\n\n').trim();
}

/** A rendered body: safe HTML and the equivalent plain text. */
export interface RenderedBody {
  html: string;
  text: string;
}

/** Renders a Markdown template with its values filled in, as safe HTML and plain text. */
export function renderMarkdown(template: string, values: Record<string, string>): RenderedBody {
  const tokens = md.parse(fillPlaceholders(template, values, escapeMarkdown), {});
  return { html: md.renderer.render(tokens, md.options, {}), text: tokensToText(tokens) };
}

/** A subject line: placeholders filled, no Markdown, one line. */
export function renderSubject(template: string, values: Record<string, string>): string {
  return fillPlaceholders(template, values)
    .replace(/[\r\n]+/g, ' ')
    .trim();
}
