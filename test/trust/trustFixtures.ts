/**
 * Trust list fixtures: a partner organisation taken through a whole accreditation by the
 * domain (documents approved, site visit confirmed and approved, so the application is
 * approved and its credential issued), and a DID unique to the test.
 */
import type { TestApp } from '../fixtures/testDeps.js';
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
export async function accreditedPartner(t: TestApp, name: string): Promise<{ organisation: OrganisationRecord; member: SignedIn; application: ApplicationRecord }> {
  const type = await makeAccreditationType(t);
  const { organisation, member } = await makePartner(t, name);
  const partner = actorOf(member.user);
  const { id } = await startApplication(t.deps.accreditation, partner, { typeId: type.id });
  await submitDocument(t.deps.accreditation, partner, id, 'tax-clearance', { name: 'tax.pdf', bytes: PDF() });
  await submitDocument(t.deps.accreditation, partner, id, 'insurance-certificate', { name: 'insurance.pdf', bytes: PDF('cover') });
  await reviewItem(t.deps.accreditation, STAFF_ACTOR, id, 'tax-clearance', 'approved');
  await reviewItem(t.deps.accreditation, STAFF_ACTOR, id, 'insurance-certificate', 'approved');
  await confirmAction(t.deps.accreditation, partner, id, 'site-visit', 'Visit held with the assessor');
  const application = await reviewItem(t.deps.accreditation, STAFF_ACTOR, id, 'site-visit', 'approved');
  if (application.status !== 'approved') throw new Error(`the fixture's application ended ${application.status}, not approved`);
  return { organisation, member, application };
}
