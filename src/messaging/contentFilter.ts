/**
 * The content filter against fraud and abuse: words (or phrases) and link domains staff
 * list in the console beside the spam rules. A person's message that contains one is held
 * for moderation with the reason "content filter: <what matched>", never dropped; staff
 * messages are not filtered (the spam filter only screens people's messages). Saving is
 * optimistic (a 409 when someone saved meanwhile) and audited with the list sizes.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type { ContentFilter } from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { isStaff } from './conversationAccess.js';
import { normalisedWords } from './messageCrypto.js';

/** The filter before anyone saved one: empty lists. */
function emptyContentFilter(): ContentFilter {
  return { keywords: [], domains: [], version: 0, updatedAt: new Date(0).toISOString() };
}

/** The filter in force. */
async function contentFilter(deps: Pick<MessagingDeps, 'stores'>): Promise<ContentFilter> {
  return (await deps.stores.messagingPreferences.getContentFilter()) ?? emptyContentFilter();
}

/** The filter for the console page (staff and admins). */
export async function contentFilterForStaff(
  deps: Pick<MessagingDeps, 'stores'>,
  actor: Actor,
): Promise<ContentFilter> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff edit the content filter');
  return contentFilter(deps);
}

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const contentFilterInput = z.strictObject({
  keywords: z.array(z.string().trim().min(2).max(80)).max(500),
  domains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .transform((d) =>
          d
            .replace(/^https?:\/\//, '')
            .replace(/^www\./, '')
            .replace(/\/.*$/, ''),
        )
        .pipe(z.string().regex(DOMAIN, 'a domain such as example.com')),
    )
    .max(500),
});
export type ContentFilterInput = z.output<typeof contentFilterInput>;

/** Saves the lists over `baseVersion`; staff and admins only. */
export async function saveContentFilter(
  deps: Pick<MessagingDeps, 'stores' | 'now'>,
  actor: Actor,
  input: ContentFilterInput,
  baseVersion: number,
): Promise<ContentFilter> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff edit the content filter');
  const keywords = [...new Set(input.keywords.map((k) => normalisedWords(k).join(' ')).filter(Boolean))];
  const filter: ContentFilter = {
    keywords,
    domains: [...new Set(input.domains)],
    version: baseVersion + 1,
    updatedAt: deps.now().toISOString(),
    updatedBy: actor.id,
  };
  if (!(await deps.stores.messagingPreferences.putContentFilter(filter, baseVersion)))
    throw new AppError(
      'conflict',
      'Someone saved the content filter after you opened it; reload and edit again',
    );
  await audit(
    deps,
    actor,
    'messaging.content_filter_saved',
    { type: 'messaging_settings', id: 'content_filter' },
    { version: filter.version, keywords: keywords.length, domains: filter.domains.length },
  );
  return filter;
}

/** The hold reason for a person's text the filter matches ("content filter: <match>"), if any. */
export async function contentFilterReason(
  deps: Pick<MessagingDeps, 'stores'>,
  text: string,
): Promise<string | undefined> {
  const match = contentFilterMatch(await contentFilter(deps), text);
  return match ? `content filter: ${match}` : undefined;
}

/** Host names in a text: in links and written bare (example.com/path). */
function hostsIn(text: string): string[] {
  const found = text.toLowerCase().matchAll(/(?:[a-z0-9-]+\.)+[a-z]{2,63}\b/g);
  return [...found].map((m) => m[0].replace(/^www\./, ''));
}

/** What in `text` the filter matches (a phrase or a domain), if anything. */
function contentFilterMatch(
  filter: Pick<ContentFilter, 'keywords' | 'domains'>,
  text: string,
): string | undefined {
  const words = ` ${normalisedWords(text).join(' ')} `;
  const keyword = filter.keywords.find((k) => words.includes(` ${k} `));
  if (keyword) return keyword;
  const hosts = hostsIn(text);
  return filter.domains.find((d) => hosts.some((h) => h === d || h.endsWith(`.${d}`)));
}
