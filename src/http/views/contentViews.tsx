/**
 * The site's documents: the public page (/privacy, /terms, /help) and, in the console, the
 * list of documents and the editor (Markdown, preview, publish, older versions). The HTML of
 * a document comes from src/content/contentMarkdown.ts (raw HTML off, links limited), so
 * showing it here cannot inject anything into the page.
 */
import { CsrfField, Layout } from './layout.js';
import { ConsoleShell, When, type ConsoleProps, TableWrap } from './consoleViews.js';
import type { ShellProps } from './authViews.js';
import type { ContentEditing, PublishedPage } from '../../content/siteContent.js';
import type { ContentDocument } from '../../content/contentDocuments.js';

/** Where the console keeps the documents. */
const CONTENT_CONSOLE = '/admin/content';

/** The editor's address for a document (optionally showing an older version). */
export function contentEditorPath(slug: string, version?: number): string {
  return `${CONTENT_CONSOLE}/${encodeURIComponent(slug)}${version !== undefined ? `?version=${version}` : ''}`;
}

/** GET /privacy, /terms, /help: the newest version; admins get a link to edit it. */
export function ContentPage(props: ShellProps & { page: PublishedPage }) {
  const { page, user } = props;
  return (
    <Layout title={page.document.title} user={user} csrfToken={props.csrfToken}>
      <p class="page-meta">
        {`Version ${page.textVersion}`}
        {page.publishedAt ? (
          <>
            {', published '}
            <When at={page.publishedAt} />
          </>
        ) : null}
        {user?.role === 'admin' ? (
          <>
            {' · '}
            <a href={contentEditorPath(page.document.slug)}>Edit this page</a>
          </>
        ) : null}
      </p>
      <div class="content" dangerouslySetInnerHTML={{ __html: page.html }} />
    </Layout>
  );
}

/** One row of the console's list. */
export interface ContentListEntry {
  document: ContentDocument;
  version: number;
  publishedAt?: string;
  authorName?: string;
}

