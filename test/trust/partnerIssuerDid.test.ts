/**
 * A partner registers the issuer DID their organisation signs with, on /partner, proving
 * control of it by DID Authentication: the page shows a fresh single-use challenge and the
 * domain, the partner pastes (or uploads) a presentation signed with a key of the DID over
 * them. Stored for their organisation only, audited; refused on the page, with nothing
 * stored, when it is no DID, another organisation has it, or the presentation does not
 * prove control (another or an expired or used challenge, another key, another holder,
 * another domain, no JSON, too large); behind the portal's role and CSRF checks. With an
 * accreditation in force the DID is trusted at once; removing it withdraws the trust.
 * Every presentation is really signed (test/fixtures/holder.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../fixtures/sessions.js';
import { makePartner } from '../fixtures/accreditation.js';
import { createHolder, presentationOf, signAsHolder, type Holder } from '../fixtures/holder.js';
import {
  auditAbout,
  expectLabelled,
  expectRedirect,
  get,
  noSession,
  post,
  type Browser,
} from '../http/pages/consoleFixtures.js';
import { accreditedPartner, challengeOn, didAuth, impostorOf, uniqueDid } from './trustFixtures.js';
import { createTrustLookup } from '../../src/trust/trustLookup.js';
import { newSecret } from '../../src/accounts/secrets.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const registered = (organisationId: string) => t.deps.stores.trust.getPartnerIssuer(organisationId);

/** The challenge a fresh /partner page shows the member. */
const challengeFor = async (member: Browser) => challengeOn(await (await get(t, '/partner', member)).text());

/** A member's registration of `holder`'s DID, with a presentation over a fresh challenge. */
async function register(member: Browser, holder: Holder): Promise<Response> {
  return post(t, '/partner/issuer-did', member, {
    did: holder.did,
    presentation: await didAuth(t, holder, await challengeFor(member)),
  });
}

/** Posts the form as a browser with a chosen file does: multipart, the presentation as a .json file. */
async function postWithFile(member: Browser, did: string, json: string): Promise<Response> {
  const body = new FormData();
  body.set('_csrf', member.csrf);
  body.set('did', did);
  body.set('presentation', '');
  body.set('presentationFile', new File([json], 'did-auth.json', { type: 'application/json' }));
  return t.app.request('/partner/issuer-did', {
    method: 'POST',
    headers: { cookie: member.cookie, accept: 'text/html' },
    body,
  });
}

describe('registering an issuer DID on /partner', () => {
  it('shows a challenge and the domain, registers the DID a signed presentation proves, and audits it', async () => {
    const { organisation, member } = await makePartner(t, 'Kalahari Training');
    const page = await (await get(t, '/partner', member)).text();
    expect(page).toContain('<h2 id="issuer-did-heading">Issuer DID</h2>');
    expect(page).toContain('No issuer DID registered.');
    expect(page).toContain(
      'sign a Verifiable Presentation with your DID&#39;s key, with this challenge and domain, and paste it here',
    );
    expect(page).toContain('<code id="did-domain">localhost:3000</code>');
    expect(page).toContain('&quot;proofPurpose&quot;:&quot;authentication&quot;');
    expect(challengeOn(page)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challengeOn(await (await get(t, '/partner', member)).text())).not.toBe(challengeOn(page));
    expectLabelled(page);

    const holder = await createHolder();
    const presentation = await didAuth(t, holder, await challengeFor(member));
    expectRedirect(
      await post(t, '/partner/issuer-did', member, { did: ` ${holder.did} `, presentation }),
      '/partner?done=did_registered',
    );
    expect(await registered(organisation.id)).toMatchObject({
      organisationId: organisation.id,
      did: holder.did,
      registeredBy: member.user.id,
    });
    const after = await (await get(t, '/partner?done=did_registered', member)).text();
    expect(after).toContain('The issuer DID was registered.');
    expect(after).toContain(`Registered: <code class="did">${holder.did}</code>`);
    expect(after).toContain(
      'show as from an unknown issuer for now: your organisation has no accreditation in force',
    );
    const [entry] = await auditAbout(t, organisation.id);
    expect(entry).toMatchObject({
      action: 'trust.partner_did_registered',
      actorId: member.user.id,
      objectType: 'organisation',
      details: { did: holder.did },
    });

    // Changing it takes a proof for the new DID too, here as an uploaded .json file.
    const changed = await createHolder();
    expectRedirect(
      await postWithFile(member, changed.did, await didAuth(t, changed, await challengeFor(member))),
      '/partner?done=did_registered',
    );
    expect((await registered(organisation.id))?.did).toBe(changed.did);
    expect((await auditAbout(t, organisation.id))[0]?.details).toEqual({
      did: changed.did,
      previous: holder.did,
    });
  });

  it('refuses what is no DID, and a DID another organisation registered, on the page', async () => {
    const { organisation, member } = await makePartner(t, 'Drakensberg Academy');
    const holder = await createHolder();
    const notDid = await post(t, '/partner/issuer-did', member, {
      did: 'https://drakensberg.example.org',
      presentation: await didAuth(t, holder, await challengeFor(member)),
    });
    expect(notDid.status).toBe(400);
    const html = await notDid.text();
    expect(html).toContain('DID must be a DID');
    expect(html).toContain('value="https://drakensberg.example.org"');
    expect((await post(t, '/partner/issuer-did', member, { did: '', presentation: '' })).status).toBe(400);
    expect(await registered(organisation.id)).toBeUndefined();

    // Both organisations hold the key here; the first to register keeps the DID.
    const other = await makePartner(t, 'Someone Else Ltd');
    expectRedirect(await register(other.member, holder), '/partner?done=did_registered');
    const taken = await register(member, holder);
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('Another organisation has registered this DID');
    expect(await registered(organisation.id)).toBeUndefined();
    expect((await t.deps.stores.trust.findPartnerIssuer(holder.did))?.organisationId).toBe(
      other.organisation.id,
    );
  });

  it('is for partners with an organisation only, and needs the CSRF token', async () => {
    const { organisation, member } = await makePartner(t, 'Token Test College');
    const holder = await createHolder();
    const fields = { did: holder.did, presentation: await didAuth(t, holder, await challengeFor(member)) };
    expect((await post(t, '/partner/issuer-did', member, fields, { csrf: null })).status).toBe(403);
    expect((await post(t, '/partner/issuer-did', noSession(), fields)).status).toBe(401);
    for (const role of ['participant', 'reviewer', 'staff', 'admin'] as const) {
      expect((await post(t, '/partner/issuer-did', await signIn(t, role), fields)).status, role).toBe(403);
    }
    const loose = await signIn(t, 'partner', await createUser(t, 'partner'));
    expect((await post(t, '/partner/issuer-did', loose, fields)).status).toBe(403);
    expect(await registered(organisation.id)).toBeUndefined();
    expect(await t.deps.stores.trust.findPartnerIssuer(holder.did)).toBeUndefined();
  });
});

