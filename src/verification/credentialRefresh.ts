/**
 * OB 3.0 credential refresh (`refreshService` of type `1EdTechCredentialRefresh`): once the
 * original's proof has checked out, its issuer's refresh URL is fetched once and the answer
 * verified like any credential. A newer credential that verifies and has the same issuer
 * replaces the original in the result (which says so); anything else (unreachable, not a
 * credential, failing a check, another issuer) leaves the original's result, with a warning.
 * The refreshed credential is never refreshed again, and its fetch takes the same path as a
 * status list: the main thread's safe fetch, with its deadline, size cap and refusal of
 * private addresses (the thread has no network of its own).
 */
import { AppError } from '../errors.js';
import { assertCredentialWithinLimits, type InputLimits } from './inputLimits.js';
import type { FetchStatusList } from './checkStatus.js';
import type { Finding } from './result.js';
import type { CheckedCredential } from './verifyCredential.js';

type Json = Record<string, unknown>;

/** The refresh service type this verifier follows. */
const REFRESH_TYPE = '1EdTechCredentialRefresh';

const issuerId = (credential: Json | undefined): unknown => {
  const issuer = credential?.issuer;
  return issuer && typeof issuer === 'object' ? (issuer as Json).id : issuer;
};

/** The URL of the credential's 1EdTechCredentialRefresh service, when it names one. */
export function refreshServiceUrl(credential: Json): string | undefined {
  for (const service of ([] as unknown[]).concat(credential.refreshService ?? [])) {
    const { type, id } = (service ?? {}) as Json;
    if (([] as unknown[]).concat(type).includes(REFRESH_TYPE) && typeof id === 'string') return id;
  }
  return undefined;
}

/** What a refresh came to: the credential to report on, and the finding that says which. */
export interface RefreshOutcome {
  replacement?: CheckedCredential;
  finding: Finding;
}

/**
 * Fetches and verifies the refreshed credential. `check` verifies one credential without
 * refreshing it (verifyCredential.ts's checkCredential), so a refresh happens at most once.
 */
export async function refreshCredential(
  original: Json,
  url: string,
  deps: {
    fetch: FetchStatusList;
    limits: InputLimits;
    check: (input: unknown) => Promise<CheckedCredential>;
  },
): Promise<RefreshOutcome> {
  const failed = (why: string): RefreshOutcome => ({
    finding: {
      code: 'refresh_failed',
      message: `The refresh service ${url} ${why}; this result is for the credential as presented`,
    },
  });
  let fetched: unknown;
  try {
    fetched = await deps.fetch(url);
  } catch (error) {
    return failed(`could not be reached (${(error as Error).message})`);
  }
  let candidate: CheckedCredential;
  try {
    // What the refresh answers is as untrusted as a request body: the same caps first.
    assertCredentialWithinLimits(fetched, deps.limits);
    candidate = await deps.check(fetched);
  } catch (error) {
    if (error instanceof AppError)
      return failed(`answered something this verifier refuses (${error.detail})`);
    throw error;
  }
  const result = candidate.result.build();
  if (!result.verified)
    return failed(
      `answered a credential that did not verify (${result.errors[0]?.message ?? 'no check passed'})`,
    );
  if (issuerId(candidate.credential) !== issuerId(original)) {
    return failed(`answered a credential of another issuer (${String(issuerId(candidate.credential))})`);
  }
  return {
    replacement: candidate,
    finding: {
      code: 'credential_refreshed',
      message: `This result is for the refreshed credential from the issuer's refresh service ${url}, which replaced the one presented`,
    },
  };
}
