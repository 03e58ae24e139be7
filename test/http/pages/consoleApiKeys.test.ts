/**
 * The console's API keys: an admin creates a key (its secret shown once, in a .secret
 * block with a warning, and never again), the key works as a Bearer token on the API,
 * and after revoking it the API answers 401. Both changes are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { openBadgeRequest } from '../../fixtures/credentials.js';
import { jsonPost } from '../../fixtures/http.js';
import { auditAbout, expectLabelled, expectRedirect, get, post } from './consoleFixtures.js';

let t: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t, 'admin');
});
afterAll(async () => {
  await t.close();
});

function issueWith(secret: string): Promise<Response> {
  return Promise.resolve(
    t.app.request('/credentials/issue', jsonPost({ credential: openBadgeRequest() }, secret)),
  );
}

/** Sends the create form with repeated `scopes` fields, as checkboxes do. */
function createKey(name: string, scopes: string[]): Promise<Response> {
  const body = new URLSearchParams([
    ['_csrf', admin.csrf],
    ['name', name],
    ...scopes.map((s) => ['scopes', s] as [string, string]),
  ]);
  return Promise.resolve(
    t.app.request('/admin/api-keys', { method: 'POST', headers: admin.formHeaders, body: body.toString() }),
  );
}

describe('API keys', () => {
  it('lists the scopes as labelled checkboxes', async () => {
    const html = await (await get(t, '/admin/api-keys', admin)).text();
    for (const scope of ['admin', 'credentials:issue', 'credentials:status', 'credentials:read'])
      expect(html).toContain(`id="scope-${scope.replace(':', '-')}"`);
    expectLabelled(html);
  });

  it('creates a key whose secret is shown once and works on the API until revoked', async () => {
    const res = await createKey('Moodle LMS', ['credentials:issue', 'credentials:read']);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const secret = /<p class="secret"><code>(sp_[\w-]+)<\/code>/.exec(html)?.[1];
    expect(secret).toBeDefined();
    expect(html).toContain('It will not be shown again');

    const [record] = (await t.deps.stores.apiKeys.list()).filter((k) => k.name === 'Moodle LMS');
    expect(record).toMatchObject({
      scopes: ['credentials:issue', 'credentials:read'],
      createdBy: admin.user.id,
    });
    const list = await (await get(t, '/admin/api-keys', admin)).text();
    expect(list).toContain('Moodle LMS');
    expect(list).toContain('credentials:issue, credentials:read');
    expect(list).toContain(admin.user.email);
    expect(list).not.toContain(secret!);
    expect(list).not.toContain(record!.hash);

    const issued = await issueWith(secret!);
    expect(issued.status).toBe(201);
    const body = (await issued.json()) as { verifiableCredential: { type: string[]; proof: unknown } };
    expect(body.verifiableCredential.type).toContain('OpenBadgeCredential');
    expect(body.verifiableCredential.proof).toBeDefined();

    expectRedirect(
      await post(t, `/admin/api-keys/${record!.id}/revoke`, admin),
      '/admin/api-keys?done=key_revoked',
    );
    expect((await issueWith(secret!)).status).toBe(401);
    expect(await (await get(t, '/admin/api-keys?done=key_revoked', admin)).text()).toMatch(
      /The API key was revoked[\s\S]*Revoked <time/,
    );
    expect((await post(t, `/admin/api-keys/${record!.id}/revoke`, admin)).status).toBe(404);

    const entries = (await auditAbout(t, record!.id)).map((e) => ({
      action: e.action,
      actorId: e.actorId,
      objectType: e.objectType,
    }));
    expect(entries).toEqual([
      { action: 'api_key.revoked', actorId: admin.user.id, objectType: 'api_key' },
      { action: 'api_key.created', actorId: admin.user.id, objectType: 'api_key' },
    ]);
  });

  it('answers 400 without a scope or with an unknown one, keeping what was typed', async () => {
    const none = await createKey('No scopes', []);
    expect(none.status).toBe(400);
    const html = await none.text();
    expect(html).toContain('Choose at least one scope');
    expect(html).toContain('value="No scopes"');
    const unknown = await createKey('Greedy', ['credentials:issue', 'root']);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('There is no scope &quot;root&quot;');
    expect(
      (await t.deps.stores.apiKeys.list()).some((k) => k.name === 'Greedy' || k.name === 'No scopes'),
    ).toBe(false);
  });
});
