/**
 * Marketing with consent (issue 21): people grant and withdraw marketing consent in /me
 * against a versioned text (the `marketing` site document, src/content/: admins publish new
 * versions in the console), each choice an append-only consent record naming the version
 * and when; a withdrawal is a record too, never a deletion. Every marketing message carries
 * a signed unsubscribe link that withdraws in one click without signing in. People may give
 * an optional location (country, region, city) that broadcasts can target.
 */
import type { AppDeps } from '../deps.js';
import type { Actor } from './accountDeps.js';
import { AppError } from '../errors.js';
import { audit } from './audit.js';
import { recordConsents } from './consents.js';
import type { ContentDeps } from '../content/contentDeps.js';
import { publishedPage } from '../content/siteContent.js';
import { checkLinkTag, linkTag, type MailLinkSettings } from '../notifications/mailLinks.js';
import type { ConsentRecord, Stores, UserLocation } from '../storage/ports.js';
import { STAFF_ROLES } from '../storage/ports.js';

/** What marketing consent needs. */
export interface MarketingDeps {
  stores: Pick<Stores, 'consents' | 'userLocations' | 'users' | 'audit'>;
  /** The consent text is the `marketing` site document. */
  content: ContentDeps;
  /** Signs and checks the unsubscribe links (absent: mail links are off). */
  links?: MailLinkSettings | undefined;
  now: () => Date;
}

/** The marketing deps out of the app's (handlers pass `c.var.deps`). */
export function marketingDeps(
  app: Pick<AppDeps, 'stores' | 'content' | 'notifications' | 'now'>,
): MarketingDeps {
  return { stores: app.stores, content: app.content, links: app.notifications.links, now: app.now };
}

/** The consent text people are asked to agree to now. */
export interface MarketingText {
  /** As consent records name it: `v3`, or `v0-<fingerprint>` for the built-in text. */
  textVersion: string;
  version: number;
  html: string;
  publishedAt?: string;
}

/** The current consent text. */
export async function marketingConsentText(deps: Pick<MarketingDeps, 'content'>): Promise<MarketingText> {
  const page = await publishedPage(deps.content, 'marketing');
  return {
    textVersion: page.textVersion,
    version: page.version,
    html: page.html,
    ...(page.publishedAt ? { publishedAt: page.publishedAt } : {}),
  };
}

/**
 * Whether a person's marketing consent record lets us send them marketing: granted, to any
 * version of the text, the current or an earlier one. A version records exactly which
 * words the person saw (the proof of what they agreed to); the purpose each version
 * describes stays "news and offers from the organisation", so a reworded text does not
 * make an earlier consent void, and requiring agreement to the newest version would
 * silently unsubscribe everyone each time an admin fixes a sentence. A change of purpose
 * (e.g. sharing with third parties) would be a new kind of consent, not a new version.
 * /me shows people who agreed to an older version the current text and lets them agree again.
 */
function marketingAllowed(record: ConsentRecord | undefined): boolean {
  return record?.kind === 'marketing' && record.granted;
}

/** The latest marketing record in a history (oldest first), if any. */
function latestMarketing(history: readonly ConsentRecord[]): ConsentRecord | undefined {
  return history.filter((r) => r.kind === 'marketing').at(-1);
}

/** What /me shows: the text, the consent in force, its history (oldest first) and the location. */
export interface MyMarketing {
  text: MarketingText;
  current?: ConsentRecord;
  history: ConsentRecord[];
  location?: UserLocation;
}

/** The actor's own marketing consent and location (only ever their own). */
export async function myMarketing(deps: MarketingDeps, actor: Pick<Actor, 'id'>): Promise<MyMarketing> {
  const history = (await deps.stores.consents.listForUser(actor.id)).filter((r) => r.kind === 'marketing');
  const current = history.at(-1);
  const location = await deps.stores.userLocations.getLocation(actor.id);
  return {
    text: await marketingConsentText(deps),
    history,
    ...(current ? { current } : {}),
    ...(location ? { location } : {}),
  };
}

/**
 * The actor grants or withdraws their marketing consent, against the version of the text
 * their form showed. Granting must name the current version (a text published since the
 * page opened is a 409: the person reads it first); the same choice twice records nothing.
 */
