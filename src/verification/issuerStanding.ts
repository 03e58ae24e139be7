/**
 * The issuer's standing (result.ts IssuerStanding): a valid signature proves only that the
 * holder of some key signed; anyone can make a DID and call themselves SayPro. Standing is
 * what this site knows about that DID: one of our own, on the trust list (or an accredited
 * partner's), or unknown. It is decided on the main thread, after the verification thread
 * has checked the proof, because the trust list lives in the store and changes at once.
 */
import type { Verifier } from './verifier.js';
import type { IssuerFacts, TrustReason, VerificationResult } from './result.js';
import { verdictOf } from './verdict.js';

/** Finds why an issuer DID is trusted at a moment, if it is (the trust list and accredited partners). */
export interface TrustLookup {
  find(did: string, at: Date): Promise<TrustReason | undefined>;
}

/** What deciding standing needs: every DID we ever signed as and our name, the trust list, the clock. */
export interface StandingDeps {
  ownDids: ReadonlySet<string>;
  /** The organisation's name (ISSUER_NAME): what "Issued by" says for our own DIDs. */
  ownName: string;
  trust: TrustLookup;
  now: () => Date;
}

/**
 * The DIDs this platform signs or signed as: the current issuer DID, the did:key of every
 * key in the ring (a development did:key, or keys rotated out, keep verifying as ours), and
 * any DID named in OWN_ISSUER_DIDS (a did:web used before the site moved).
 */
export function ownIssuerDids(
  currentDid: string,
  ringPublicKeys: readonly string[],
  extra: readonly string[] = [],
): ReadonlySet<string> {
  return new Set([currentDid, ...ringPublicKeys.map((key) => `did:key:${key}`), ...extra]);
}

/** A standing is only earned by a valid proof: a forged credential may name any issuer. */
function proofPassed(result: VerificationResult): boolean {
  return result.checks.some((check) => check.id === 'proof' && check.valid);
}

/** The standing of a claimed issuer: only earned with a valid proof, decided here alone. */
async function standingOf(
  claimed: { id?: string; name?: string },
  proofValid: boolean,
  deps: StandingDeps,
): Promise<IssuerFacts> {
  const facts: IssuerFacts = {
    ...(claimed.id !== undefined ? { id: claimed.id } : {}),
    ...(claimed.name !== undefined ? { name: claimed.name } : {}),
    standing: 'unknown',
  };
  if (!claimed.id || !proofValid) return facts;
  if (deps.ownDids.has(claimed.id)) return { ...facts, standing: 'own', displayName: deps.ownName };
  const trust = await deps.trust.find(claimed.id, deps.now());
  return trust ? { ...facts, standing: 'trusted', displayName: trust.name, trust } : facts;
}

/**
 * Decides the standing of the issuer a result names (and of each endorser), warns when a
 * valid credential's issuer is unknown, and phrases the verdict (which needs the standing).
 */
async function addIssuerStanding<R extends VerificationResult>(result: R, deps: StandingDeps): Promise<R> {
  const claimed = result.issuer;
  if (!claimed) return { ...result, verdict: verdictOf(result) };
  const facts = await standingOf(claimed, proofPassed(result), deps);
  const warnings = [...result.warnings];
  if (result.verified && facts.standing === 'unknown') {
    const calls = claimed.name ? ` It calls itself '${claimed.name}'.` : '';
    warnings.push({
      code: 'issuer_unknown',
      message: `The signature is valid, but the issuer ${claimed.id ?? '(none named)'} is not one this site knows.${calls}`,
    });
  }
  const endorsements = result.endorsements
    ? await Promise.all(
        result.endorsements.map(async (e) => ({
          ...e,
          issuer: await standingOf(
            e.issuer,
            e.checks.some((c) => c.id === 'proof' && c.valid),
            deps,
          ),
        })),
      )
    : undefined;
  const decided = { ...result, issuer: facts, warnings, ...(endorsements ? { endorsements } : {}) };
  return { ...decided, verdict: verdictOf(decided) };
}

/** A Verifier whose every result (and each credential inside a presentation) carries the issuer's standing. */
export function withIssuerStanding(verifier: Verifier, deps: StandingDeps): Verifier {
  const credential = (result: Promise<VerificationResult>) => result.then((r) => addIssuerStanding(r, deps));
  return {
    credential: (input) => credential(verifier.credential(input)),
    credentialRequest: (body) => credential(verifier.credentialRequest(body)),
    async picture(file, type) {
      const read = await verifier.picture(file, type);
      return 'result' in read ? { result: await addIssuerStanding(read.result, deps) } : read;
    },
    async presentation(input, options) {
      return withStandings(await verifier.presentation(input, options), deps);
    },
    async presentationRequest(body) {
      return withStandings(await verifier.presentationRequest(body), deps);
    },
    close: () => verifier.close(),
  };
}

async function withStandings<P extends VerificationResult & { credentialResults: VerificationResult[] }>(
  result: P,
  deps: StandingDeps,
): Promise<P> {
  return {
    ...result,
    credentialResults: await Promise.all(result.credentialResults.map((r) => addIssuerStanding(r, deps))),
  };
}
