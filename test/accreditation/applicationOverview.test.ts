/**
 * The accreditation pages' reads (src/accreditation/applicationOverview.ts and the type
 * reads in accreditationTypes.ts): who may read what (a partner only their own
 * organisation's applications and files; the staff list and the type editor staff only),
 * the page sizes, and the status list the staff filter offers (no "rejected": nothing
 * ever sets it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn } from '../fixtures/sessions.js';
import { get } from '../http/pages/consoleFixtures.js';
import { makeAccreditationType, makePartner, PDF, STAFF_ACTOR } from '../fixtures/accreditation.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { startApplication, submitDocument } from '../../src/accreditation/applications.js';
import {
  applicationFile,
  applicationPage,
  partnerApplicationOverview,
  PARTNER_APPLICATION_PAGE,
  staffApplicationOverview,
  STAFF_APPLICATION_PAGE,
} from '../../src/accreditation/applicationOverview.js';
import { accreditationTypeFor, accreditationTypesFor } from '../../src/accreditation/accreditationTypes.js';
import {
  APPLICATION_STATUSES,
  type AccreditationTypeRecord,
  type ApplicationRecord,
} from '../../src/storage/ports.js';
import { statusLabel } from '../../src/http/views/accreditationView.js';
import type { Actor } from '../../src/accounts/accountDeps.js';

let t: TestApp;
let type: AccreditationTypeRecord;
let partner: Actor;
let otherPartner: Actor;
let application: ApplicationRecord;
let organisationId: string;
let sha256: string;

const PARTICIPANT: Actor = { id: 'someone', label: 'someone', role: 'participant' };

/** Stores `count` copies of `model` for `organisation` (straight into the store: this is about page sizes). */
async function copies(
  model: ApplicationRecord,
  organisation: string,
  count: number,
  status: ApplicationRecord['status'] = 'withdrawn',
): Promise<void> {
  for (let i = 0; i < count; i++)
    await t.deps.stores.accreditation.createApplication({
      ...model,
      id: randomUUID(),
      organisationId: organisation,
      status,
      version: 1,
    });
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-12-01T10:00:00.000Z');
  type = await makeAccreditationType(t);
  const a = await makePartner(t, 'Ubuntu Skills Academy');
  const b = await makePartner(t, 'Khanya Training');
  organisationId = a.organisation.id;
  partner = actorOf(a.member.user);
  otherPartner = actorOf(b.member.user);
  application = await startApplication(t.deps.accreditation, partner, { typeId: type.id });
  const uploaded = await submitDocument(t.deps.accreditation, partner, application.id, 'tax-clearance', {
    name: 'tax.pdf',
    bytes: PDF(),
  });
  sha256 = uploaded.items.find((i) => i.itemId === 'tax-clearance')!.documents[0]!.sha256;
});

afterAll(async () => {
  await t.close();
});

describe('the staff list', () => {
  it('lists applications with names and key figures, all partners first', async () => {
    const overview = await staffApplicationOverview(t.deps.accreditation, STAFF_ACTOR, {});
    expect(overview.items.map((i) => [i.application.id, i.organisationName])).toEqual([
      [application.id, 'Ubuntu Skills Academy'],
    ]);
    expect(overview.anyTypeOpen).toBe(true);
    expect(overview.kpis.map((k) => k.name)).toEqual(['All partners', 'Ubuntu Skills Academy']);
    expect(overview.kpis[1]!.organisationId).toBe(organisationId);
  });

  it('filters by status', async () => {
    expect(
      (await staffApplicationOverview(t.deps.accreditation, STAFF_ACTOR, { status: 'lapsed' })).items,
    ).toEqual([]);
    expect(
      (await staffApplicationOverview(t.deps.accreditation, STAFF_ACTOR, { status: 'in_progress' })).items,
    ).toHaveLength(1);
  });

  it('refuses partners and participants', async () => {
    for (const actor of [partner, PARTICIPANT]) {
      await expect(staffApplicationOverview(t.deps.accreditation, actor, {})).rejects.toMatchObject({
        status: 403,
      });
    }
  });

  it('reads at most STAFF_APPLICATION_PAGE applications', async () => {
    const c = await makePartner(t, 'Bulk Partner');
    await copies(application, c.organisation.id, STAFF_APPLICATION_PAGE + 1);
    const overview = await staffApplicationOverview(t.deps.accreditation, STAFF_ACTOR, {
      status: 'withdrawn',
    });
    expect(overview.items).toHaveLength(STAFF_APPLICATION_PAGE);
  });
});