/** GET /admin/content. */
export function ContentListPage(props: ConsoleProps & { documents: ContentListEntry[] }) {
  return (
    <ConsoleShell title="Site pages" current={CONTENT_CONSOLE} {...props}>
      <p class="hint">
        The privacy notice, terms of use and help page everyone can read, linked from the foot of every page.
        Until you publish a version, each shows the built-in text (version 0). Publishing stores a new
        version; older ones are kept, and each account records the versions of the terms and privacy notice it
        accepted.
      </p>
      <TableWrap label="Site pages">
        <table>
          <caption>{`${props.documents.length} pages`}</caption>
          <thead>
            <tr>
              <th scope="col">Page</th>
              <th scope="col">Shown now</th>
              <th scope="col">Published</th>
            </tr>
          </thead>
          <tbody>
            {props.documents.map((entry) => (
              <tr>
                <td>
                  <a href={contentEditorPath(entry.document.slug)}>
                    <span class="visually-hidden">Edit </span>
                    {entry.document.title}
                  </a>
                  <br />
                  <small>
                    {`${entry.document.purpose} Public page: `}
                    <a href={entry.document.path}>{entry.document.path}</a>
                  </small>
                </td>
                <td>{entry.version === 0 ? 'built-in text (v0)' : `v${entry.version}`}</td>
                <td>
                  {entry.publishedAt ? (
                    <>
                      <When at={entry.publishedAt} />
                      {` by ${entry.authorName ?? ''}`}
                    </>
                  ) : (
                    'never'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </ConsoleShell>
  );
}

/** What the editor shows: the stored state plus the text in the form (a draft after a preview or a refusal). */
export interface ContentEditorData {
  editing: ContentEditing;
  markdown: string;
  /** The rendered draft, after Preview (else the shown version's rendering). */
  previewHtml: string;
  /** The version the form was opened at (publishing makes the next one). */
  baseVersion: number;
  /** True when the preview is of the text in the form rather than a stored version. */
  isDraft: boolean;
}

function History({ editing }: { editing: ContentEditing }) {
  const { document, history } = editing;
  return (
    <TableWrap label="Published versions">
      <table>
        <caption>Versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Published</th>
            <th scope="col">By</th>
            <th scope="col">Text</th>
          </tr>
        </thead>
        <tbody>
          {history.map((v, i) => (
            <tr>
              <td>{`v${v.version}${i === 0 ? ' (shown now)' : ''}`}</td>
              <td>
                <When at={v.createdAt} />
              </td>
              <td>{v.authorName}</td>
              <td>
                <a
                  href={contentEditorPath(document.slug, v.version)}
                  aria-current={editing.shown === v.version ? 'page' : undefined}
                >{`View v${v.version}`}</a>
              </td>
            </tr>
          ))}
          <tr>
            <td>{`v0${history.length === 0 ? ' (shown now)' : ''}`}</td>
            <td>built in</td>
            <td>—</td>
            <td>
              <a
                href={contentEditorPath(document.slug, 0)}
                aria-current={editing.shown === 0 ? 'page' : undefined}
              >
                View the built-in text
              </a>
            </td>
          </tr>
        </tbody>
      </table>
    </TableWrap>
  );
}

/** GET/POST /admin/content/:slug. */
export function ContentEditorPage(props: ConsoleProps & { data: ContentEditorData }) {
  const { data, csrfToken } = props;
  const { editing } = data;
  const { document } = editing;
  const placeholders = Object.entries(editing.placeholders);
  const olderShown = !data.isDraft && editing.shown !== editing.current;
  return (
    <ConsoleShell title={`Edit: ${document.title}`} current={CONTENT_CONSOLE} {...props}>
      <p class="links">
        <a href={CONTENT_CONSOLE}>All site pages</a>
        <a href={document.path}>{`View the public page (${document.path})`}</a>
      </p>
      {olderShown ? (
        <p class="notice info">{`The form holds the text of version ${editing.shown}${editing.shown === 0 ? ' (the built-in text)' : ''}; the public page shows version ${editing.current}. Publishing this text makes it version ${data.baseVersion + 1}.`}</p>
      ) : null}
      {editing.current === 0 && !olderShown ? (
        <p class="hint">
          The public page shows the built-in text (version 0). Review it, change what does not fit, and
          publish.
        </p>
      ) : null}
      <div class="template-editor">
        <form method="post" action={contentEditorPath(document.slug)} class="template-form content-form">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="baseVersion" value={String(data.baseVersion)} />
          <label for="content-markdown">Text (Markdown)</label>
          <textarea
            id="content-markdown"
            name="markdown"
            rows={24}
            required
            aria-describedby="content-markdown-hint"
          >
            {data.markdown}
          </textarea>
          <div id="content-markdown-hint" class="hint">
            <p>
              The page title is added for you. Start a section with <code># Section</code> and a question or
              sub-section with <code>## Question</code>; end a heading with <code>{'{#name}'}</code> to link
              to it as <code>{`${document.path}#name`}</code>. Also: <code>**bold**</code>,{' '}
              <code>*italic*</code>, <code>[link text](/verify)</code> or <code>(https://…)</code>, lists with{' '}
              <code>- </code>. HTML and images are shown as text, not run.
            </p>
            <p>{`Placeholders: ${placeholders.map(([name, what]) => `{{${name}}} (${what})`).join(', ')}.`}</p>
          </div>
          <div class="row-actions">
            <button type="submit" name="action" value="preview">
              Preview
            </button>{' '}
            <button type="submit" name="action" value="publish">
              {`Publish as version ${data.baseVersion + 1}`}
            </button>
          </div>
        </form>
        <section aria-labelledby="preview-heading" class="template-preview">
          <h2 id="preview-heading">
            {data.isDraft ? 'Preview of your text' : `Version ${editing.shown} as the page shows it`}
          </h2>
          <section
            class="content content-preview"
            tabindex={0}
            aria-label="Rendered page"
            dangerouslySetInnerHTML={{ __html: data.previewHtml }}
          />
        </section>
      </div>
      <h2>History</h2>
      <History editing={editing} />
    </ConsoleShell>
  );
}
