/**
 * Accreditation through the pages: staff write a type as plain lines; a partner starts an
 * application from /partner, uploads a document (multipart), gets it rejected with guidance
 * and uploads again; staff download it, approve, see stages complete; the other partner
 * organisation sees nothing of it; and the security cases (no session, wrong role, CSRF,
 * oversized upload, malformed fields).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { expectLabelled, get, noSession, post } from '../http/pages/consoleFixtures.js';
import { makePartner, PDF } from '../fixtures/accreditation.js';

let t: TestApp;
let staff: SignedIn;
let partner: SignedIn;
let outsider: SignedIn;
let typeId: string;
let applicationId: string;

const MAX_UPLOAD = 200_000;

function upload(
  who: SignedIn,
  path: string,
  bytes: Uint8Array,
  name = 'tax.pdf',
  csrf: string | null = who.csrf,
): Promise<Response> {
  const body = new FormData();
  body.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  body.append('note', 'As requested');
  if (csrf) body.append('_csrf', csrf);
  return Promise.resolve(
    t.app.request(path, { method: 'POST', headers: { cookie: who.cookie, accept: 'text/html' }, body }),
  );
}

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
  t.clock.now = new Date('2026-03-02T09:00:00.000Z');
  staff = await signIn(t, 'staff');
  partner = (await makePartner(t, 'Khanya Training')).member;
  outsider = (await makePartner(t, 'Other Org')).member;
});
afterAll(async () => {
  await t.close();
});

describe('accreditation pages', () => {
  it('let staff write a type as plain lines', async () => {
    const page = await get(t, '/admin/accreditation/types', staff);
    expect(page.status).toBe(200);
    expectLabelled(await page.text());
    const bad = await post(t, '/admin/accreditation/types', staff, {
      baseVersion: '0',
      name: 'X',
      validityMonths: '12',
      reminderDays: '7',
      renewalReminderDays: '30',
      stages: 'document | Tax | 30 | x',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Line 1: start with a');
    const res = await post(t, '/admin/accreditation/types', staff, {
      baseVersion: '0',
      name: 'Training provider',
      description: 'Deliver our courses',
      validityMonths: '24',
      reminderDays: '14, 7',
      renewalReminderDays: '60',
      active: 'on',
      stages:
        'Stage: Documents\ndocument | Tax clearance | 30 | Issued this year\n\nStage: Review\naction | Site visit | 60 | Host our assessor',
    });
    expect(res.status).toBe(303);
    typeId = res.headers.get('location')!.split('/').pop()!.split('?')[0]!;
    const type = await t.deps.stores.accreditation.getType(typeId);
    expect(type?.stages.map((s) => [s.id, s.items.map((i) => i.id)])).toEqual([
      ['documents', ['tax-clearance']],
      ['review', ['site-visit']],
    ]);
    const stale = await post(t, `/admin/accreditation/types/${typeId}`, staff, {
      baseVersion: '0',
      name: 'Renamed',
      validityMonths: '24',
      stages: 'Stage: Documents\ndocument | Tax clearance | 30 | x',
    });
    expect(stale.status).toBe(409);
  });

  it('let a partner apply, upload, fix a rejected document, and staff approve', async () => {
    const home = await (await get(t, '/partner', partner)).text();
    expect(home).toContain('Start an application');
    const started = await post(t, '/partner/applications', partner, { typeId });
    expect(started.status).toBe(303);
    applicationId = started.headers.get('location')!.split('/').pop()!;
    const page = await (await get(t, `/partner/applications/${applicationId}`, partner)).text();
    expect(page).toContain('Tax clearance (document)');
    expect(page).toContain('missing');
    expectLabelled(page);

    const sent = await upload(
      partner,
      `/partner/applications/${applicationId}/items/tax-clearance/documents`,
      PDF('first'),
    );
    expect(sent.status).toBe(303);
    const staffPage = await (await get(t, `/admin/accreditation/${applicationId}`, staff)).text();
    expect(staffPage).toContain('v1: tax.pdf');
    const record = (await t.deps.stores.accreditation.getApplication(applicationId))!;
    const file = await get(
      t,
      `/admin/accreditation/${applicationId}/files/${record.items[0]!.documents[0]!.sha256}`,
      staff,
    );
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF('first'));

    expect(
      (
        await post(t, `/admin/accreditation/${applicationId}/items/tax-clearance/review`, staff, {
          decision: 'under_review',
        })
      ).status,
    ).toBe(303);
    expect(await (await get(t, `/partner/applications/${applicationId}`, partner)).text()).toContain(
      'under review',
    );
    expect(
      (
        await post(t, `/admin/accreditation/${applicationId}/items/tax-clearance/review`, staff, {
          decision: 'under_review',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await post(t, `/admin/accreditation/${applicationId}/items/tax-clearance/review`, staff, {
          decision: 'rejected',
          guidance: '',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await post(t, `/admin/accreditation/${applicationId}/items/tax-clearance/review`, staff, {
          decision: 'maybe',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await post(t, `/admin/accreditation/${applicationId}/items/tax-clearance/review`, staff, {
          decision: 'rejected',
          guidance: 'Stamp missing <b>!</b>',
        })
      ).status,
    ).toBe(303);
    const rejected = await (await get(t, `/partner/applications/${applicationId}`, partner)).text();
    expect(rejected).toContain('guidance: Stamp missing &lt;b&gt;!&lt;/b&gt;');
    expect(
      (
        await upload(
          partner,
          `/partner/applications/${applicationId}/items/tax-clearance/documents`,
          PDF('second'),
          'tax-stamped.pdf',
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await post(t, `/admin/accreditation/${applicationId}/items/tax-clearance/review`, staff, {
          decision: 'approved',
        })
      ).status,
    ).toBe(303);
    const after = (await t.deps.stores.accreditation.getApplication(applicationId))!;
    expect(after).toMatchObject({ stageIndex: 1 });
    expect(after.items[0]!.documents).toHaveLength(2);
    const list = await (await get(t, '/admin/accreditation', staff)).text();
    expect(list).toContain('Khanya Training');
    expect(list).toContain('50%');
    expect(await (await get(t, '/admin/accreditation?status=approved', staff)).text()).toContain(
      'No applications match.',
    );
    expect((await get(t, '/admin/accreditation?status=bogus', staff)).status).toBe(400);
    expect(
      (
        await post(t, `/admin/accreditation/${applicationId}/check-ins`, staff, {
          notes: 'Discussed the site visit date',
        })
      ).status,
    ).toBe(303);
    expect(await (await get(t, `/admin/accreditation/${applicationId}`, staff)).text()).toContain(
      'Discussed the site visit date',
    );
    expect(await (await get(t, `/partner/applications/${applicationId}`, partner)).text()).not.toContain(
      'Discussed the site visit date',
    );
  });

  it('keep another organisation out', async () => {
    const record = (await t.deps.stores.accreditation.getApplication(applicationId))!;
    expect((await get(t, `/partner/applications/${applicationId}`, outsider)).status).toBe(404);
    expect(
      (
        await get(
          t,
          `/partner/applications/${applicationId}/files/${record.items[0]!.documents[0]!.sha256}`,
          outsider,
        )
      ).status,
    ).toBe(404);
    expect(
      (await upload(outsider, `/partner/applications/${applicationId}/items/site-visit/documents`, PDF()))
        .status,
    ).toBe(404);
    expect(
      (await post(t, `/partner/applications/${applicationId}/withdraw`, outsider, { reason: 'x' })).status,
    ).toBe(404);
    expect(await (await get(t, '/partner', outsider)).text()).not.toContain('Khanya');
    expect((await t.deps.stores.accreditation.getApplication(applicationId))?.status).toBe('in_progress');
  });

  it('refuse no session, the wrong role, no CSRF token, an oversized upload and bad fields', async () => {
    expect((await get(t, `/partner/applications/${applicationId}`, noSession())).status).toBe(303);
    expect((await post(t, '/partner/applications', noSession(), { typeId })).status).toBe(401);
    expect((await get(t, '/admin/accreditation', partner)).status).toBe(403);
    expect(
      (
        await post(t, `/admin/accreditation/${applicationId}/items/site-visit/review`, partner, {
          decision: 'approved',
        })
      ).status,
    ).toBe(403);
    const participant = await signIn(t, 'participant');
    expect((await get(t, `/partner/applications/${applicationId}`, participant)).status).toBe(403);
    expect(
      (
        await upload(
          partner,
          `/partner/applications/${applicationId}/items/site-visit/documents`,
          PDF(),
          'x.pdf',
          null,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await upload(
          partner,
          `/partner/applications/${applicationId}/items/site-visit/documents`,
          new Uint8Array(MAX_UPLOAD + 10),
        )
      ).status,
    ).toBe(413);
    expect(
      (
        await post(t, `/partner/applications/${applicationId}/items/site-visit/confirm`, partner, {
          note: '',
        })
      ).status,
    ).toBe(400);
    expect((await post(t, '/partner/applications', partner, { typeId: 'nope' })).status).toBe(400);
    expect(
      (await post(t, `/admin/accreditation/${applicationId}/end`, staff, { outcome: 'explode', reason: 'x' }))
        .status,
    ).toBe(400);
    expect(
      (await post(t, `/admin/accreditation/${applicationId}/assign`, staff, { staffId: partner.user.id }))
        .status,
    ).toBe(400);
  });
});
