/**
 * createTrustLookup over the real SQLite stores: a listed entry counts only within its
 * dates (both ends inclusive) and wins over a partner registration; an accredited
 * partner's DID is trusted, under the organisation's name until the accreditation ends,
 * and stops being trusted the moment the accreditation expires, is withdrawn or its
 * credential is revoked, through the same lookup (nothing cached). The
 * two reads by DID are one index probe each.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { STAFF_ACTOR } from '../fixtures/accreditation.js';
import { accreditedPartner, uniqueDid } from './trustFixtures.js';
import { createTrustLookup } from '../../src/trust/trustLookup.js';
import type { TrustLookup } from '../../src/verification/issuerStanding.js';
import { endApplication, lapseExpired } from '../../src/accreditation/applicationReview.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import { openSqlite } from '../../src/storage/sqlite/schema.js';
import {
  applyTrustSchema,
  ISSUER_BY_DID_SQL,
  PARTNER_BY_DID_SQL,
} from '../../src/storage/sqlite/trustStore.js';

let t: TestApp;
let lookup: TrustLookup;
const START = new Date('2026-03-02T09:00:00.000Z');

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = START;
  lookup = createTrustLookup({ stores: t.deps.stores });
});
beforeEach(() => {
  t.clock.now = START;
});
afterAll(async () => {
  await t.close();
});

const register = (organisationId: string, did: string) =>
  t.deps.stores.trust.setPartnerIssuer({
    organisationId,
    did,
    registeredAt: START.toISOString(),
    registeredBy: 'partner',
  });

describe('a listed issuer', () => {
  it('is trusted within its dates, ends included, with the entry name, URL, note and end', async () => {
    const did = uniqueDid('listed');
    await t.deps.stores.trust.addIssuer({
      did,
      name: 'Northern Cape University',
      url: 'https://ncu.example.org',
      note: 'Signed MoU 2026',
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2026-12-31T23:59:59.999Z',
      createdAt: START.toISOString(),
      updatedAt: START.toISOString(),
      createdBy: 'admin',
    });
    const reason = {
      kind: 'listed',
      name: 'Northern Cape University',
      url: 'https://ncu.example.org',
      note: 'Signed MoU 2026',
      until: '2026-12-31T23:59:59.999Z',
    };
    expect(await lookup.find(did, new Date('2026-06-01T00:00:00Z'))).toEqual(reason);
    expect(await lookup.find(did, new Date('2026-01-01T00:00:00.000Z'))).toEqual(reason);
    expect(await lookup.find(did, new Date('2026-12-31T23:59:59.999Z'))).toEqual(reason);
    expect(await lookup.find(did, new Date('2025-12-31T23:59:59.999Z'))).toBeUndefined();
    expect(await lookup.find(did, new Date('2027-01-01T00:00:00.000Z'))).toBeUndefined();
  });

  it('without dates is trusted at any time, and not at all once removed', async () => {
    const did = uniqueDid('undated');
    await t.deps.stores.trust.addIssuer({
      did,
      name: 'Open Learning Trust',
      createdAt: START.toISOString(),
      updatedAt: START.toISOString(),
      createdBy: 'admin',
    });
    expect(await lookup.find(did, new Date('1999-01-01T00:00:00Z'))).toEqual({
      kind: 'listed',
      name: 'Open Learning Trust',
    });
    await t.deps.stores.trust.removeIssuer(did);
    expect(await lookup.find(did, START)).toBeUndefined();
  });

  it('an unknown DID, and a near miss of a listed one, are not trusted', async () => {
    const did = uniqueDid('exact');
    await t.deps.stores.trust.addIssuer({
      did,
      name: 'Exact',
      createdAt: START.toISOString(),
      updatedAt: START.toISOString(),
      createdBy: 'admin',
    });
    expect(await lookup.find(uniqueDid('stranger'), START)).toBeUndefined();
    expect(await lookup.find(did.toUpperCase(), START)).toBeUndefined();
    expect(await lookup.find(`${did}:extra`, START)).toBeUndefined();
  });
});

describe('an accredited partner', () => {
  it('is trusted while approved and unexpired; expiry ends it at once, before and after the sweep', async () => {
    const { organisation, application } = await accreditedPartner(t, 'Karoo Skills Academy');
    const did = uniqueDid('karoo');
    expect(await lookup.find(did, START)).toBeUndefined();
    await register(organisation.id, did);
    const reason = {
      kind: 'accredited_partner',
      name: 'Karoo Skills Academy',
      until: application.validUntil,
    };
    expect(application.validUntil).toBe('2028-03-02T09:00:00.000Z');
    expect(await lookup.find(did, START)).toEqual(reason);
    expect(await lookup.find(did, new Date('2028-03-02T08:59:59.999Z'))).toEqual(reason);
    // Before it started, and from the instant it ends (as the lapse sweep counts it).
    expect(await lookup.find(did, new Date('2026-03-02T08:59:59.999Z'))).toBeUndefined();
    expect(await lookup.find(did, new Date('2028-03-02T09:00:00.000Z'))).toBeUndefined();

    t.clock.now = new Date('2028-03-03T00:00:00.000Z');
    expect(await lapseExpired(t.deps.accreditation)).toBeGreaterThanOrEqual(1);
    expect((await t.deps.stores.accreditation.getApplication(application.id))?.status).toBe('lapsed');
    expect(await lookup.find(did, START)).toBeUndefined();
  });

  it('is not trusted any more the moment the accreditation is withdrawn', async () => {
    const { organisation, application } = await accreditedPartner(t, 'Garden Route College');
    const did = uniqueDid('garden');
    await register(organisation.id, did);
    expect(await lookup.find(did, START)).toMatchObject({
      kind: 'accredited_partner',
      name: 'Garden Route College',
    });
    await endApplication(
      t.deps.accreditation,
      STAFF_ACTOR,
      application.id,
      'withdrawn',
      'Accreditation revoked after an audit',
    );
    expect(await lookup.find(did, START)).toBeUndefined();
  });

  it('is not trusted once its accreditation credential is revoked, even with the application still approved', async () => {
    const { organisation, application } = await accreditedPartner(t, 'Highveld Institute');
    const did = uniqueDid('highveld');
    await register(organisation.id, did);
    expect(await lookup.find(did, START)).toMatchObject({ kind: 'accredited_partner' });
    await changeCredentialStatus(t.deps.status, application.credentialId!, 'revoke', 'revoked by staff');
    expect((await t.deps.stores.accreditation.getApplication(application.id))?.status).toBe('approved');
    expect(await lookup.find(did, START)).toBeUndefined();
  });

  it('is not trusted with an application still in progress, or once the DID is removed', async () => {
    const { organisation } = await accreditedPartner(t, 'Lowveld Learning');
    const did = uniqueDid('lowveld');
    await register(organisation.id, did);
    expect(await lookup.find(did, START)).toBeDefined();
    await t.deps.stores.trust.removePartnerIssuer(organisation.id);
    expect(await lookup.find(did, START)).toBeUndefined();

    const pending = uniqueDid('pending');
    const org = { id: `org-pending-${Date.now()}`, name: 'Pending Partner', createdAt: START.toISOString() };
    await t.deps.stores.directory.createOrganisation(org);
    await register(org.id, pending);
    expect(await lookup.find(pending, START)).toBeUndefined();
  });

  it('a listed entry wins over the partner registration of the same DID', async () => {
    const { organisation } = await accreditedPartner(t, 'Both Ways Academy');
    const did = uniqueDid('both');
    await register(organisation.id, did);
    await t.deps.stores.trust.addIssuer({
      did,
      name: 'Both Ways (listed)',
      createdAt: START.toISOString(),
      updatedAt: START.toISOString(),
      createdBy: 'admin',
    });
    expect(await lookup.find(did, START)).toEqual({ kind: 'listed', name: 'Both Ways (listed)' });
    await t.deps.stores.trust.updateIssuer({
      did,
      name: 'Both Ways (listed)',
      validUntil: '2026-01-01T00:00:00.000Z',
      createdAt: START.toISOString(),
      updatedAt: START.toISOString(),
      createdBy: 'admin',
    });
    // An expired listing falls through to the accreditation.
    expect(await lookup.find(did, START)).toMatchObject({
      kind: 'accredited_partner',
      name: 'Both Ways Academy',
    });
  });
});

describe('the SQLite reads by DID', () => {
  it('are each one search of a unique index, never a scan', () => {
    const db = openSqlite(':memory:');
    applyTrustSchema(db);
    for (const [sql, table] of [
      [ISSUER_BY_DID_SQL, 'trusted_issuers'],
      [PARTNER_BY_DID_SQL, 'partner_issuers'],
    ] as const) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('did:web:x') as { detail: string }[]).map(
        (r) => r.detail,
      );
      expect(plan).toHaveLength(1);
      expect(plan[0]).toMatch(
        new RegExp(`^SEARCH ${table} USING INDEX sqlite_autoindex_${table}_\\d \\((did)=\\?\\)$`),
      );
    }
    db.close();
  });
});
