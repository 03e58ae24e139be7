/**
 * The site's public documents: which there are, where they live, and the built-in text
 * each shows until an admin publishes one (src/content/defaults/*.md, version 0). The
 * built-in text ships with the code, so a fresh install has a privacy notice, terms and
 * help without anyone doing anything; it is read once when this module loads.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One public document. */
export interface ContentDocument {
  slug: 'privacy' | 'terms' | 'help' | 'marketing';
  /** The page title (its h1) and the name in the console. */
  title: string;
  /** Where the public page is. */
  path: string;
  /** What the document is for, in the console's list. */
  purpose: string;
}

/** The documents, in the order the console lists them. */
export const CONTENT_DOCUMENTS: readonly ContentDocument[] = [
  {
    slug: 'privacy',
    title: 'Privacy notice',
    path: '/privacy',
    purpose:
      'What personal data the platform keeps, why, for how long, and people’s rights. People accept it when they sign up.',
  },
  {
    slug: 'terms',
    title: 'Terms of use',
    path: '/terms',
    purpose: 'The rules for using the platform and its certificates. People accept them when they sign up.',
  },
  {
    slug: 'help',
    title: 'Help and FAQ',
    path: '/help',
    purpose:
      'How to get, download, share and verify a certificate, what each status means, and common questions.',
  },
  {
    slug: 'marketing',
    title: 'News and offers: what you agree to',
    path: '/marketing-consent',
    purpose:
      'The text people agree to when they choose to receive news and offers (marketing consent, in /me). Each consent records the version agreed to.',
  },
];

/** The placeholders a document may use, and what fills each. */
export const CONTENT_PLACEHOLDERS: Record<string, string> = {
  organisationName: 'the organisation’s name (ISSUER_NAME)',
  organisationUrl: 'the organisation’s website (ISSUER_URL)',
  siteUrl: 'this site’s address (PUBLIC_URL)',
};

const BUILT_IN: Record<ContentDocument['slug'], string> = {
  privacy: readFileSync(new URL('./defaults/privacy.md', import.meta.url), 'utf8'),
  terms: readFileSync(new URL('./defaults/terms.md', import.meta.url), 'utf8'),
  help: readFileSync(new URL('./defaults/help.md', import.meta.url), 'utf8'),
  marketing: readFileSync(new URL('./defaults/marketing.md', import.meta.url), 'utf8'),
};

/** The document with this slug, or undefined. */
export function findDocument(slug: string): ContentDocument | undefined {
  return CONTENT_DOCUMENTS.find((d) => d.slug === slug);
}

/** The built-in text of a document (version 0). */
export function builtInText(slug: ContentDocument['slug']): string {
  return BUILT_IN[slug];
}

/**
 * How a consent record names a version: `v3` for a published one; the built-in text adds
 * a fingerprint of its words (`v0-1a2b3c4d`), because an upgrade may change them while
 * it stays version 0, and a record must say exactly which text was accepted.
 */
export function textVersionId(slug: ContentDocument['slug'], version: number): string {
  if (version > 0) return `v${version}`;
  return `v0-${createHash('sha256').update(BUILT_IN[slug]).digest('hex').slice(0, 8)}`;
}
