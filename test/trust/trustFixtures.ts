/**
 * Trust list fixtures: a partner organisation taken through a whole accreditation by the
 * domain (documents approved, site visit confirmed and approved, so the application is
 * approved and its credential issued), a DID unique to the test, and the DID
 * Authentication presentations a partner registers its DID with (real signatures).
 */
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { TestApp } from '../fixtures/testDeps.js';
import { presentationOf, signAsHolder, type Holder } from '../fixtures/holder.js';
import type { SignedIn } from '../fixtures/sessions.js';
import { makeAccreditationType, makePartner, PDF, STAFF_ACTOR } from '../fixtures/accreditation.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { confirmAction, startApplication, submitDocument } from '../../src/accreditation/applications.js';
import { reviewItem } from '../../src/accreditation/applicationReview.js';
import type { ApplicationRecord, OrganisationRecord } from '../../src/storage/ports.js';

let counter = 0;

/** A did:web no other test uses. */
export function uniqueDid(label = 'issuer'): string {
  counter += 1;
  return `did:web:${label}-${process.pid}-${counter}.example.org`;
}

/** A partner organisation with a member and an approved accreditation (valid 24 months from the clock's now). */
export async function accreditedPartner(
  t: TestApp,
  name: string,
): Promise<{ organisation: OrganisationRecord; member: SignedIn; application: ApplicationRecord }> {
  const type = await makeAccreditationType(t);
  const { organisation, member } = await makePartner(t, name);
  const partner = actorOf(member.user);
  const { id } = await startApplication(t.deps.accreditation, partner, { typeId: type.id });
  await submitDocument(t.deps.accreditation, partner, id, 'tax-clearance', { name: 'tax.pdf', bytes: PDF() });
  await submitDocument(t.deps.accreditation, partner, id, 'insurance-certificate', {
    name: 'insurance.pdf',
    bytes: PDF('cover'),
  });
  await reviewItem(t.deps.accreditation, STAFF_ACTOR, id, 'tax-clearance', 'approved');
  await reviewItem(t.deps.accreditation, STAFF_ACTOR, id, 'insurance-certificate', 'approved');
  await confirmAction(t.deps.accreditation, partner, id, 'site-visit', 'Visit held with the assessor');
  const application = await reviewItem(t.deps.accreditation, STAFF_ACTOR, id, 'site-visit', 'approved');
  if (application.status !== 'approved')
    throw new Error(`the fixture's application ended ${application.status}, not approved`);
  return { organisation, member, application };
}

/** The challenge the Issuer DID section of a /partner page shows. */
export function challengeOn(html: string): string {
  const challenge = /<code id="did-challenge">([A-Za-z0-9_-]+)<\/code>/.exec(html)?.[1];
  if (!challenge) throw new Error('the page shows no DID challenge');
  return challenge;
}

/**
 * A DID Authentication presentation as JSON text: `holder` (default: the signer's DID)
 * signed by `signer` with the challenge, for the test app's domain unless another is given.
 */
export async function didAuth(
  t: TestApp,
  signer: Holder,
  challenge: string,
  options: { holder?: string; domain?: string } = {},
): Promise<string> {
  const domain = options.domain ?? new URL(t.deps.config.publicUrl).host;
  return JSON.stringify(
    await signAsHolder(t, signer, presentationOf([], options.holder ?? signer.did), { challenge, domain }),
  );
}

/** A new key that calls itself `victim`'s verification method: what someone without the victim's key can sign with. */
export async function impostorOf(victim: Holder): Promise<Holder> {
  const stranger = await Ed25519Multikey.generate();
  const exported = await stranger.export({ publicKey: true, secretKey: true, includeContext: true });
  return {
    did: victim.did,
    keyPair: await Ed25519Multikey.from({ ...exported, id: victim.keyPair.id, controller: victim.did }),
  };
}
