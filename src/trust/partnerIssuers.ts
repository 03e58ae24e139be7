/**
 * Accredited partners' issuer DIDs: a partner registers the DID their organisation signs
 * its own credentials with, one per organisation, and no DID for two organisations.
 * Credentials from that DID verify as "an accredited SayPro partner" only while the
 * organisation's accreditation is in force (trustLookup.ts decides, at verification time).
 * The partner's members and staff see the registration; every change is audited.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { PartnerIssuerTakenError, type PartnerIssuerRecord } from '../storage/ports.js';
import type { TrustReason } from '../verification/result.js';
import type { TrustDeps } from './trustDeps.js';
import { describeIssue, issuerDid } from './trustedIssuerInput.js';
import { createTrustLookup } from './trustLookup.js';

const didInput = z.strictObject({ did: issuerDid });

/** The organisation a partner acts for; only partners register DIDs. */
function partnerOrganisation(actor: Actor): string {
  if (actor.role !== 'partner' || !actor.organisationId) throw new AppError('forbidden', 'Only members of a partner organisation register its issuer DID');
  return actor.organisationId;
}

/** An organisation's registration and what verification says about it now. */
export interface PartnerIssuerStanding {
  registration?: PartnerIssuerRecord;
  /** Why credentials from the DID are trusted now (absent: they show as from an unknown issuer). */
  trust?: TrustReason;
}

/** The organisation's registration and standing: for its partners and for staff; 404 for anyone else. */
export async function partnerIssuerStanding(deps: TrustDeps, actor: Actor, organisationId: string): Promise<PartnerIssuerStanding> {
  const staff = actor.role === 'staff' || actor.role === 'admin';
  if (!staff && !(actor.role === 'partner' && actor.organisationId === organisationId)) throw new AppError('not_found', `No organisation ${organisationId}`);
  const registration = await deps.stores.trust.getPartnerIssuer(organisationId);
  if (!registration) return {};
  const trust = await createTrustLookup(deps).find(registration.did, deps.now());
  return { registration, ...(trust ? { trust } : {}) };
}

/** A partner registers (or changes) their organisation's issuer DID; 409 when another organisation has it. */
export async function registerPartnerIssuer(deps: TrustDeps, actor: Actor, did: string): Promise<PartnerIssuerRecord> {
  const organisationId = partnerOrganisation(actor);
  const parsed = didInput.safeParse({ did });
  if (!parsed.success) throw new AppError('invalid_request', parsed.error.issues.map(describeIssue).join('; '));
  const previous = await deps.stores.trust.getPartnerIssuer(organisationId);
  const record: PartnerIssuerRecord = { organisationId, did: parsed.data.did, registeredAt: deps.now().toISOString(), registeredBy: actor.id };
  try {
    await deps.stores.trust.setPartnerIssuer(record);
  } catch (error) {
    if (error instanceof PartnerIssuerTakenError) throw new AppError('conflict', 'Another organisation has registered this DID; register the DID your organisation signs with');
    throw error;
  }
  await audit(deps, actor, 'trust.partner_did_registered', { type: 'organisation', id: organisationId }, { did: record.did, ...(previous ? { previous: previous.did } : {}) });
  return record;
}

/** A partner withdraws their organisation's issuer DID: its credentials show as unknown from now on. */
export async function removePartnerIssuer(deps: TrustDeps, actor: Actor): Promise<void> {
  const organisationId = partnerOrganisation(actor);
  const previous = await deps.stores.trust.getPartnerIssuer(organisationId);
  if (!previous || !(await deps.stores.trust.removePartnerIssuer(organisationId))) throw new AppError('not_found', 'Your organisation has no issuer DID registered');
  await audit(deps, actor, 'trust.partner_did_removed', { type: 'organisation', id: organisationId }, { did: previous.did });
}
