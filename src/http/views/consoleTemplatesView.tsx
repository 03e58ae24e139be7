/**
 * The console's certificate template pages: the list, the new-template form, one
 * template (its edit form beside the live preview, the lock button and the version
 * history with locked/draft badges) and one version (read-only, with its preview).
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, TableWrap, When, type ConsoleProps } from './consoleViews.js';
import {
  DesignFields,
  PREVIEW_SCRIPT,
  PreviewFigure,
  previewAttributes,
  previewParam,
  type StoredImages,
} from './templateFormView.js';
import { FORM } from '../../templates/designForm.js';
import { MAX_TEMPLATE_NAME } from '../../templates/templates.js';
import type { TemplateRecord, TemplateSummary, TemplateVersionRecord } from '../../storage/ports.js';
import { plural } from '../../plural.js';

const LIST = '/admin/templates';

/** A version's state as a badge. */
function StateBadge({ locked }: { locked: boolean }) {
  return locked ? <span class="badge locked">Locked</span> : <span class="badge draft">Draft</span>;
}

const versionPath = (templateId: string, version: number) =>
  `${LIST}/${encodeURIComponent(templateId)}/versions/${version}`;

/** GET /admin/templates. */
export function TemplateListPage(props: ConsoleProps & { templates: TemplateSummary[] }) {
  const { templates } = props;
  return (
    <ConsoleShell title="Certificate templates" current={LIST} {...props}>
      <p>
        A template is the design certificates are drawn with. A version stays a draft while you edit it; once
        it is locked (attached to a batch, or locked here) it never changes, and editing the template creates
        a new version.
      </p>
      <p>
        <a class="button" href={`${LIST}/new`}>
          New template
        </a>
      </p>
      {templates.length === 0 ? (
        <p class="empty">No templates yet; certificates use the built-in design.</p>
      ) : (
        <TableWrap label={plural(templates.length, 'template')}>
          <table>
            <caption>{plural(templates.length, 'template')}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Id (for the API)</th>
                <th scope="col">Latest version</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((t) => (
                <tr>
                  <td>
                    <a href={`${LIST}/${encodeURIComponent(t.id)}`}>{t.name}</a>
                  </td>
                  <td>
                    <code>{t.id}</code>
                  </td>
                  <td>{t.latestVersion}</td>
                  <td>
                    <StateBadge locked={t.latestLocked} />
                  </td>
                  <td>
                    <When at={t.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </ConsoleShell>
  );
}

/** GET /admin/templates/new (and the form again after a 400). */
export function NewTemplatePage(props: ConsoleProps & { name: string; values: Record<string, string> }) {
  const { csrfToken, name, values } = props;
  return (
    <ConsoleShell title="New certificate template" current={LIST} head={PREVIEW_SCRIPT} {...props}>
      <div class="template-editor">
        <form
          method="post"
          action={LIST}
          enctype="multipart/form-data"
          class="template-form"
          {...previewAttributes(undefined)}
        >
          <CsrfField token={csrfToken} />
          <div class="field">
            <label for="t-name">Template name</label>
            <p class="hint" id="t-name-hint">
              For staff only, e.g. "Short course, landscape". It is not printed on certificates.
            </p>
            <input
              id="t-name"
              name="name"
              type="text"
              value={name}
              maxlength={MAX_TEMPLATE_NAME}
              required
              aria-describedby="t-name-hint"
            />
          </div>
          <DesignFields values={values} images={{ logo: false, signatures: [] }} />
          <button type="submit">Create template</button>
        </form>
        <PreviewFigure
          src={`${LIST}/preview.png?design=${previewParam(values)}`}
          orientation={values[FORM.orientation]}
          caption="Preview with a sample participant; it follows your changes."
        />
      </div>
    </ConsoleShell>
  );
}

/** The version history table. */
function VersionHistory({
  template,
  versions,
}: {
  template: TemplateRecord;
  versions: TemplateVersionRecord[];
}) {
  return (
    <TableWrap label={`${plural(versions.length, 'version')}, newest first`}>
      <table>
        <caption>{`${plural(versions.length, 'version')}, newest first`}</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
            <th scope="col">Last edited</th>
            <th scope="col">Locked</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr>
              <td>
                <a href={versionPath(template.id, v.version)}>{`Version ${v.version}`}</a>
              </td>
              <td>
                <StateBadge locked={!!v.lockedAt} />
              </td>
              <td>
                <When at={v.createdAt} />
              </td>
              <td>
                <When at={v.updatedAt} />
              </td>
              <td>
                <When at={v.lockedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The "Lock this version" button for a draft. */
function LockForm({
  templateId,
  version,
  csrfToken,
}: {
  templateId: string;
  version: number;
  csrfToken: string;
}) {
  return (
    <form method="post" action={`${versionPath(templateId, version)}/lock`} class="lock-form">
      <CsrfField token={csrfToken} />
      <p class="hint">
        Locking fixes this version for good: certificates drawn with it always look the same. Later edits
        become a new version.
      </p>
      <button type="submit">Lock this version</button>
    </form>
  );
}

/** GET /admin/templates/:id: edit the latest version, preview, lock, history. */
export function TemplatePage(
  props: ConsoleProps & {
    template: TemplateRecord;
    versions: TemplateVersionRecord[];
    values: Record<string, string>;
    images: StoredImages;
  },
) {
  const { template, versions, values, images, csrfToken } = props;
  const latest = versions[0]!;
  const locked = !!latest.lockedAt;
  return (
    <ConsoleShell title={template.name} current={LIST} head={PREVIEW_SCRIPT} {...props}>
      <p>
        {`Latest: version ${latest.version} `}
        <StateBadge locked={locked} />
        {' · '}
        <a href={LIST}>All templates</a>
      </p>
      {locked ? (
        <p class="notice info">{`Version ${latest.version} is locked. Saving creates version ${latest.version + 1}; version ${latest.version} stays exactly as it is.`}</p>
      ) : null}
      <div class="template-editor">
        <form
          method="post"
          action={`${LIST}/${encodeURIComponent(template.id)}`}
          enctype="multipart/form-data"
          class="template-form"
          {...previewAttributes(latest)}
        >
          <CsrfField token={csrfToken} />
          <DesignFields values={values} images={images} />
          <button type="submit">
            {locked ? `Save as version ${latest.version + 1}` : `Save version ${latest.version}`}
          </button>
        </form>
        <div>
          <PreviewFigure
            src={`${versionPath(template.id, latest.version)}/preview.png`}
            orientation={values[FORM.orientation]}
            caption={`Version ${latest.version} as saved, with a sample participant; it follows your changes.`}
          />
          {locked ? null : (
            <LockForm templateId={template.id} version={latest.version} csrfToken={csrfToken} />
          )}
        </div>
      </div>
      <h2>Version history</h2>
      <VersionHistory template={template} versions={versions} />
    </ConsoleShell>
  );
}

/** GET /admin/templates/:id/versions/:version: one version, read-only. */
export function TemplateVersionPage(
  props: ConsoleProps & { template: TemplateRecord; version: TemplateVersionRecord; isLatest: boolean },
) {
  const { template, version, isLatest, csrfToken } = props;
  const { design } = version;
  const templatePath = `${LIST}/${encodeURIComponent(template.id)}`;
  return (
    <ConsoleShell title={`${template.name}: version ${version.version}`} current={LIST} {...props}>
      <p>
        <StateBadge locked={!!version.lockedAt} />
        {' · '}
        <a href={templatePath}>
          {isLatest && !version.lockedAt ? 'Edit this draft' : 'Back to the template'}
        </a>
      </p>
      <div class="template-editor">
        <dl class="facts">
          <dt>Created</dt>
          <dd>
            <When at={version.createdAt} />
          </dd>
          <dt>Last edited</dt>
          <dd>
            <When at={version.updatedAt} />
          </dd>
          <dt>Locked</dt>
          <dd>
            <When at={version.lockedAt} />
          </dd>
          <dt>Title</dt>
          <dd>{design.title}</dd>
          <dt>Body</dt>
          <dd class="pre">{design.body}</dd>
          <dt>Colours</dt>
          <dd>
            {(['primary', 'accent', 'background', 'text'] as const).map((key) => (
              <span class="swatch-label">
                <code>{design.colours[key]}</code> {key}{' '}
              </span>
            ))}
          </dd>
          <dt>Layout</dt>
          <dd>{`${design.orientation}, ${design.border} border`}</dd>
          <dt>Logo</dt>
          <dd>{design.logoDataUrl ? 'Yes' : 'None'}</dd>
          <dt>Signatures</dt>
          <dd>
            {design.signatures.length
              ? design.signatures
                  .map(
                    (s) =>
                      `${s.name}${s.title ? ` (${s.title})` : ''}${s.imageDataUrl ? ', with image' : ''}`,
                  )
                  .join('; ')
              : 'None'}
          </dd>
        </dl>
        <div>
          <PreviewFigure
            src={`${versionPath(template.id, version.version)}/preview.png`}
            orientation={design.orientation}
            caption={`Version ${version.version} with a sample participant.`}
          />
          {version.lockedAt ? null : (
            <LockForm templateId={template.id} version={version.version} csrfToken={csrfToken} />
          )}
        </div>
      </div>
    </ConsoleShell>
  );
}
