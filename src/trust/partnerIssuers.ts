/**
 * Accredited partners' issuer DIDs: a partner registers the DID their organisation signs
 * its own credentials with, one per organisation, and no DID for two organisations.
 * Credentials from that DID verify as "an accredited SayPro partner" only while the
 * organisation's accreditation is in force (trustLookup.ts decides, at verification time).
 * The partner's members and staff see the registration; every change is audited.
 *
 * A registration proves control of the DID by DID Authentication, as VC-API exchanges do:
 * the partner signs a presentation with a key of the DID (holder = the DID, proof purpose
 * authentication) over a challenge this site gave their organisation and this site's
 * domain. Without it a partner could register another organisation's DID and have that
 * organisation's credentials shown under the partner's name.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { hashSecret, newSecret } from '../accounts/secrets.js';
import { exchangeDomain } from '../exchanges/vcApiExchange.js';
import { PartnerIssuerTakenError, type PartnerIssuerRecord, type Stores } from '../storage/ports.js';
import type { TrustReason } from '../verification/result.js';
import type { Verifier } from '../verification/verifier.js';
import type { TrustDeps } from './trustDeps.js';
import { describeIssue, issuerDid } from './trustedIssuerInput.js';
import { createTrustLookup } from './trustLookup.js';

/** Long enough to sign with tooling kept elsewhere; short, so a challenge seen over a shoulder soon dies. */
const CHALLENGE_TTL_MS = 30 * 60_000;

/**
 * A DID Authentication presentation (holder and one proof) is well under a kilobyte; this
 * leaves room for DIDs of the longest accepted length, not for a presentation full of credentials.
 */
export const MAX_PRESENTATION_CHARS = 16_384;

/** Registering also needs the challenges (in the token store), the verifier and this site's public URL (the domain). */
export interface PartnerIssuerDeps extends TrustDeps {
  stores: TrustDeps['stores'] & Pick<Stores, 'tokens'>;
  verifier: Pick<Verifier, 'presentation'>;
  config: { publicUrl: string };
}

const registrationInput = z.strictObject({
  did: issuerDid,
  presentation: z
    .string()
    .trim()
    .min(1, 'is required: paste the signed presentation or choose its file')
    .max(
      MAX_PRESENTATION_CHARS,
      `may be at most ${MAX_PRESENTATION_CHARS} characters: a DID Authentication presentation carries no credentials`,
    ),
});

/** What registration reads of the presentation before verifying it; the verifier checks the rest. */
const proofShape = z.looseObject({ challenge: z.string(), verificationMethod: z.string() });
const didAuthShape = z.looseObject({
  holder: z.union([z.string(), z.looseObject({ id: z.string() })]),
  proof: z.union([proofShape, z.array(proofShape).min(1)]),
});

function refuse(message: string): never {
  throw new AppError('invalid_request', message);
}

/** The presentation's JSON, or a 400 saying what is missing for DID Authentication. */
function parsePresentation(text: string): z.infer<typeof didAuthShape> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    refuse('The presentation is not valid JSON: paste the whole signed presentation, from { to }');
  }
  const parsed = didAuthShape.safeParse(value);
  if (!parsed.success)
    refuse(
      'The presentation needs a "holder" (your DID) and a "proof" with a "challenge" and a "verificationMethod": sign it with your DID\'s key',
    );
  return parsed.data;
}

/** The organisation a partner acts for; only partners register DIDs. */
function partnerOrganisation(actor: Actor): string {
  if (actor.role !== 'partner' || !actor.organisationId)
    throw new AppError('forbidden', 'Only members of a partner organisation register its issuer DID');
  return actor.organisationId;
}

/** An organisation's registration and what verification says about it now. */
export interface PartnerIssuerStanding {
  registration?: PartnerIssuerRecord;
  /** Why credentials from the DID are trusted now (absent: they show as from an unknown issuer). */
  trust?: TrustReason;
}

/** The organisation's registration and standing: for its partners and for staff; 404 for anyone else. */
export async function partnerIssuerStanding(
  deps: TrustDeps,
  actor: Actor,
  organisationId: string,
): Promise<PartnerIssuerStanding> {
  const staff = actor.role === 'staff' || actor.role === 'admin';
  if (!staff && !(actor.role === 'partner' && actor.organisationId === organisationId))
    throw new AppError('not_found', `No organisation ${organisationId}`);
  const registration = await deps.stores.trust.getPartnerIssuer(organisationId);
  if (!registration) return {};
  const trust = await createTrustLookup(deps).find(registration.did, deps.now());
  return { registration, ...(trust ? { trust } : {}) };
}

/** A fresh challenge for a partner's page: what to sign with, over which domain, until when. */
export interface DidChallenge {
  challenge: string;
  domain: string;
  expiresAt: string;
}

/**
 * Issues a challenge for the partner's organisation. One open challenge per member: each
 * page view replaces the last, so views leave no pile of live challenges behind.
 */