export async function setMyMarketingConsent(
  deps: MarketingDeps,
  actor: Pick<Actor, 'id'>,
  choice: { granted: boolean; textVersion: string },
): Promise<ConsentRecord | undefined> {
  const text = await marketingConsentText(deps);
  if (choice.granted && choice.textVersion !== text.textVersion)
    throw new AppError(
      'conflict',
      'The text about news and offers changed since you opened the page; read the new version, then choose again',
    );
  const current = latestMarketing(await deps.stores.consents.listForUser(actor.id));
  if (
    current &&
    current.granted === choice.granted &&
    (!choice.granted || current.textVersion === text.textVersion)
  )
    return undefined;
  if (!current && !choice.granted) return undefined;
  // A withdrawal names the version in force for the person, so the record reads "withdrew the consent given to vN".
  const textVersion = choice.granted ? text.textVersion : (current?.textVersion ?? text.textVersion);
  const [record] = await recordConsents(deps, actor.id, [
    { kind: 'marketing', granted: choice.granted, textVersion },
  ]);
  return record;
}

/** The ids among `userIds` whose marketing consent in force is granted. */
export async function consentedToMarketing(
  deps: Pick<MarketingDeps, 'stores'>,
  userIds: readonly string[],
): Promise<Set<string>> {
  const latest = new Map<string, ConsentRecord>();
  for (const record of await deps.stores.consents.listOfKind('marketing', userIds))
    latest.set(record.userId, record);
  return new Set([...latest.values()].filter(marketingAllowed).map((r) => r.userId));
}

// ---- The unsubscribe link ----

/**
 * The one-click unsubscribe link of a person's marketing messages. It is signed (an HMAC
 * over the purpose and the user id, as the reminder unsubscribe link), not a one-time
 * token: all it can do is withdraw marketing consent, so it is harmless in the stored
 * outbox message and the delivery log, stays valid in an old email, and a repeat of it
 * changes nothing. A different purpose in the tag keeps it apart from the reminders link.
 */
export function marketingUnsubscribeUrl(links: MailLinkSettings, userId: string): string {
  return `${links.publicUrl}/marketing/unsubscribe/${encodeURIComponent(userId)}/${linkTag(links.secret, 'marketing-unsubscribe', userId)}`;
}