describe('the proof of control', () => {
  /** Posts the fields, expects a 400 page saying `message`, and that nothing was registered. */
  async function expectRefused(
    member: SignedIn,
    organisationId: string,
    fields: Record<string, string>,
    message: string,
    status = 400,
  ): Promise<void> {
    const res = await post(t, '/partner/issuer-did', member, fields);
    expect(res.status, message).toBe(status);
    expect(await res.text()).toContain(message);
    expect(await registered(organisationId)).toBeUndefined();
    expect(await t.deps.stores.trust.findPartnerIssuer(fields.did!.trim())).toBeUndefined();
  }

  it('refuses a challenge this site did not give the organisation, an expired one and a used one', async () => {
    const { organisation, member } = await makePartner(t, 'Cederberg Skills');
    const holder = await createHolder();
    const notOurs = 'The presentation&#39;s challenge is not the one this page gave your organisation';
    await expectRefused(
      member,
      organisation.id,
      { did: holder.did, presentation: await didAuth(t, holder, newSecret()) },
      notOurs,
    );
    const other = await makePartner(t, 'Karoo Learning');
    await expectRefused(
      member,
      organisation.id,
      { did: holder.did, presentation: await didAuth(t, holder, await challengeFor(other.member)) },
      notOurs,
    );
    // A newer page view replaces the member's open challenge.
    const replaced = await challengeFor(member);
    await challengeFor(member);
    await expectRefused(
      member,
      organisation.id,
      { did: holder.did, presentation: await didAuth(t, holder, replaced) },
      notOurs,
    );

    const late = await didAuth(t, holder, await challengeFor(member));
    t.clock.now = new Date(t.clock.now.getTime() + 31 * 60_000);
    await expectRefused(
      member,
      organisation.id,
      { did: holder.did, presentation: late },
      'challenge has expired: sign again with the challenge shown now',
    );

    const used = await didAuth(t, holder, await challengeFor(member));
    expectRedirect(
      await post(t, '/partner/issuer-did', member, { did: holder.did, presentation: used }),
      '/partner?done=did_registered',
    );
    await t.deps.stores.trust.removePartnerIssuer(organisation.id);
    await expectRefused(
      member,
      organisation.id,
      { did: holder.did, presentation: used },
      'challenge was already used',
    );
  });

  it('refuses a presentation signed by a key that is not the DID’s, or whose holder is another DID', async () => {
    const { organisation, member } = await makePartner(t, 'Swartland College');
    const victim = await createHolder();
    const intruder = await createHolder();

    // The intruder's own key, holder claimed to be the victim.
    await expectRefused(
      member,
      organisation.id,
      {
        did: victim.did,
        presentation: await didAuth(t, intruder, await challengeFor(member), { holder: victim.did }),
      },
      `signed with a key of another DID: sign it with a key of ${victim.did}`,
    );
    // The same against a did:web this site cannot resolve (another organisation's, say).
    const elsewhere = uniqueDid('elsewhere');
    await expectRefused(
      member,
      organisation.id,
      {
        did: elsewhere,
        presentation: await didAuth(t, intruder, await challengeFor(member), { holder: elsewhere }),
      },
      'signed with a key of another DID',
    );
    // A key that names itself the victim's verification method: the signature does not verify.
    const impostor = await impostorOf(victim);
    const forged = await didAuth(t, impostor, await challengeFor(member));
    expect(JSON.parse(forged).proof.verificationMethod).toBe(victim.keyPair.id);
    await expectRefused(
      member,
      organisation.id,
      { did: victim.did, presentation: forged },
      'The presentation does not verify',
    );
    // Properly signed by its holder, but the holder is not the DID entered.
    await expectRefused(
      member,
      organisation.id,
      { did: victim.did, presentation: await didAuth(t, intruder, await challengeFor(member)) },
      `holder is ${intruder.did}, not the DID you entered`,
    );
    // Signed for another site.
    await expectRefused(
      member,
      organisation.id,
      {
        did: victim.did,
        presentation: await didAuth(t, victim, await challengeFor(member), {
          domain: 'elsewhere.example.org',
        }),
      },
      'does not carry the expected domain',
    );
  });

  it('has the verifier itself refuse a presentation its holder did not sign', async () => {
    const victim = await createHolder();
    const intruder = await createHolder();
    const challenge = newSecret();
    const domain = 'localhost:3000';
    const claimed = await signAsHolder(t, intruder, presentationOf([], victim.did), { challenge, domain });
    const result = await t.deps.verifier.presentation(claimed, { challenge, domain });
    expect(result.verified).toBe(false);
    expect(result.errors[0]?.code).toBe('holder_mismatch');
    expect(
      (
        await t.deps.verifier.presentation(
          await signAsHolder(t, victim, presentationOf([], victim.did), { challenge, domain }),
          { challenge, domain },
        )
      ).verified,
    ).toBe(true);
  });

  it('refuses what is no signed presentation, and one too large', async () => {
    const { organisation, member } = await makePartner(t, 'Overstrand Academy');
    const holder = await createHolder();
    await expectRefused(
      member,
      organisation.id,
      { did: holder.did, presentation: '{"holder": ' },
      'The presentation is not valid JSON',
    );
    await expectRefused(
      member,
      organisation.id,
      { did: holder.did, presentation: '' },
      'The presentation is required',
    );
    const unsigned = JSON.stringify(presentationOf([], holder.did));
    await expectRefused(
      member,
      organisation.id,
      { did: holder.did, presentation: unsigned },
      'needs a &quot;holder&quot; (your DID) and a &quot;proof&quot;',
    );
    const padded = JSON.parse(await didAuth(t, holder, await challengeFor(member)));
    padded.description = 'x'.repeat(20_000);
    await expectRefused(
      member,
      organisation.id,
      { did: holder.did, presentation: JSON.stringify(padded) },
      'The presentation may be at most 16384 characters',
    );
    await expectRefused(
      member,
      organisation.id,
      { did: holder.did, presentation: 'x'.repeat(t.deps.config.maxBodyBytes + 1) },
      'The body is larger than',
      413,
    );
  });
});

