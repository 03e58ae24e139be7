/**
 * The console's audit log: filters, paging with the `before` cursor (entries sharing a
 * timestamp are never lost between pages), and the CSV and JSON downloads, where a cell
 * that a spreadsheet would run as a formula is neutralised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../../fixtures/sessions.js';
import { audit } from '../../../src/accounts/audit.js';
import { actorOf } from '../../../src/http/pages/pageKit.js';
import { expectLabelled, get, post } from './consoleFixtures.js';

let t: TestApp;
let admin: SignedIn;
let mallory: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2025-03-01T09:00:00.000Z');
  admin = await signIn(t, 'admin');
  mallory = await signIn(
    t,
    'admin',
    await createUser(t, 'admin', { name: '=HYPERLINK("http://evil.example")' }),
  );
  await post(t, '/admin/organisations', admin, { name: 'Alpha Training' });
  t.clock.now = new Date('2025-03-02T09:00:00.000Z');
  await post(t, '/admin/users/invite', mallory, { email: '=1+2@example.org', role: 'participant' });
  t.clock.now = new Date('2025-03-03T09:00:00.000Z');
  await post(t, '/admin/teams', admin, { name: '+Support, "tier 1"' });
});
afterAll(async () => {
  await t.close();
});

describe('the audit page', () => {
  it('lists who did what to which object, newest first, with labelled filters', async () => {
    const res = await get(t, '/admin/audit', admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.indexOf('team.created')).toBeLessThan(html.indexOf('user.invited'));
    expect(html.indexOf('user.invited')).toBeLessThan(html.indexOf('organisation.created'));
    expect(html).toContain('user =1+2@example.org');
    expect(html).toContain('class="table-wrap"');
    expect(html).not.toContain('Older entries');
    expectLabelled(html);
  });

  it('filters by action, actor and a range of days', async () => {
    const byAction = await (await get(t, '/admin/audit?action=team.created', admin)).text();
    expect(byAction).toContain('team.created');
    expect(byAction).not.toContain('user.invited');
    const byActor = await (await get(t, `/admin/audit?actorId=${mallory.user.id}`, admin)).text();
    expect(byActor).toContain('user.invited');
    expect(byActor).not.toContain('organisation.created');
    const byDays = await (await get(t, '/admin/audit?from=2025-03-02&to=2025-03-02', admin)).text();
    expect(byDays).toContain('user.invited');
    expect(byDays).not.toContain('team.created');
    expect(byDays).not.toContain('organisation.created');
    expect(byDays).toContain('href="/admin/audit.csv?from=2025-03-02&amp;to=2025-03-02"');
  });

  it('answers 400 for a date that is not one, or a range the wrong way round', async () => {
    const bad = await get(t, '/admin/audit?from=2025-02-30', admin);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Enter the &quot;from&quot; date as YYYY-MM-DD');
    expect((await get(t, '/admin/audit?from=2025-03-03&to=2025-03-01', admin)).status).toBe(400);
    expect((await get(t, '/admin/audit?before=yesterday', admin)).status).toBe(400);
    expect((await get(t, '/admin/audit.csv?to=soon', admin)).status).toBe(400);
  });

  it('pages with the before cursor, losing no entry that shares a timestamp with a page end', async () => {
    const writer = actorOf(admin.user);
    const start = Date.parse('2025-03-10T00:00:00.000Z');
    // 30 entries a second apart, 40 in one millisecond (straddling the end of page one), 20 more.
    for (let i = 0; i < 30; i += 1) {
      t.clock.now = new Date(start + i * 1000);
      await audit(t.deps.accounts, writer, 'test.paged', { type: 'thing', id: `early-${i}` });
    }
    t.clock.now = new Date(start + 60_000);
    for (let i = 0; i < 40; i += 1)
      await audit(t.deps.accounts, writer, 'test.paged', { type: 'thing', id: `tied-${i}` });
    for (let i = 0; i < 20; i += 1) {
      t.clock.now = new Date(start + 120_000 + i * 1000);
      await audit(t.deps.accounts, writer, 'test.paged', { type: 'thing', id: `late-${i}` });
    }
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let path = '/admin/audit?action=test.paged';
    for (let pages = 0; pages < 5 && path; pages += 1) {
      const html = await (await get(t, path, admin)).text();
      const ids = [...html.matchAll(/thing ((?:early|tied|late)-\d+)/g)].map((m) => m[1]!);
      pageSizes.push(ids.length);
      seen.push(...ids);
      const older = /href="([^"]+)">Older entries/.exec(html)?.[1];
      path = older ? older.replaceAll('&amp;', '&') : '';
    }
    expect(pageSizes).toEqual([60, 30]);
    expect(new Set(seen).size).toBe(90);
    expect(seen[0]).toBe('late-19');
    expect(seen.at(-1)).toBe('early-0');
  });
});

describe('the downloads', () => {
  it('CSV: a header, the rows, formula-looking cells prefixed, as an attachment', async () => {
    const res = await get(t, '/admin/audit.csv?to=2025-03-05', admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-[\d-]+\.csv"$/);
    const csv = await res.text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,actorId,actorLabel,action,objectType,objectId,details');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual([
      'team.created',
      'user.invited',
      'organisation.created',
    ]);
    expect(csv).toContain(`,'=1+2@example.org,`);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"") <${mallory.user.email}>"`);
    expect(csv).not.toMatch(/(^|,)"?[=+@-]/m);
    expect(csv).toContain('"{""name"":""+Support, \\""tier 1\\""""}"');
  });

  it('JSON: the records, as an attachment; each export is itself audited', async () => {
    const res = await get(t, '/admin/audit.json?action=user.invited', admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-[\d-]+\.json"$/);
    const records = (await res.json()) as { action: string; actorId: string; objectId: string }[];
    expect(records).toEqual([
      expect.objectContaining({
        action: 'user.invited',
        actorId: mallory.user.id,
        objectId: '=1+2@example.org',
      }),
    ]);
    const exports = await t.deps.stores.audit.list({ action: 'audit.exported', limit: 10 });
    expect(exports[0]).toMatchObject({
      actorId: admin.user.id,
      objectType: 'audit_log',
      details: { format: 'json', count: 1, action: 'user.invited' },
    });
  });
});