describe("a partner's own applications", () => {
  it('lists their applications and the open types', async () => {
    const own = await partnerApplicationOverview(t.deps.accreditation, partner, organisationId);
    expect(own.applications.map((s) => s.application.id)).toEqual([application.id]);
    expect(own.openTypes.map((x) => x.id)).toEqual([type.id]);
  });

  it("answers not_found for another organisation's", async () => {
    await expect(
      partnerApplicationOverview(t.deps.accreditation, otherPartner, organisationId),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      partnerApplicationOverview(t.deps.accreditation, PARTICIPANT, organisationId),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('reads at most PARTNER_APPLICATION_PAGE applications', async () => {
    const d = await makePartner(t, 'Many Cycles Ltd');
    await copies(application, d.organisation.id, PARTNER_APPLICATION_PAGE + 1, 'lapsed');
    const own = await partnerApplicationOverview(
      t.deps.accreditation,
      actorOf(d.member.user),
      d.organisation.id,
    );
    expect(own.applications).toHaveLength(PARTNER_APPLICATION_PAGE);
  });
});

describe('one application', () => {
  it('names the people on it; only staff get the list of staff to assign', async () => {
    const forPartner = await applicationPage(t.deps.accreditation, partner, application.id);
    expect(forPartner.people.get(partner.id)?.name).toBe('Ubuntu Skills Academy Manager');
    expect(forPartner.staff).toEqual([]);
    const forStaff = await applicationPage(t.deps.accreditation, STAFF_ACTOR, application.id);
    expect(forStaff.summary.application.id).toBe(application.id);
  });

  it("is not_found for another organisation's partner, and so are its files", async () => {
    await expect(applicationPage(t.deps.accreditation, otherPartner, application.id)).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      applicationFile(t.deps.accreditation, otherPartner, application.id, sha256),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('serves an uploaded file to its partner and staff, and nothing for an unknown checksum', async () => {
    expect((await applicationFile(t.deps.accreditation, partner, application.id, sha256)).name).toBe(
      'tax.pdf',
    );
    expect((await applicationFile(t.deps.accreditation, STAFF_ACTOR, application.id, sha256)).bytes).toEqual(
      PDF(),
    );
    await expect(
      applicationFile(t.deps.accreditation, partner, application.id, '0'.repeat(64)),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('accreditation types for the editor', () => {
  it('are read by staff, refused to partners', async () => {
    expect((await accreditationTypesFor(t.deps.accreditation, STAFF_ACTOR)).map((x) => x.id)).toContain(
      type.id,
    );
    expect((await accreditationTypeFor(t.deps.accreditation, STAFF_ACTOR, type.id)).name).toBe(
      'Training provider',
    );
    await expect(accreditationTypesFor(t.deps.accreditation, partner)).rejects.toMatchObject({ status: 403 });
    await expect(accreditationTypeFor(t.deps.accreditation, partner, type.id)).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      accreditationTypeFor(t.deps.accreditation, STAFF_ACTOR, 'no-such-type'),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('application statuses', () => {
  it('are the ones the code sets: never "rejected" (an item is rejected, an application is not)', () => {
    expect([...APPLICATION_STATUSES]).toEqual(['in_progress', 'approved', 'withdrawn', 'lapsed']);
  });

  it('are shown in words, and a stored status this code does not know as it is', () => {
    expect(statusLabel('approved')).toBe('accredited');
    expect(statusLabel('rejected')).toBe('rejected');
    expect(statusLabel('in_progress')).toBe('in progress');
  });
});

describe('the staff filter (GET /admin/accreditation)', () => {
  it('offers exactly the statuses, and refuses "rejected" like any unknown one', async () => {
    const staff = await signIn(t, 'staff');
    const html = await (await get(t, '/admin/accreditation', staff)).text();
    const select = /<select id="a-status"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    expect([...select.matchAll(/value="([^"]*)"/g)].map((m) => m[1])).toEqual(['', ...APPLICATION_STATUSES]);
    expect((await get(t, '/admin/accreditation?status=lapsed', staff)).status).toBe(200);
    const refused = await get(t, '/admin/accreditation?status=rejected', staff);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('status: choose in_progress, approved, withdrawn, lapsed');
  });
});
