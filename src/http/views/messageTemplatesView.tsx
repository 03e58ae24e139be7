/**
 * The message template pages (/admin/communications/templates): every trigger with the
 * languages it has been written in, and the editor: subject and Markdown body, the
 * placeholders this message may use, a preview with sample data (the email's HTML as the
 * person will see it, and its plain-text part), other languages, and the version history.
 * The preview HTML comes from the same safe Markdown renderer as the email (raw HTML off),
 * so showing it here cannot inject anything into the console.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, When, type ConsoleProps, TableWrap } from './consoleViews.js';
import type { MessageTrigger } from '../../notifications/messageTriggers.js';
import type { MessageTemplateVersion } from '../../storage/ports.js';
import { plural } from '../../plural.js';

const MESSAGE_TEMPLATES = '/admin/communications/templates';
const LOG = '/admin/communications';

/** The editor's address for a trigger and language (optionally starting from an old version). */
export function editorPath(trigger: string, language: string, from?: number): string {
  return `${MESSAGE_TEMPLATES}/${encodeURIComponent(trigger)}?language=${encodeURIComponent(language)}${from ? `&from=${from}` : ''}`;
}

/** GET /admin/communications/templates. */
export function MessageTemplateListPage(
  props: ConsoleProps & {
    triggers: readonly MessageTrigger[];
    saved: MessageTemplateVersion[];
    languages: Record<string, string>;
  },
) {
  const savedFor = (trigger: string) => props.saved.filter((s) => s.trigger === trigger);
  return (
    <ConsoleShell title="Message templates" current={LOG} {...props}>
      <p>
        <a href={LOG}>Delivery log and reminder schedules</a>
      </p>
      <p class="hint">
        Every message the platform sends, with the text it uses now. Until a template is saved, the built-in
        English text is sent; a person whose language has no template gets the English one.
      </p>
      <TableWrap label="Message templates">
        <table>
          <caption>{plural(props.triggers.length, 'message')}</caption>
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col">Sent when</th>
              <th scope="col">Kind</th>
              <th scope="col">Written in</th>
            </tr>
          </thead>
          <tbody>
            {props.triggers.map((t) => {
              const saved = savedFor(t.trigger);
              return (
                <tr>
                  <td>
                    <a href={editorPath(t.trigger, 'en')}>{t.label}</a>
                  </td>
                  <td>{t.when}</td>
                  <td>{t.essential ? 'always sent' : 'reminder (people can turn off)'}</td>
                  <td>
                    {saved.length === 0
                      ? 'built-in English text'
                      : saved.map((s, i) => (
                          <>
                            {i > 0 ? ' · ' : ''}
                            <a
                              href={editorPath(s.trigger, s.language)}
                            >{`${props.languages[s.language] ?? s.language} v${s.version}`}</a>
                          </>
                        ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </ConsoleShell>
  );
}

/** What the editor shows. */
export interface EditorData {
  definition: MessageTrigger;
  language: string;
  languages: Record<string, string>;
  /** The languages this trigger has saved versions in, with the newest version. */
  savedLanguages: Record<string, number>;
  subject: string;
  body: string;
  /** The newest saved version in this language (0: none, the built-in text). */
  baseVersion: number;
  /** Set when the text was loaded from an older version. */
  loadedFrom?: number | undefined;
  history: (MessageTemplateVersion & { authorName: string })[];
  preview?: { subject: string; text: string; bodyHtml: string } | undefined;
}

function Preview({ preview }: { preview: NonNullable<EditorData['preview']> }) {
  return (
    <section aria-labelledby="preview-heading" class="template-preview">
      <h2 id="preview-heading">Preview with sample data</h2>
      <p>
        <strong>Subject:</strong> {preview.subject}
      </p>
      <div class="email-preview" dangerouslySetInnerHTML={{ __html: preview.bodyHtml }} />
      <details>
        <summary>Plain-text part</summary>
        <pre class="message-text">{preview.text}</pre>
      </details>
    </section>
  );
}

function History({ data }: { data: EditorData }) {
  if (data.history.length === 0)
    return <p class="hint">No saved versions in this language yet: the editor shows the built-in text.</p>;
  return (
    <TableWrap label="Saved versions">
      <table>
        <caption>Versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">Subject</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          {data.history.map((v) => (
            <tr>
              <td>{`v${v.version}`}</td>
              <td>
                <When at={v.createdAt} />
              </td>
              <td>{v.authorName}</td>
              <td>{v.subject}</td>
              <td>
                <a href={editorPath(v.trigger, v.language, v.version)}>{`Edit from v${v.version}`}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** GET/POST /admin/communications/templates/:trigger. */
export function MessageTemplateEditorPage(props: ConsoleProps & { data: EditorData }) {
  const { data, csrfToken } = props;
  const { definition } = data;
  const languageName = data.languages[data.language] ?? data.language;
  return (
    <ConsoleShell title={`Message: ${definition.label} (${languageName})`} current={LOG} {...props}>
      <p>
        <a href={MESSAGE_TEMPLATES}>All message templates</a>
      </p>
      <p>{`Sent when: ${definition.when} ${definition.essential ? 'Always sent.' : 'A reminder: people can turn these off.'}`}</p>
      <nav aria-label="Languages">
        <ul class="inline-list">
          {Object.entries(data.languages).map(([code, name]) => (
            <li>
              <a
                href={editorPath(definition.trigger, code)}
                aria-current={code === data.language ? 'page' : undefined}
              >
                {data.savedLanguages[code] ? `${name} (v${data.savedLanguages[code]})` : name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {data.loadedFrom ? (
        <p class="notice info">{`The form holds the text of version ${data.loadedFrom}; saving makes it version ${data.baseVersion + 1}.`}</p>
      ) : null}
      <div class="template-editor">
        <form
          method="post"
          action={`${MESSAGE_TEMPLATES}/${encodeURIComponent(definition.trigger)}`}
          class="template-form"
        >
          <CsrfField token={csrfToken} />
          <input type="hidden" name="language" value={data.language} />
          <input type="hidden" name="baseVersion" value={String(data.baseVersion)} />
          <label for="m-subject">Subject</label>
          <input id="m-subject" name="subject" type="text" maxlength={200} required value={data.subject} />
          <label for="m-body">Body (Markdown)</label>
          <textarea
            id="m-body"
            name="body"
            rows={12}
            maxlength={20000}
            required
            aria-describedby="m-placeholders"
          >
            {data.body}
          </textarea>
          <p id="m-placeholders" class="hint">
            {`Placeholders this message can use: ${Object.keys(definition.placeholders)
              .map((p) => `{{${p}}}`)
              .join(
                ', ',
              )}. Markdown: **bold**, *italic*, [link text](https://…), lists with "- ". HTML and images are not allowed.`}
          </p>
          <div class="row-actions">
            <button type="submit" name="action" value="preview">
              Preview
            </button>
            <button type="submit" name="action" value="save">
              {`Save as version ${data.baseVersion + 1}`}
            </button>
          </div>
        </form>
        {data.preview ? <Preview preview={data.preview} /> : null}
      </div>
      <h2>History</h2>
      <History data={data} />
    </ConsoleShell>
  );
}
