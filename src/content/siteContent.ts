/**
 * The privacy notice, terms of use and help page: what the public pages show (the newest
 * published version, else the built-in text), the console's list and editor (admins only),
 * the preview, and publishing, which stores the next version and never changes an old one.
 * Sign-up asks which versions it is showing, so the consent record names the text accepted.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { DuplicateRecordError, type ContentVersion } from '../storage/ports.js';
import type { ContentDeps } from './contentDeps.js';
import {
  builtInText,
  CONTENT_DOCUMENTS,
  CONTENT_PLACEHOLDERS,
  findDocument,
  textVersionId,
  type ContentDocument,
} from './contentDocuments.js';
import { renderContent, unknownPlaceholders, type ContentRenderOptions } from './contentMarkdown.js';

/** The longest document an admin may publish, in characters (the help page is ~7,000). */
export const MAX_CONTENT_CHARS = 60_000;

/** A document as a page shows it. */
export interface PublishedPage {
  document: ContentDocument;
  /** 0: the built-in text. */
  version: number;
  /** How a consent record names this version (see textVersionId). */
  textVersion: string;
  /** Safe HTML (contentMarkdown.ts). */
  html: string;
  /** When it was published (absent for the built-in text). */
  publishedAt?: string;
}

/** A version in the console's history, with its author's name. */
interface ContentHistoryEntry {
  version: number;
  createdAt: string;
  createdBy: string;
  authorName: string;
}

/** The document with this slug; 404 for any other. */
function requireDocument(slug: string): ContentDocument {
  const document = findDocument(slug);
  if (!document) throw new AppError('not_found', `There is no site page called ${slug}`);
  return document;
}

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin')
    throw new AppError('forbidden', 'Only admins can edit the privacy notice, terms and help page');
}

const placeholderValues = (deps: ContentDeps): Record<string, string> => ({ ...deps.settings });

/** Renders a document's Markdown with this site's placeholder values. */
function render(deps: ContentDeps, markdown: string, options?: ContentRenderOptions): string {
  return renderContent(markdown, placeholderValues(deps), options);
}

/** The newest published version, or undefined while the built-in text is in use. */
function newest(deps: ContentDeps, document: ContentDocument): Promise<ContentVersion | undefined> {
  return deps.stores.content.getVersion(document.slug);
}

/** The public page: the newest published version of a document, else the built-in text. */
export async function publishedPage(deps: ContentDeps, slug: string): Promise<PublishedPage> {
  const document = requireDocument(slug);
  const latest = await newest(deps, document);
  const version = latest?.version ?? 0;
  return {
    document,
    version,
    textVersion: textVersionId(document.slug, version),
    html: render(deps, latest?.markdown ?? builtInText(document.slug)),
    ...(latest ? { publishedAt: latest.createdAt } : {}),
  };
}

/** The console's list: every document with the version the public sees now. */
export async function contentOverview(
  deps: ContentDeps,
  actor: Actor,
): Promise<Array<{ document: ContentDocument; version: number; publishedAt?: string; authorName?: string }>> {
  requireAdmin(actor);
  return Promise.all(
    CONTENT_DOCUMENTS.map(async (document) => {
      const latest = await newest(deps, document);
      if (!latest) return { document, version: 0 };
      const author = await deps.stores.users.get(latest.createdBy);
      return {
        document,
        version: latest.version,
        publishedAt: latest.createdAt,
        authorName: author?.name ?? latest.createdBy,
      };
    }),
  );
}

/** What the editor opens with: the newest text (or an older version's, to view it) and the history. */
export interface ContentEditing {
  document: ContentDocument;
  /** The newest version (0: built-in); publishing makes `current + 1`. */
  current: number;
  /** The version whose text `markdown` holds. */
  shown: number;
  markdown: string;
  /** That version rendered, as the public page shows (or showed) it. */
  html: string;
  history: ContentHistoryEntry[];
  placeholders: Record<string, string>;
}

/** Opens a document in the editor at its newest version, or at `version` to look at an older one. */
export async function contentForEditing(
  deps: ContentDeps,
  actor: Actor,
  slug: string,
  version?: number,
): Promise<ContentEditing> {
  requireAdmin(actor);
  const document = requireDocument(slug);
  const versions = await deps.stores.content.listVersions(document.slug);
  const current = versions[0]?.version ?? 0;
  const wanted = version ?? current;
  const stored = versions.find((v) => v.version === wanted);
  if (wanted !== 0 && !stored)
    throw new AppError('not_found', `There is no version ${wanted} of the ${document.title.toLowerCase()}`);
  const markdown = stored?.markdown ?? builtInText(document.slug);
  const authors = new Map<string, string>();
  for (const id of new Set(versions.map((v) => v.createdBy)))
    authors.set(id, (await deps.stores.users.get(id))?.name ?? id);
  return {
    document,
    current,
    shown: wanted,
    markdown,
    html: render(deps, markdown, { idPrefix: 'preview-' }),
    history: versions.map((v) => ({
      version: v.version,
      createdAt: v.createdAt,
      createdBy: v.createdBy,
      authorName: authors.get(v.createdBy) ?? v.createdBy,
    })),
    placeholders: CONTENT_PLACEHOLDERS,
  };
}

