/** What the site-content functions need, passed in (DESIGN rule 1). */
import type { Stores } from '../storage/ports.js';

/** The values the documents' placeholders are filled with, from the configuration. */
interface ContentSettings {
  organisationName: string;
  organisationUrl: string;
  siteUrl: string;
}

/** Dependencies of the site-content domain. */
export interface ContentDeps {
  stores: Pick<Stores, 'content' | 'audit' | 'users'>;
  settings: ContentSettings;
  now: () => Date;
}

/** Builds the content deps from the configuration fields they use. */
export function createContentDeps(
  config: { issuerName: string; issuerUrl: string; publicUrl: string },
  stores: ContentDeps['stores'],
  now: () => Date,
): ContentDeps {
  return {
    stores,
    now,
    settings: {
      organisationName: config.issuerName,
      organisationUrl: config.issuerUrl,
      siteUrl: config.publicUrl,
    },
  };
}
