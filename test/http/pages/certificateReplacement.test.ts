/**
 * A re-issued certificate's page points at its replacement, against the real app (SQLite,
 * verification pool): the old certificate's verification link page says it was replaced
 * and links to the newest one's verification link, through a chain of re-issues; a
 * certificate revoked for any other reason, and the replacement itself, say nothing of the
 * kind; the public page /c/:id links a replacement only at its public page, never at the
 * verification link of one its holder keeps private.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser } from '../../fixtures/sessions.js';
import { openBadgeRequest } from '../../fixtures/credentials.js';
import { getPage } from './pageRequests.js';
import { issueCredential } from '../../../src/credentials/issueCredential.js';
import { changeCredentialStatus } from '../../../src/status/statusLists.js';
import { SUPERSEDED } from '../../../src/programs/automaticIssuance.js';
import type { CredentialRecord } from '../../../src/storage/ports.js';

const REPLACED = 'This certificate was replaced by a newer one';

let t: TestApp;
let holderUserId: string;

beforeAll(async () => {
  t = await createTestApp();
  holderUserId = (await createUser(t, 'participant')).id;
});
afterAll(async () => {
  await t.close();
});

async function issue(
  options: { isPublic?: boolean; supersedes?: string; name?: string } = {},
): Promise<CredentialRecord> {
  const request = openBadgeRequest();
  if (options.name) (request.credentialSubject as Record<string, unknown>).name = options.name;
  const { record } = await issueCredential(t.deps.issue, request, {
    isPublic: options.isPublic ?? false,
    holderUserId,
    ...(options.supersedes ? { supersedes: options.supersedes } : {}),
  });
  return record;
}

/** Re-issues as the programmes do: the new credential supersedes the old, which is then revoked as superseded. */
async function reissue(
  old: CredentialRecord,
  options: { isPublic?: boolean } = {},
): Promise<CredentialRecord> {
  const replacement = await issue({ ...options, supersedes: old.id, name: 'Zoë Ngcobo-Müller (corrected)' });
  await changeCredentialStatus(t.deps.status, old.id, 'revoke', SUPERSEDED);
  return replacement;
}

async function pageHtml(path: string): Promise<string> {
  const res = await getPage(t, path);
  const html = await res.text();
  expect(res.status, html).toBe(200);
  return html;
}

/** The replacement sentence's link, or undefined when the page has none. */
function replacedByLink(html: string): string | undefined {
  const banner = html.match(/<section class="banner[^"]*"[^>]*>([\s\S]*?)<\/section>/)?.[1] ?? '';
  return banner.match(new RegExp(`${REPLACED}: <a href="([^"]+)"`))?.[1];
}

describe('a replaced certificate', () => {
  it("links its verification link page to the replacement's verification link, which says nothing of the kind", async () => {
    const original = await issue();
    const replacement = await reissue(original);

    const html = await pageHtml(`/v/${original.verificationToken}`);
    expect(html).toContain('class="banner revoked"');
    expect(replacedByLink(html)).toBe(`/v/${replacement.verificationToken}`);

    const newer = await pageHtml(replacedByLink(html)!);
    expect(newer).toContain('class="banner valid"');
    expect(newer).toContain('Zoë Ngcobo-Müller (corrected)');
    expect(newer).not.toContain(REPLACED);
  });

  it('follows a chain of re-issues to the newest certificate', async () => {
    const first = await issue();
    const second = await reissue(first);
    const third = await reissue(second);

    for (const older of [first, second]) {
      const html = await pageHtml(`/v/${older.verificationToken}`);
      expect(replacedByLink(html), older.certificateNumber).toBe(`/v/${third.verificationToken}`);
    }
    expect(await pageHtml(`/v/${third.verificationToken}`)).not.toContain(REPLACED);
  });

  it('says nothing of a replacement on a certificate revoked for another reason', async () => {
    const revoked = await issue({ isPublic: true });
    await changeCredentialStatus(t.deps.status, revoked.id, 'revoke', 'issued in error');
    for (const path of [`/v/${revoked.verificationToken}`, `/c/${encodeURIComponent(revoked.id)}`]) {
      const html = await pageHtml(path);
      expect(html, path).toContain('class="banner revoked"');
      expect(html, path).not.toContain(REPLACED);
    }
  });

  it('on its public page, links only a public replacement, at its public page', async () => {
    const original = await issue({ isPublic: true });
    const replacement = await reissue(original);
    const publicPath = `/c/${encodeURIComponent(original.id)}`;

    const whilePrivate = await pageHtml(publicPath);
    expect(whilePrivate).toContain('class="banner revoked"');
    expect(whilePrivate).not.toContain(REPLACED);
    expect(whilePrivate).not.toContain(replacement.verificationToken);

    await t.deps.stores.credentials.setPublic(replacement.id, true, new Date().toISOString());
    const oncePublic = await pageHtml(publicPath);
    expect(replacedByLink(oncePublic)).toBe(`/c/${encodeURIComponent(replacement.id)}`);
    expect(oncePublic).not.toContain(replacement.verificationToken);
  });
});