describe('an accredited partner', () => {
  it('is trusted at once with a registered DID, shown to the partner, on the staff application page and on the trust list; removing it withdraws the trust', async () => {
    const { organisation, member, application } = await accreditedPartner(t, 'Winelands Institute');
    const staff: SignedIn = await signIn(t, 'staff');
    const admin: SignedIn = await signIn(t, 'admin');
    expect(await (await get(t, `/admin/accreditation/${application.id}`, staff)).text()).toContain(
      'The partner has not registered an issuer DID.',
    );

    const holder = await createHolder();
    const did = holder.did;
    expectRedirect(await register(member, holder), '/partner?done=did_registered');
    const lookup = createTrustLookup({ stores: t.deps.stores });
    const until = application.validUntil!;
    expect(await lookup.find(did, t.deps.now())).toEqual({
      kind: 'accredited_partner',
      name: 'Winelands Institute',
      until,
    });

    expect(await (await get(t, '/partner', member)).text()).toContain(
      `show as issued by an accredited SayPro partner until ${until.slice(0, 10)}`,
    );
    const staffPage = await (await get(t, `/admin/accreditation/${application.id}`, staff)).text();
    expect(staffPage).toContain(`The partner registered <code>${did}</code>`);
    expect(staffPage).toContain(`Trusted now, as an accredited partner until ${until.slice(0, 10)}`);
    expect(await (await get(t, '/admin/trust', admin)).text()).toMatch(
      new RegExp(
        `Winelands Institute</td><td><code>${did}</code>[\\s\\S]*?trusted: accredited until ${until.slice(0, 10)}`,
      ),
    );

    expectRedirect(await post(t, '/partner/issuer-did/remove', member), '/partner?done=did_removed');
    expect(await lookup.find(did, t.deps.now())).toBeUndefined();
    expect(await registered(organisation.id)).toBeUndefined();
    expect((await auditAbout(t, organisation.id))[0]).toMatchObject({
      action: 'trust.partner_did_removed',
      details: { did },
    });
    expect((await post(t, '/partner/issuer-did/remove', member)).status).toBe(404);
  });
});
