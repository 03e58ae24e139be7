/**
 * What the console's trust list page shows: the listed issuers, and each partner
 * organisation's registered DID with what verification says about it now (trusted until
 * the accreditation ends, or unknown because no accreditation is in force).
 */
import type { Actor } from '../accounts/accountDeps.js';
import type { PartnerIssuerRecord, TrustedIssuerRecord } from '../storage/ports.js';
import type { TrustReason } from '../verification/result.js';
import type { TrustDeps } from './trustDeps.js';
import { listTrustedIssuers } from './trustList.js';
import { createTrustLookup } from './trustLookup.js';

/** A partner's registration as the console lists it. */
export interface PartnerIssuerRow {
  registration: PartnerIssuerRecord;
  organisationName: string;
  /** Why credentials from the DID are trusted now; absent when they are not. */
  trust?: TrustReason;
}

/** The trust list page's content (admins only). */
export interface TrustOverview {
  entries: TrustedIssuerRecord[];
  partners: PartnerIssuerRow[];
}

/** The listed issuers and partners' DIDs with their standing now. */
export async function trustOverview(deps: TrustDeps, actor: Actor): Promise<TrustOverview> {
  const entries = await listTrustedIssuers(deps, actor);
  const [registrations, organisations] = await Promise.all([
    deps.stores.trust.listPartnerIssuers(),
    deps.stores.directory.listOrganisations(),
  ]);
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const lookup = createTrustLookup(deps);
  const now = deps.now();
  const partners = await Promise.all(
    registrations.map(async (registration) => {
      const trust = await lookup.find(registration.did, now);
      return {
        registration,
        organisationName: names.get(registration.organisationId) ?? registration.organisationId,
        ...(trust ? { trust } : {}),
      };
    }),
  );
  return { entries, partners };
}
