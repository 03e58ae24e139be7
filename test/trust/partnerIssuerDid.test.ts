/**
 * A partner registers the issuer DID their organisation signs with, on /partner: stored
 * for their organisation only, audited, refused on the page when it is no DID or another
 * organisation has it, behind the portal's role and CSRF checks. With an accreditation in
 * force the DID is trusted at once (the partner, the staff application page and the trust
 * list say until when); removing it withdraws the trust at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../fixtures/sessions.js';
import { makePartner } from '../fixtures/accreditation.js';
import { auditAbout, expectLabelled, expectRedirect, get, noSession, post } from '../http/pages/consoleFixtures.js';
import { accreditedPartner, uniqueDid } from './trustFixtures.js';
import { createTrustLookup } from '../../src/trust/trustLookup.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const registered = (organisationId: string) => t.deps.stores.trust.getPartnerIssuer(organisationId);

describe('registering an issuer DID on /partner', () => {
  it('shows the form, registers the DID for the organisation, and audits it', async () => {
    const { organisation, member } = await makePartner(t, 'Kalahari Training');
    const page = await (await get(t, '/partner', member)).text();
    expect(page).toContain('<h2 id="issuer-did-heading">Issuer DID</h2>');
    expect(page).toContain('No issuer DID registered.');
    expectLabelled(page);

    const did = uniqueDid('kalahari');
    expectRedirect(await post(t, '/partner/issuer-did', member, { did: ` ${did} ` }), '/partner?done=did_registered');
    expect(await registered(organisation.id)).toMatchObject({ organisationId: organisation.id, did, registeredBy: member.user.id });
    const after = await (await get(t, '/partner?done=did_registered', member)).text();
    expect(after).toContain('The issuer DID was registered.');
    expect(after).toContain(`Registered: <code>${did}</code>`);
    expect(after).toContain('show as from an unknown issuer for now: your organisation has no accreditation in force');
    const [entry] = await auditAbout(t, organisation.id);
    expect(entry).toMatchObject({ action: 'trust.partner_did_registered', actorId: member.user.id, objectType: 'organisation', details: { did } });

    const changed = uniqueDid('kalahari-new');
    expectRedirect(await post(t, '/partner/issuer-did', member, { did: changed }), '/partner?done=did_registered');
    expect((await registered(organisation.id))?.did).toBe(changed);
    expect((await auditAbout(t, organisation.id))[0]?.details).toEqual({ did: changed, previous: did });
  });

  it('refuses what is no DID, and a DID another organisation registered, on the page', async () => {
    const { organisation, member } = await makePartner(t, 'Drakensberg Academy');
    const notDid = await post(t, '/partner/issuer-did', member, { did: 'https://drakensberg.example.org' });
    expect(notDid.status).toBe(400);
    const html = await notDid.text();
    expect(html).toContain('DID must be a DID');
    expect(html).toContain('value="https://drakensberg.example.org"');
    expect((await post(t, '/partner/issuer-did', member, { did: '' })).status).toBe(400);
    expect(await registered(organisation.id)).toBeUndefined();

    const other = await makePartner(t, 'Someone Else Ltd');
    const theirs = uniqueDid('theirs');
    await post(t, '/partner/issuer-did', other.member, { did: theirs });
    const taken = await post(t, '/partner/issuer-did', member, { did: theirs });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('Another organisation has registered this DID');
    expect(await registered(organisation.id)).toBeUndefined();
    expect((await t.deps.stores.trust.findPartnerIssuer(theirs))?.organisationId).toBe(other.organisation.id);
  });

  it('is for partners with an organisation only, and needs the CSRF token', async () => {
    const { organisation, member } = await makePartner(t, 'Token Test College');
    const did = uniqueDid('guarded');
    expect((await post(t, '/partner/issuer-did', member, { did }, { csrf: null })).status).toBe(403);
    expect((await post(t, '/partner/issuer-did', noSession(), { did })).status).toBe(401);
    for (const role of ['participant', 'reviewer', 'staff', 'admin'] as const) {
      expect((await post(t, '/partner/issuer-did', await signIn(t, role), { did })).status, role).toBe(403);
    }
    const loose = await signIn(t, 'partner', await createUser(t, 'partner'));
    expect((await post(t, '/partner/issuer-did', loose, { did })).status).toBe(403);
    expect(await registered(organisation.id)).toBeUndefined();
    expect(await t.deps.stores.trust.findPartnerIssuer(did)).toBeUndefined();
  });
});

describe('an accredited partner', () => {
  it('is trusted at once with a registered DID, shown to the partner, on the staff application page and on the trust list; removing it withdraws the trust', async () => {
    const { organisation, member, application } = await accreditedPartner(t, 'Winelands Institute');
    const staff: SignedIn = await signIn(t, 'staff');
    const admin: SignedIn = await signIn(t, 'admin');
    expect(await (await get(t, `/admin/accreditation/${application.id}`, staff)).text()).toContain('The partner has not registered an issuer DID.');

    const did = uniqueDid('winelands');
    await post(t, '/partner/issuer-did', member, { did });
    const lookup = createTrustLookup({ stores: t.deps.stores });
    const until = application.validUntil!;
    expect(await lookup.find(did, t.deps.now())).toEqual({ kind: 'accredited_partner', name: 'Winelands Institute', until });

    expect(await (await get(t, '/partner', member)).text()).toContain(`show as issued by an accredited SayPro partner until ${until.slice(0, 10)}`);
    const staffPage = await (await get(t, `/admin/accreditation/${application.id}`, staff)).text();
    expect(staffPage).toContain(`The partner registered <code>${did}</code>`);
    expect(staffPage).toContain(`Trusted now, as an accredited partner until ${until.slice(0, 10)}`);
    expect(await (await get(t, '/admin/trust', admin)).text()).toMatch(new RegExp(`Winelands Institute</td><td><code>${did.replaceAll('.', '\\.')}</code>[\\s\\S]*?trusted: accredited until ${until.slice(0, 10)}`));

    expectRedirect(await post(t, '/partner/issuer-did/remove', member), '/partner?done=did_removed');
    expect(await lookup.find(did, t.deps.now())).toBeUndefined();
    expect(await registered(organisation.id)).toBeUndefined();
    expect((await auditAbout(t, organisation.id))[0]).toMatchObject({ action: 'trust.partner_did_removed', details: { did } });
    expect((await post(t, '/partner/issuer-did/remove', member)).status).toBe(404);
  });
});