/** Checks a draft: not empty, not too long, only known placeholders. Returns the text with \n line ends. */
function checkDraft(markdown: string): string {
  const text = markdown.replace(/\r\n?/g, '\n');
  if (!text.trim())
    throw new AppError('invalid_request', 'Write the page: the text is empty', { field: 'markdown' });
  if (text.length > MAX_CONTENT_CHARS)
    throw new AppError(
      'invalid_request',
      `The text is ${text.length.toLocaleString('en')} characters; a page may have at most ${MAX_CONTENT_CHARS.toLocaleString('en')}`,
      { field: 'markdown' },
    );
  const allowed = Object.keys(CONTENT_PLACEHOLDERS);
  const unknown = unknownPlaceholders(text, allowed);
  if (unknown.length > 0) {
    throw new AppError(
      'invalid_request',
      `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{{${n}}}`).join(', ')}; pages can use ${allowed.map((n) => `{{${n}}}`).join(', ')}`,
      { field: 'markdown' },
    );
  }
  return text;
}

/** Renders a draft as the page would show it (nothing is saved). */
export function previewContent(deps: ContentDeps, actor: Actor, slug: string, markdown: string): string {
  requireAdmin(actor);
  requireDocument(slug);
  return render(deps, checkDraft(markdown), { idPrefix: 'preview-' });
}

/** What an admin publishes from the editor. */
export interface ContentDraft {
  slug: string;
  markdown: string;
  /** The newest version when the editor was opened, to catch someone publishing meanwhile. */
  baseVersion: number;
}

/** Publishes a draft as the next version of the document; 409 when someone published since the editor opened. */
export async function publishContent(
  deps: ContentDeps,
  actor: Actor,
  draft: ContentDraft,
): Promise<ContentVersion> {
  requireAdmin(actor);
  const document = requireDocument(draft.slug);
  const markdown = checkDraft(draft.markdown);
  const current = (await newest(deps, document))?.version ?? 0;
  const conflict = () =>
    new AppError(
      'conflict',
      `Someone published version ${current} of the ${document.title.toLowerCase()} after you opened it; your text is still in the form: compare it with theirs, then publish again`,
    );
  if (draft.baseVersion !== current) throw conflict();
  const version: ContentVersion = {
    slug: document.slug,
    version: current + 1,
    markdown,
    createdAt: deps.now().toISOString(),
    createdBy: actor.id,
  };
  try {
    await deps.stores.content.addVersion(version);
  } catch (error) {
    if (error instanceof DuplicateRecordError) throw conflict();
    throw error;
  }
  await audit(
    deps,
    actor,
    'content.published',
    { type: 'site_page', id: document.slug },
    { version: version.version },
  );
  return version;
}

/** The versions of the terms and privacy notice a sign-up form shows now, as consent records name them. */
export async function consentTextVersions(deps: ContentDeps): Promise<{ terms: string; privacy: string }> {
  const [terms, privacy] = await Promise.all([
    newest(deps, requireDocument('terms')),
    newest(deps, requireDocument('privacy')),
  ]);
  return {
    terms: textVersionId('terms', terms?.version ?? 0),
    privacy: textVersionId('privacy', privacy?.version ?? 0),
  };
}

/**
 * The versions a person accepted, from what the sign-up form carried: each must be a
 * version that exists (published, or the built-in text as it is now); an older one is kept,
 * since that is the text the person read. A form without them (a client that predates
 * them) gets the current versions. A value naming no version is a 400: the person is asked
 * to read the texts again rather than being recorded as accepting a text nobody showed them.
 */
export async function acceptedTextVersions(
  deps: ContentDeps,
  posted: { terms?: string | undefined; privacy?: string | undefined },
): Promise<{ terms: string; privacy: string }> {
  const now = await consentTextVersions(deps);
  const check = async (slug: 'terms' | 'privacy', value: string | undefined): Promise<string> => {
    if (value === undefined || value === '' || value === now[slug]) return now[slug];
    const match = /^v([1-9]\d{0,8})$/.exec(value);
    if (match && (await deps.stores.content.getVersion(slug, Number(match[1])))) return value;
    throw new AppError(
      'invalid_request',
      'The terms of use or the privacy notice changed while you were signing up; read them again, then create your account',
      { field: 'acceptedTerms' },
    );
  };
  return { terms: await check('terms', posted.terms), privacy: await check('privacy', posted.privacy) };
}
