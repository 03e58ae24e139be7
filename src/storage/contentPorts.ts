/**
 * Repository interface for the site's public documents (src/content/): the privacy notice,
 * the terms of use and the help page, each a list of published versions. A version is never
 * changed once stored, so a consent record that names one always points at the text the
 * person saw. Same rules as ports.ts: plain JSON-able records, one contract suite for
 * every adapter (test/contract/contentContract.ts).
 */

/** One published version of a document. */
export interface ContentVersion {
  /** Which document: `privacy`, `terms`, `help` (the domain owns the list). */
  slug: string;
  /** 1, 2, ... per document; 0 is the built-in text, which is never stored. */
  version: number;
  /** The text as the admin wrote it (Markdown with `{{placeholder}}`s). */
  markdown: string;
  /** When it was published (ISO 8601). */
  createdAt: string;
  /** The user who published it. */
  createdBy: string;
}

/** Published versions of the site's documents: append-only. */
export interface ContentStore {
  /**
   * Stores a new version; throws DuplicateRecordError when that version of the document
   * exists already (someone published first), so two admins never both get version n.
   */
  addVersion(version: ContentVersion): Promise<void>;
  /** The given version of a document, or its newest when `version` is omitted. */
  getVersion(slug: string, version?: number): Promise<ContentVersion | undefined>;
  /** A document's versions, newest first. */
  listVersions(slug: string): Promise<ContentVersion[]>;
}