export async function newDidChallenge(deps: PartnerIssuerDeps, actor: Actor): Promise<DidChallenge> {
  const organisationId = partnerOrganisation(actor);
  const challenge = newSecret();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString();
  await deps.stores.tokens.deleteForUser(actor.id, 'did_challenge');
  await deps.stores.tokens.create({
    hash: hashSecret(challenge),
    purpose: 'did_challenge',
    userId: actor.id,
    organisationId,
    createdAt: now.toISOString(),
    expiresAt,
  });
  return { challenge, domain: exchangeDomain(deps.config.publicUrl), expiresAt };
}

/**
 * Checks the DID Authentication presentation for `did`: its holder is the DID, every proof
 * is made with a verification method of the DID (the verifier resolves the holder and
 * needs the method among its `authentication` ones; the prefix check also holds when the
 * DID cannot be resolved), over a live challenge of the organisation and our domain.
 * Returns the challenge's hash, for the caller to use up once the registration is safe to store.
 */
async function provenControl(
  deps: PartnerIssuerDeps,
  organisationId: string,
  did: string,
  text: string,
): Promise<string> {
  const presentation = parsePresentation(text);
  const holder = typeof presentation.holder === 'string' ? presentation.holder : presentation.holder.id;
  if (holder !== did)
    refuse(
      `The presentation's holder is ${holder}, not the DID you entered: sign it with "holder": "${did}"`,
    );
  const proofs = ([] as z.infer<typeof proofShape>[]).concat(presentation.proof);
  if (!proofs.every((p) => p.verificationMethod.startsWith(`${did}#`)))
    refuse(`The presentation is signed with a key of another DID: sign it with a key of ${did}`);
  const challenges = new Set(proofs.map((p) => p.challenge));
  const hash = hashSecret(proofs[0]!.challenge);
  const token = challenges.size === 1 ? await deps.stores.tokens.peek(hash, 'did_challenge') : undefined;
  if (!token || token.organisationId !== organisationId) {
    refuse(
      "The presentation's challenge is not the one this page gave your organisation (a newer page view replaces it): sign again with the challenge shown now",
    );
  }
  if (token.usedAt)
    refuse("The presentation's challenge was already used: sign again with the challenge shown now");
  if (token.expiresAt <= deps.now().toISOString())
    refuse("The presentation's challenge has expired: sign again with the challenge shown now");
  const result = await deps.verifier
    .presentation(presentation, {
      challenge: proofs[0]!.challenge,
      domain: exchangeDomain(deps.config.publicUrl),
    })
    .catch((error: unknown) => {
      // The verifier's input caps (too large, too complex) refuse what no DID Authentication needs.
      if (error instanceof AppError && (error.status === 413 || error.status === 422))
        refuse(`The presentation was refused: ${error.detail}`);
      throw error;
    });
  if (!result.verified)
    refuse(`The presentation does not verify: ${result.errors[0]?.message ?? 'unknown reason'}`);
  return hash;
}

/**
 * A partner registers (or changes) their organisation's issuer DID with a signed DID
 * Authentication presentation (provenControl); 409 when another organisation has the DID.
 * The challenge is used up atomically once the presentation verified, so of two concurrent
 * uses only one registers (the page shown after a refusal replaces it anyway).
 */
export async function registerPartnerIssuer(
  deps: PartnerIssuerDeps,
  actor: Actor,
  input: { did: string; presentation: string },
): Promise<PartnerIssuerRecord> {
  const organisationId = partnerOrganisation(actor);
  const parsed = registrationInput.safeParse(input);
  if (!parsed.success)
    refuse(
      parsed.error.issues
        .map((issue) =>
          issue.path[0] === 'presentation' ? `The presentation ${issue.message}` : describeIssue(issue),
        )
        .join('; '),
    );
  const { did, presentation } = parsed.data;
  const challengeHash = await provenControl(deps, organisationId, did, presentation);
  if (!(await deps.stores.tokens.consume(challengeHash, 'did_challenge', deps.now().toISOString()))) {
    refuse("The presentation's challenge was already used: sign again with the challenge shown now");
  }
  const previous = await deps.stores.trust.getPartnerIssuer(organisationId);
  const record: PartnerIssuerRecord = {
    organisationId,
    did,
    registeredAt: deps.now().toISOString(),
    registeredBy: actor.id,
  };
  try {
    await deps.stores.trust.setPartnerIssuer(record);
  } catch (error) {
    if (error instanceof PartnerIssuerTakenError)
      throw new AppError(
        'conflict',
        'Another organisation has registered this DID; register the DID your organisation signs with',
      );
    throw error;
  }
  await audit(
    deps,
    actor,
    'trust.partner_did_registered',
    { type: 'organisation', id: organisationId },
    { did: record.did, ...(previous ? { previous: previous.did } : {}) },
  );
  return record;
}

/** A partner withdraws their organisation's issuer DID: its credentials show as unknown from now on. */
export async function removePartnerIssuer(deps: TrustDeps, actor: Actor): Promise<void> {
  const organisationId = partnerOrganisation(actor);
  const previous = await deps.stores.trust.getPartnerIssuer(organisationId);
  if (!previous || !(await deps.stores.trust.removePartnerIssuer(organisationId)))
    throw new AppError('not_found', 'Your organisation has no issuer DID registered');
  await audit(
    deps,
    actor,
    'trust.partner_did_removed',
    { type: 'organisation', id: organisationId },
    { did: previous.did },
  );
}
