/**
 * Marketing consent in the domain (issue 21): granting and withdrawing record the text
 * version and the time, append-only (a withdrawal is a record, the history keeps both);
 * granting must name the current text; an earlier version's consent still counts after a
 * new text is published; the signed unsubscribe link withdraws once and is useless for
 * anyone else; locations are checked, set, cleared, changed by staff (audited) and erased
 * with the account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser } from '../fixtures/sessions.js';
import {
  consentedToMarketing,
  marketingConsentText,
  marketingDeps,
  marketingUnsubscribeUrl,
  myMarketing,
  peopleInPlace,
  setMyLocation,
  setMyMarketingConsent,
  setUserLocation,
  unsubscribeFromMarketing,
} from '../../src/accounts/marketingConsent.js';
import { publishContent } from '../../src/content/siteContent.js';
import { eraseAccount } from '../../src/accounts/privacy.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import type { MarketingDeps } from '../../src/accounts/marketingConsent.js';

let t: TestApp;
let deps: MarketingDeps;

beforeAll(async () => {
  t = await createTestApp();
  deps = marketingDeps(t.deps);
});
afterAll(async () => {
  await t.close();
});

const tagOf = (url: string) => url.split('/').pop()!;

describe('marketing consent', () => {
  it('records each grant and withdrawal with the text version and time; the latest is in force', async () => {
    const person = await createUser(t, 'participant');
    const text = await marketingConsentText(deps);
    expect(text.textVersion).toMatch(/^v0-[0-9a-f]{8}$/);
    expect(text.html).toContain('News');
    expect((await myMarketing(deps, person)).current).toBeUndefined();
    // Withdrawing what was never given records nothing.
    expect(
      await setMyMarketingConsent(deps, person, { granted: false, textVersion: text.textVersion }),
    ).toBeUndefined();

    t.clock.now = new Date('2026-11-02T08:00:00.000Z');
    const granted = await setMyMarketingConsent(deps, person, {
      granted: true,
      textVersion: text.textVersion,
    });
    expect(granted).toMatchObject({
      kind: 'marketing',
      granted: true,
      textVersion: text.textVersion,
      at: '2026-11-02T08:00:00.000Z',
    });
    // The same choice again records nothing.
    expect(
      await setMyMarketingConsent(deps, person, { granted: true, textVersion: text.textVersion }),
    ).toBeUndefined();
    expect(await consentedToMarketing(deps, [person.id])).toEqual(new Set([person.id]));

    t.clock.now = new Date('2026-11-03T08:00:00.000Z');
    await setMyMarketingConsent(deps, person, { granted: false, textVersion: text.textVersion });
    const mine = await myMarketing(deps, person);
    expect(mine.history.map((r) => [r.granted, r.at])).toEqual([
      [true, '2026-11-02T08:00:00.000Z'],
      [false, '2026-11-03T08:00:00.000Z'],
    ]);
    expect(mine.current?.granted).toBe(false);
    expect(await consentedToMarketing(deps, [person.id])).toEqual(new Set());
    // Withdrawal is a record, not a deletion: the whole history is still stored.
    expect(
      (await t.deps.stores.consents.listForUser(person.id)).filter((r) => r.kind === 'marketing'),
    ).toHaveLength(2);
  });

  it('asks for the current text: a stale version is a 409; an earlier version’s consent still counts', async () => {
    const early = await createUser(t, 'participant');
    const before = await marketingConsentText(deps);
    await setMyMarketingConsent(deps, early, { granted: true, textVersion: before.textVersion });
    const admin = await createUser(t, 'admin');
    await publishContent(t.deps.content, actorOf(admin), {
      slug: 'marketing',
      markdown: 'News and offers from {{organisationName}}, courses, events and partner opportunities.',
      baseVersion: 0,
    });
    const after = await marketingConsentText(deps);
    expect(after).toMatchObject({ textVersion: 'v1', version: 1 });
    const late = await createUser(t, 'participant');
    await expect(
      setMyMarketingConsent(deps, late, { granted: true, textVersion: before.textVersion }),
    ).rejects.toMatchObject({ status: 409 });
    await setMyMarketingConsent(deps, late, { granted: true, textVersion: 'v1' });
    // Both count: the earlier version's consent is not voided by a reworded text.
    expect(await consentedToMarketing(deps, [early.id, late.id])).toEqual(new Set([early.id, late.id]));
    // Agreeing again to the new text is a new record naming it.
    await setMyMarketingConsent(deps, early, { granted: true, textVersion: 'v1' });
    expect((await myMarketing(deps, early)).history.map((r) => r.textVersion)).toEqual([
      before.textVersion,
      'v1',
    ]);
  });

  it('withdraws by the signed link once; a replay, a tampered tag or another person’s id do nothing', async () => {
    const person = await createUser(t, 'participant');
    const other = await createUser(t, 'participant');
    const { textVersion } = await marketingConsentText(deps);
    for (const p of [person, other]) await setMyMarketingConsent(deps, p, { granted: true, textVersion });
    const tag = tagOf(marketingUnsubscribeUrl(deps.links!, person.id));
    await expect(unsubscribeFromMarketing(deps, person.id, `${tag.slice(0, -1)}A`)).rejects.toMatchObject({
      status: 404,
    });
    await expect(unsubscribeFromMarketing(deps, other.id, tag)).rejects.toMatchObject({ status: 404 });
    expect(await consentedToMarketing(deps, [person.id, other.id])).toEqual(new Set([person.id, other.id]));
    expect(await unsubscribeFromMarketing(deps, person.id, tag)).toMatchObject({ withdrawn: true });
    expect(await unsubscribeFromMarketing(deps, person.id, tag)).toMatchObject({ withdrawn: false });
    const history = (await myMarketing(deps, person)).history;
    expect(history.map((r) => r.granted)).toEqual([true, false]);
    expect(history[1]?.textVersion).toBe(textVersion);
    expect(await consentedToMarketing(deps, [person.id, other.id])).toEqual(new Set([other.id]));
  });
});

describe('location', () => {
  it('is checked, set, cleared and found by country and region', async () => {
    const person = await createUser(t, 'participant');
    await expect(setMyLocation(deps, person, { country: 'XX' })).rejects.toMatchObject({ status: 400 });
    await expect(setMyLocation(deps, person, { country: 'ZAF' })).rejects.toMatchObject({ status: 400 });
    await expect(setMyLocation(deps, person, { region: 'Gauteng' })).rejects.toMatchObject({ status: 400 });
    const saved = await setMyLocation(deps, person, { country: ' za ', region: ' Gauteng ', city: '' });
    expect(saved).toMatchObject({ userId: person.id, country: 'ZA', region: 'Gauteng' });
    expect(saved).not.toHaveProperty('city');
    expect((await myMarketing(deps, person)).location).toEqual(saved);
    expect((await peopleInPlace(deps, { country: 'ZA', region: 'gauteng' })).has(person.id)).toBe(true);
    expect((await peopleInPlace(deps, { country: 'ZA', region: 'Limpopo' })).has(person.id)).toBe(false);
    expect((await peopleInPlace(deps, { country: 'za' })).has(person.id)).toBe(true);
    expect(await setMyLocation(deps, person, {})).toBeUndefined();
    expect((await myMarketing(deps, person)).location).toBeUndefined();
  });

  it('is changed by staff only, audited, and erased with the account', async () => {
    const person = await createUser(t, 'participant');
    const staff = await createUser(t, 'staff');
    const partner = await createUser(t, 'partner');
    await expect(setUserLocation(deps, actorOf(partner), person.id, { country: 'KE' })).rejects.toMatchObject(
      {
        status: 403,
      },
    );
    await expect(setUserLocation(deps, actorOf(person), staff.id, { country: 'KE' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      setUserLocation(deps, actorOf(staff), 'no-such-user', { country: 'KE' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    await setUserLocation(deps, actorOf(staff), person.id, { country: 'KE', region: 'Nairobi' });
    expect(await t.deps.stores.userLocations.getLocation(person.id)).toMatchObject({
      country: 'KE',
      region: 'Nairobi',
    });
    const [entry] = await t.deps.stores.audit.list({
      objectId: person.id,
      action: 'user.location_changed',
      limit: 5,
    });
    expect(entry).toMatchObject({ actorId: staff.id, details: { country: 'KE', region: 'Nairobi' } });
    await eraseAccount(t.deps.accounts, person, actorOf(person));
    expect(await t.deps.stores.userLocations.getLocation(person.id)).toBeUndefined();
  });
});
