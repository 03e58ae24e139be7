/**
 * Why an issuer DID is trusted at a moment (verification's TrustLookup): a trust list
 * entry valid then wins; else the DID a partner organisation registered, while one of its
 * accreditations is approved, within its dates and its credential not revoked. Runs on every verification, so each source is one indexed read by DID, and
 * nothing is cached: removing an entry, a lapse or a revocation counts from the next call.
 */
import type { ApplicationRecord, Stores, TrustedIssuerRecord } from '../storage/ports.js';
import type { TrustLookup } from '../verification/issuerStanding.js';
import type { TrustReason } from '../verification/result.js';
import type { TrustedIssuerFields } from './trustedIssuerInput.js';

/** The stores the lookup reads. */
export interface TrustLookupDeps {
  stores: Pick<Stores, 'trust' | 'accreditation' | 'credentials' | 'directory'>;
}

/** Whether a listed entry covers `at` (both ends inclusive). */
function listedAt(entry: Pick<TrustedIssuerRecord, 'validFrom' | 'validUntil'>, at: Date): boolean {
  const time = at.getTime();
  return (
    (!entry.validFrom || Date.parse(entry.validFrom) <= time) &&
    (!entry.validUntil || time <= Date.parse(entry.validUntil))
  );
}

function listedReason(entry: Pick<TrustedIssuerRecord, 'name' | 'url' | 'note' | 'validUntil'>): TrustReason {
  return {
    kind: 'listed',
    name: entry.name,
    ...(entry.url ? { url: entry.url } : {}),
    ...(entry.note ? { note: entry.note } : {}),
    ...(entry.validUntil ? { until: entry.validUntil } : {}),
  };
}

/** Whether an approved application's accreditation is in force at `at` (its end exclusive, as the lapse sweep counts it). */
function inForce(application: ApplicationRecord, at: Date): boolean {
  const time = at.getTime();
  return (
    application.status === 'approved' &&
    // An escalated audit irregularity suspends the standing (accreditationSuspension.ts).
    !application.suspension &&
    !!application.validFrom &&
    !!application.validUntil &&
    Date.parse(application.validFrom) <= time &&
    time < Date.parse(application.validUntil)
  );
}

/**
 * The organisation's accreditation in force at `at` that lasts longest, or undefined.
 * Its credential is read too: a revoked accreditation credential withdraws the trust even
 * before anyone ends the application.
 */
async function accreditationInForce(
  stores: TrustLookupDeps['stores'],
  organisationId: string,
  at: Date,
): Promise<ApplicationRecord | undefined> {
  const approved = await stores.accreditation.listApplications({
    organisationId,
    status: 'approved',
    limit: 50,
  });
  const candidates = approved
    .filter((a) => inForce(a, at))
    .sort((a, b) => b.validUntil!.localeCompare(a.validUntil!));
  for (const application of candidates) {
    const credential = application.credentialId
      ? await stores.credentials.get(application.credentialId)
      : undefined;
    if (!credential?.revoked) return application;
  }
  return undefined;
}

/** Builds the lookup over the stores (nothing global; nothing kept between calls). */
export function createTrustLookup(deps: TrustLookupDeps): TrustLookup {
  const { stores } = deps;
  return {
    async find(did, at) {
      const listed = await stores.trust.getIssuer(did);
      if (listed && listedAt(listed, at)) return listedReason(listed);
      const partner = await stores.trust.findPartnerIssuer(did);
      if (!partner) return undefined;
      const accreditation = await accreditationInForce(stores, partner.organisationId, at);
      if (!accreditation) return undefined;
      const organisation = await stores.directory.getOrganisation(partner.organisationId);
      if (!organisation) return undefined;
      return { kind: 'accredited_partner', name: organisation.name, until: accreditation.validUntil! };
    },
  };
}

/**
 * A lookup over a fixed list (an exported trust list file): the Workers verifier has no
 * store, so its deployment gives it the list (TRUSTED_ISSUERS). No partners: their standing
 * depends on accreditations only the server knows.
 */
export function createListedTrustLookup(entries: readonly TrustedIssuerFields[]): TrustLookup {
  const byDid = new Map(entries.map((entry) => [entry.did, entry]));
  return {
    async find(did, at) {
      const entry = byDid.get(did);
      return entry && listedAt(entry, at) ? listedReason(entry) : undefined;
    },
  };
}