/** List-Unsubscribe with one-click POST (RFC 8058) for a marketing email. */
export function marketingUnsubscribeHeaders(links: MailLinkSettings, userId: string): Record<string, string> {
  const targets = [
    `<${marketingUnsubscribeUrl(links, userId)}>`,
    ...(links.unsubscribeMailto ? [`<mailto:${links.unsubscribeMailto}?subject=unsubscribe>`] : []),
  ];
  return { 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** Checks a marketing unsubscribe link; returns the person it names (404 for any bad link). */
export async function marketingLinkTarget(
  deps: MarketingDeps,
  userId: string,
  tag: string,
): Promise<{ id: string; email: string }> {
  const user =
    deps.links && checkLinkTag(deps.links.secret, tag, 'marketing-unsubscribe', userId)
      ? await deps.stores.users.get(userId)
      : undefined;
  if (!user || user.status === 'erased')
    throw new AppError(
      'not_found',
      'This unsubscribe link is not valid; you can stop news and offers in your account under News and offers',
    );
  return { id: user.id, email: user.email };
}

/**
 * Withdraws the marketing consent of the person a valid link names. Idempotent: when it is
 * not granted (already withdrawn, or a replayed link) nothing new is recorded.
 */
export async function unsubscribeFromMarketing(
  deps: MarketingDeps,
  userId: string,
  tag: string,
): Promise<{ id: string; email: string; withdrawn: boolean }> {
  const user = await marketingLinkTarget(deps, userId, tag);
  const current = latestMarketing(await deps.stores.consents.listForUser(user.id));
  if (!marketingAllowed(current)) return { ...user, withdrawn: false };
  await recordConsents(deps, user.id, [
    { kind: 'marketing', granted: false, textVersion: current!.textVersion },
  ]);
  return { ...user, withdrawn: true };
}

// ---- Location ----

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/** A country's English name from its ISO 3166-1 alpha-2 code (the code itself when unknown). */
export function countryName(code: string): string {
  return REGION_NAMES.of(code) ?? code;
}

/** What a location form posts. */
export interface LocationInput {
  country?: string | undefined;
  region?: string | undefined;
  city?: string | undefined;
}

/** A checked location (country code upper-cased, texts trimmed), or undefined when the form is empty. */
function checkLocation(input: LocationInput): Omit<UserLocation, 'userId' | 'updatedAt'> | undefined {
  const country = (input.country ?? '').trim().toUpperCase();
  const region = (input.region ?? '').trim();
  const city = (input.city ?? '').trim();
  if (!country) {
    if (region || city)
      throw new AppError(
        'invalid_request',
        'Choose the country too (a region or city alone is not a location)',
        {
          field: 'country',
        },
      );
    return undefined;
  }
  // A well-formed code the standard does not name (XX) comes back unchanged from DisplayNames.
  if (!/^[A-Z]{2}$/.test(country) || countryName(country) === country)
    throw new AppError(
      'invalid_request',
      'country: give the two-letter country code, e.g. ZA for South Africa',
      {
        field: 'country',
      },
    );
  for (const [name, value] of [
    ['region', region],
    ['city', city],
  ] as const)
    if (value.length > 100)
      throw new AppError('invalid_request', `${name}: at most 100 characters`, { field: name });
  return { country, ...(region ? { region } : {}), ...(city ? { city } : {}) };
}

/** Stores (or, for an empty form, clears) a person's location. */
async function saveLocation(
  deps: MarketingDeps,
  userId: string,
  input: LocationInput,
): Promise<UserLocation | undefined> {
  const checked = checkLocation(input);
  if (!checked) {
    await deps.stores.userLocations.removeLocation(userId);
    return undefined;
  }
  const location: UserLocation = { userId, ...checked, updatedAt: deps.now().toISOString() };
  await deps.stores.userLocations.setLocation(location);
  return location;
}

/** The actor sets (or clears) their own location. */
export async function setMyLocation(
  deps: MarketingDeps,
  actor: Pick<Actor, 'id'>,
  input: LocationInput,
): Promise<UserLocation | undefined> {
  return saveLocation(deps, actor.id, input);
}

function requireStaff(actor: Actor): void {
  if (!(STAFF_ROLES as readonly string[]).includes(actor.role))
    throw new AppError('forbidden', 'Only staff change other people’s location');
}

/** Staff read a person's location (with who they are, for the page). */
export async function userLocationFor(
  deps: MarketingDeps,
  actor: Actor,
  userId: string,
): Promise<{ person: { id: string; name: string; email: string }; location?: UserLocation }> {
  requireStaff(actor);
  const user = await deps.stores.users.get(userId);
  if (!user || user.status === 'erased') throw new AppError('not_found', `No user ${userId}`);
  const location = await deps.stores.userLocations.getLocation(userId);
  return { person: { id: user.id, name: user.name, email: user.email }, ...(location ? { location } : {}) };
}

/** Staff set (or clear) a person's location; audited. */
export async function setUserLocation(
  deps: MarketingDeps,
  actor: Actor,
  userId: string,
  input: LocationInput,
): Promise<UserLocation | undefined> {
  requireStaff(actor);
  const user = await deps.stores.users.get(userId);
  if (!user || user.status === 'erased') throw new AppError('not_found', `No user ${userId}`);
  const location = await saveLocation(deps, userId, input);
  await audit(
    deps,
    actor,
    'user.location_changed',
    { type: 'user', id: userId },
    {
      country: location?.country ?? null,
      region: location?.region ?? null,
    },
  );
  return location;
}

/** The ids of people located in a country (and, when given, its region; compared case-insensitively). */
export async function peopleInPlace(
  deps: Pick<MarketingDeps, 'stores'>,
  place: { country: string; region?: string | undefined },
): Promise<Set<string>> {
  const region = place.region?.trim().toLocaleLowerCase('en');
  const located = await deps.stores.userLocations.listInCountry(place.country.trim().toUpperCase());
  return new Set(
    located.filter((l) => !region || l.region?.toLocaleLowerCase('en') === region).map((l) => l.userId),
  );
}
