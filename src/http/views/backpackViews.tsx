/**
 * The backpack in the participant portal: the section of /me that lists credentials from
 * other issuers beside the person's own certificates, and /me/backpack, where they import
 * (a JSON file, a VC-JWT or a baked badge image, or pasted text), remove, and download
 * everything as a zip. Each entry's standing is the one verified as the page was made, in
 * words and as a tag; only `valid` (our own or a trusted issuer, and every check passed)
 * is shown green.
 */
import { CsrfField, Layout, Notice } from './layout.js';
import { When } from './formParts.js';
import type { ShellProps } from './authViews.js';
import type { ShownBackpackItem } from '../../backpack/backpackDisplay.js';

/** The tag colour of each verdict kind (web/styles.css .tag). */
const TAG_CLASS: Record<string, string> = {
  valid: 'ok',
  caution: 'warn',
  expired: 'warn',
  suspended: 'warn',
  revoked: 'bad',
  invalid: 'bad',
};

function StandingTag({ entry }: { entry: ShownBackpackItem }) {
  return <span class={`tag ${TAG_CLASS[entry.standing.kind] ?? 'neutral'}`}>{entry.standing.label}</span>;
}

const SOURCES: Record<string, string> = {
  upload: 'uploaded by you',
  'ob3-api': 'sent by an app you connected',
  import: 'imported from another backpack',
};

/** One entry: its name and standing, who issued it, and (on the backpack page) its remove button. */
function EntryCard(props: { entry: ShownBackpackItem; csrfToken: string; removable: boolean }) {
  const { entry } = props;
  const { item } = entry;
  return (
    <li class="card backpack-entry" id={`backpack-${item.id}`}>
      <h3>
        {entry.title} <StandingTag entry={entry} />
      </h3>
      <p>{entry.detail}</p>
      <dl class="facts">
        {entry.standing.issuer ? (
          <>
            <dt>Issuer</dt>
            <dd>
              {entry.standing.issuer}
              {entry.standing.kind === 'valid'
                ? ''
                : ' (as the credential names itself; not known to this site)'}
            </dd>
          </>
        ) : null}
        {entry.issued ? (
          <>
            <dt>Issued</dt>
            <dd>{entry.issued}</dd>
          </>
        ) : null}
        <dt>In your backpack</dt>
        <dd>
          since <When at={item.addedAt} />, {SOURCES[item.source] ?? item.source}
          {item.jwt ? ' (as a VC-JWT)' : ''}
        </dd>
      </dl>
      {props.removable ? (
        <form method="post" action={`/me/backpack/${encodeURIComponent(item.id)}/remove`} class="inline-form">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="small secondary">
            Remove<span class="visually-hidden">{` ${entry.title} from your backpack`}</span>
          </button>
        </form>
      ) : null}
    </li>
  );
}

/** The /me section: the newest entries, and the way to the backpack page. */
export function BackpackSection(props: { entries: ShownBackpackItem[]; total: number; csrfToken: string }) {
  return (
    <section aria-labelledby="backpack-heading">
      <h2 id="backpack-heading">From other issuers</h2>
      {props.total === 0 ? (
        <p class="empty">
          Badges and certificates from other issuers can be kept here too: <a href="/me/backpack">add one</a>.
        </p>
      ) : (
        <>
          <ul class="cards grid">
            {props.entries.map((entry) => (
              <EntryCard entry={entry} csrfToken={props.csrfToken} removable={false} />
            ))}
          </ul>
          <p>
            <a href="/me/backpack">
              {props.total > props.entries.length ? `All ${props.total} in your backpack` : 'Your backpack'}
            </a>
            : add, remove, download everything.
          </p>
        </>
      )}
    </section>
  );
}

function ImportForm({ csrfToken }: { csrfToken: string }) {
  return (
    <form method="post" action="/me/backpack" enctype="multipart/form-data" class="stack">
      <CsrfField token={csrfToken} />
      <div class="field">
        <label for="backpack-file">A badge or certificate file</label>
        <p class="hint" id="backpack-file-hint">
          The badge image with the credential inside (PNG or SVG), the credential's JSON file, or a VC-JWT, up
          to 4 MB. It is verified before it is kept.
        </p>
        <input
          id="backpack-file"
          name="file"
          type="file"
          accept=".png,.svg,.json,.jsonld,.jwt,.txt,image/png,image/svg+xml,application/json,application/ld+json"
          aria-describedby="backpack-file-hint"
        />
      </div>
      <div class="field">
        <label for="backpack-text">Or paste the credential's JSON or VC-JWT</label>
        <textarea id="backpack-text" name="text" rows={4} />
      </div>
      <button type="submit">Verify and add</button>
    </form>
  );
}

/** /me/backpack: import, the entries a page at a time, remove, export. */
export function BackpackView(
  props: ShellProps & {
    entries: ShownBackpackItem[];
    total: number;
    page: number;
    pageSize: number;
    saved?: string | undefined;
    error?: string | undefined;
  },
) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <Layout title="My backpack" user={props.user} csrfToken={props.csrfToken}>
      {props.saved ? <Notice kind="success">{props.saved}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <p>
        Keep badges and certificates from other issuers beside <a href="/me">your SayPro certificates</a>.
        Each one is verified whenever it is shown: its standing below is as of now.
      </p>
      <h2>Add a credential</h2>
      <ImportForm csrfToken={props.csrfToken} />
      <h2>In your backpack ({props.total})</h2>
      {props.total === 0 ? (
        <p class="empty">Nothing yet. A credential you add above appears here.</p>
      ) : (
        <ul class="cards grid">
          {props.entries.map((entry) => (
            <EntryCard entry={entry} csrfToken={props.csrfToken} removable={true} />
          ))}
        </ul>
      )}
      {pages > 1 ? (
        <nav aria-label="Backpack pages" class="links">
          <p class="links">
            {props.page > 1 ? <a href={`/me/backpack?page=${props.page - 1}`}>Newer</a> : null}
            <span>
              Page {props.page} of {pages}
            </span>
            {props.page < pages ? <a href={`/me/backpack?page=${props.page + 1}`}>Older</a> : null}
          </p>
        </nav>
      ) : null}
      <h2>Backpacks elsewhere</h2>
      <p>
        <a href="/me/backpack-links">Connect a backpack on another site</a> to send your certificates there,
        or to import what it holds.
      </p>
      <h2>Download everything</h2>
      <p>
        One zip file with your SayPro certificates and everything in your backpack: each credential's JSON,
        and its badge image with the credential inside.
      </p>
      <p>
        <a href="/me/backpack/export.zip" class="button" download>
          Download everything (zip)
        </a>
      </p>
    </Layout>
  );
}
