/**
 * Property-based: malformed credentials (valid requests mutated by fast-check: fields
 * dropped or replaced with arbitrary JSON, odd @context entries, empty or odd subjects,
 * bad dates, types, entries, ids, deep nesting, large arrays) sent through the whole app.
 *
 * 1. POST /credentials/issue (admin key), POST /credentials/verify (mutated signed
 *    credentials) and POST /presentations/verify answer 2xx or 4xx, never 5xx, always JSON
 *    (problem+json for errors) with a code from the closed set and that code's status.
 * 2. After every refused issue, nothing is left behind: the idempotency key is unused, and
 *    the corrected credential under the same id (when the refused one had a usable URL id)
 *    and the same key issues at once (201); a sample of those verify.
 *
 * Replay a failure with FC_SEED=<seed> FC_PATH=<path> from the fast-check report.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest, plainCredentialRequest } from '../fixtures/credentials.js';
import { issueVia, post, type Json } from '../fixtures/http.js';
import { createHolder, presentationOf, signAsHolder } from '../fixtures/holder.js';
import {
  V1,
  Tally,
  anywhereMutation,
  applyMutations,
  contextMutation,
  credentialMutations,
  dateMutation,
  expectApiAnswer,
  expectVerificationCodes,
  fillPlaceholders,
  hostileValue,
  idMutation,
  issuerMutation,
  largeArray,
  pathsOf,
  proofMutation,
  runs,
  subjectMutation,
  typeMutation,
  withinTime,
  entryMutation,
  type Mutation,
  type Path,
} from '../fixtures/hostileJson.js';
import { isUrl } from '../../src/credentials/credentialValues.js';

/** Generous: a case normally answers in milliseconds; this only turns a hang into a failure. */
const CASE_MS = 20_000;

let t: TestApp;
let ourDid: string;
let sequence = 0;
/** Ids that were issued in this file: a retry may not reuse them. */
const issuedIds = new Set<string>();

/** Fills the run-time placeholders with fresh values, so no two cases share an id. */
function fill(placeholder: string): string {
  sequence += 1;
  switch (placeholder) {
    case '$OUR_DID':
      return ourDid;
    case '$FRESH_URN':
      return `urn:uuid:${randomUUID()}`;
    case '$FRESH_HTTPS':
      return `https://saypro.example/credentials/hostile-${sequence}-${randomUUID().slice(0, 8)}`;
    case '$FRESH_DID':
      return `did:example:hostile-${sequence}-${randomUUID().slice(0, 8)}`;
    case '$FRESH_SCHEME':
      return `tag:saypro.example,2026:hostile-${sequence}-${randomUUID().slice(0, 8)}`;
    default:
      return `x-hostile+scheme.v1:${sequence}/${randomUUID().slice(0, 8)}?q=1#f`;
  }
}

const ISSUE_BASES: Record<string, Json> = {
  openBadge: openBadgeRequest(),
  plain: plainCredentialRequest(),
  plainRich: plainCredentialRequest({
    name: 'A credential with the optional parts',
    description: 'Every optional VC 2.0 property, valid',
    validFrom: '2025-01-01T00:00:00Z',
    validUntil: '2099-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:holder',
      name: 'Test holder',
      degree: { type: 'ExampleBachelorDegree', name: 'Bachelor of Arts' },
    },
    evidence: [{ id: 'https://saypro.example/evidence/1', type: ['Evidence'], name: 'Final assessment' }],
    termsOfUse: { type: 'ExampleTermsPolicy', id: 'https://saypro.example/policies/1' },
  }),
  v1: {
    '@context': [V1, 'https://www.w3.org/ns/credentials/status/v1'],
    type: ['VerifiableCredential'],
    credentialSubject: { id: 'did:example:holder' },
  },
};

const ISSUE_PATHS: Record<string, Path[]> = Object.fromEntries(
  Object.entries(ISSUE_BASES).map(([name, base]) => [name, pathsOf(base)]),
);

/** The issue options besides the idempotency key: mostly none, sometimes odd ones. */
const issueOptions: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 12 },
  {
    arbitrary: fc.record(
      {
        proofType: fc.oneof(
          fc.constantFrom('DataIntegrityProof', 'Ed25519Signature2020', 'BbsBlsSignature2020'),
          hostileValue,
        ),
        cryptosuite: fc.oneof(fc.constantFrom('eddsa-rdfc-2022', 'ecdsa-rdfc-2019'), hostileValue),
        statusPurposes: fc.oneof(
          fc.constantFrom(
            ['revocation'],
            ['suspension'],
            ['revocation', 'suspension'],
            ['revocation', 'revocation'],
            [],
            ['other'],
          ),
          hostileValue,
        ),
        public: fc.oneof(fc.boolean(), hostileValue),
        template: fc.oneof(
          fc.record(
            { templateId: fc.string({ maxLength: 20 }), version: fc.oneof(fc.integer(), hostileValue) },
            { requiredKeys: [] },
          ),
          hostileValue,
        ),
      },
      { requiredKeys: [] },
    ),
    weight: 2,
  },
);

/** Replacing the whole credential (a non-object, or any JSON), rarely. */
const rootMutation: fc.Arbitrary<Mutation> = hostileValue.map((value) => ({ op: 'set', path: [], value }));

/** Half the cases start from a credential with a fresh id of its own, so refused ones often carry a usable id. */
const startingId = fc.constantFrom<Mutation[]>(
  [],
  [{ op: 'set', path: ['id'], value: '$FRESH_URN' }],
  [{ op: 'set', path: ['id'], value: '$FRESH_HTTPS' }],
);

const issueCase = fc.constantFrom(...Object.keys(ISSUE_BASES)).chain((base) =>
  fc.record({
    base: fc.constant(base),
    start: startingId,
    mutations: credentialMutations(ISSUE_PATHS[base]!, [rootMutation]),
    options: issueOptions,
  }),
);

beforeAll(async () => {
  t = await createTestApp();
  ourDid = t.deps.identity.did;
});
afterAll(async () => {
  await t?.close();
});

/** Verifies through the API and checks the answer's shape; returns the answer. */
async function verifyAnswer(credential: unknown, where: string) {
  const res = await withinTime(
    post(t, '/credentials/verify', { verifiableCredential: credential }),
    CASE_MS,
    where,
  );
  const answer = await expectApiAnswer(res, where);
  if (answer.status === 200 || answer.code === 'verification_failed')
    expectVerificationCodes(answer.body, where);
  return answer;
}

describe('POST /credentials/issue with malformed credentials', () => {
  it('answers 2xx or 4xx with a known code, never 5xx; a refused request leaves nothing behind and its corrected retry issues (201)', async () => {
    const first = new Tally();
    const retries = new Tally();
    const acceptedVerifications = new Tally();
    let retried = 0;
    let retriedSameId = 0;
    let accepted = 0;
    let slowest = { ms: 0, what: '' };
    const started = Date.now();

    await fc.assert(
      fc.asyncProperty(issueCase, async ({ base, start, mutations, options }) => {
        const key = `hostile-issue-${randomUUID()}`;
        const credential = fillPlaceholders(
          applyMutations(ISSUE_BASES[base], [...start, ...mutations]),
          fill,
        );
        const where = `issue ${base} ${JSON.stringify(mutations).slice(0, 300)}`;
        const began = Date.now();
        const res = await withinTime(
          post(
            t,
            '/credentials/issue',
            { credential, options: { ...options, idempotencyKey: key } },
            t.adminKey,
          ),
          CASE_MS,
          where,
        );
        const answer = await expectApiAnswer(res, where);
        if (Date.now() - began > slowest.ms)
          slowest = {
            ms: Date.now() - began,
            what: `${answer.status} ${answer.code ?? ''} ${where.slice(0, 200)}`,
          };
        first.add(answer);

        if (answer.status < 300) {
          // A fresh key and an id no one used: a new credential, signed.
          expect(answer.status, where).toBe(201);
          const vc = answer.body.verifiableCredential as Json;
          expect(vc.proof, where).toBeDefined();
          issuedIds.add(vc.id as string);
          accepted += 1;
          // What was accepted is signed over what verification reads: a sample is verified.
          if (accepted % 3 === 0) {
            const verified = await verifyAnswer(vc, `verify accepted ${where}`);
            const reason =
              verified.status === 200 ? undefined : (verified.body.errors?.[0]?.code ?? verified.code);
            acceptedVerifications.add({ status: verified.status, code: reason });
            // What we sign, we (with the same caps) verify: valid, or not yet valid.
            expect(
              reason === undefined || reason === 'not_yet_valid',
              `accepted but does not verify (${verified.status} ${reason}): ${where}`,
            ).toBe(true);
          }
          // The same request again is the same credential (200), not a second one.
          if (accepted % 5 === 0) {
            const again = await expectApiAnswer(
              await post(
                t,
                '/credentials/issue',
                { credential, options: { ...options, idempotencyKey: key } },
                t.adminKey,
              ),
              `replay ${where}`,
            );
            expect(again.status, where).toBe(200);
            expect(again.body.verifiableCredential.id, where).toBe(vc.id);
          }
          return;
        }

        // Refused: the key is unused, and so is the id if no one else holds it.
        expect(
          await t.deps.stores.credentials.getByIdempotencyKey(key),
          `left behind under the key: ${where}`,
        ).toBeUndefined();
        const refusedId =
          credential && typeof credential === 'object' && !Array.isArray(credential)
            ? (credential as Json).id
            : undefined;
        const sameId = isUrl(refusedId) && !issuedIds.has(refusedId);
        if (sameId)
          expect(
            await t.deps.stores.credentials.get(refusedId),
            `left behind under the id: ${where}`,
          ).toBeUndefined();
        const retryId = sameId ? refusedId : `urn:uuid:${randomUUID()}`;
        const corrected = { ...structuredClone(ISSUE_BASES[base]!), id: retryId };
        const retry = await expectApiAnswer(
          await withinTime(
            post(
              t,
              '/credentials/issue',
              { credential: corrected, options: { idempotencyKey: key } },
              t.adminKey,
            ),
            CASE_MS,
            `retry ${where}`,
          ),
          `retry (id ${retryId}) after ${answer.status} ${answer.code} of ${where}`,
        );
        retries.add(retry);
        expect(retry.status, `retry after ${answer.code}: ${where}`).toBe(201);
        expect(retry.body.verifiableCredential.id).toBe(retryId);
        issuedIds.add(retryId);
        retried += 1;
        if (sameId) retriedSameId += 1;
        if (retried % 10 === 0) {
          const verified = await verifyAnswer(retry.body.verifiableCredential, `verify retry ${where}`);
          expect(
            verified.status,
            `the corrected retry does not verify: ${JSON.stringify(verified.body.errors)}`,
          ).toBe(200);
          expect(verified.body.verified).toBe(true);
        }
      }),
      runs(1_000),
    );

    console.log(
      `[issue] ${first.total} malformed in ${Date.now() - started} ms: ${first}\n` +
        `[issue] retries ${retried} (same id ${retriedSameId}): ${retries}\n` +
        `[issue] accepted mutants verified (sample): ${acceptedVerifications}\n[issue] slowest: ${slowest.ms} ms: ${slowest.what}`,
    );
    // The generator makes mostly bad requests, but not only: a generator of valid input
    // only, or of garbage only, would prove nothing.
    expect(first.between(400, 500)).toBeGreaterThan(first.total * 0.5);
    expect(first.between(200, 300)).toBeGreaterThan(first.total * 0.03);
    expect(first.counts.size).toBeGreaterThan(3);
    expect(retriedSameId).toBeGreaterThan(retried * 0.1);
  }, 240_000);
});

// ---------------------------------------------------------------------------------------
// Verification: mutated signed credentials and presentations.

let VERIFY_BASES: Record<string, Json> = {};
let PRESENTATION_BASES: Record<string, { presentation: Json; options?: Json }> = {};

beforeAll(async () => {
  VERIFY_BASES = {
    openBadge: (await issueVia(t, openBadgeRequest())).vc,
    plain: (await issueVia(t, plainCredentialRequest())).vc,
    plainRich: (await issueVia(t, ISSUE_BASES.plainRich!)).vc,
    ed25519Signature2020: (await issueVia(t, plainCredentialRequest(), { proofType: 'Ed25519Signature2020' }))
      .vc,
    v1: (await issueVia(t, ISSUE_BASES.v1!)).vc,
  };
  const holder = await createHolder();
  const signed = await signAsHolder(t, holder, presentationOf([VERIFY_BASES.plain!], holder.did), {
    challenge: 'challenge-123',
    domain: 'saypro.example',
  });
  PRESENTATION_BASES = {
    unsigned: { presentation: presentationOf([VERIFY_BASES.openBadge!]) },
    unsignedTwo: {
      presentation: presentationOf([VERIFY_BASES.plain!, VERIFY_BASES.ed25519Signature2020!], holder.did),
    },
    signed: { presentation: signed, options: { challenge: 'challenge-123', domain: 'saypro.example' } },
  };
});

function proofPathsOf(document: Json): Path[] {
  const proof = document.proof;
  if (Array.isArray(proof)) return proof.map((_, i) => ['proof', i]);
  return proof && typeof proof === 'object' ? [['proof']] : [];
}

/** How the credential is sent: wrapped as VC-API asks (mostly), bare, or replaced. */
const envelope = fc.oneof(
  { arbitrary: fc.constant<{ kind: 'wrapped' | 'bare' }>({ kind: 'wrapped' }), weight: 14 },
  { arbitrary: fc.constant<{ kind: 'wrapped' | 'bare' }>({ kind: 'bare' }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant<'options'>('options'), options: hostileValue }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant<'replaced'>('replaced'), value: hostileValue }), weight: 1 },
);

type Envelope =
  | { kind: 'wrapped' | 'bare' }
  | { kind: 'options'; options: unknown }
  | { kind: 'replaced'; value: unknown };

function envelopeBody(field: string, document: unknown, how: Envelope, options?: Json): unknown {
  switch (how.kind) {
    case 'bare':
      return document;
    case 'options':
      return { [field]: document, options: how.options };
    case 'replaced':
      return { [field]: how.value, ...(options ? { options } : {}) };
    default:
      return { [field]: document, ...(options ? { options } : {}) };
  }
}

function signedMutations(document: Json): fc.Arbitrary<Mutation[]> {
  const one = fc.oneof(
    { arbitrary: anywhereMutation(pathsOf(document)), weight: 5 },
    { arbitrary: proofMutation(proofPathsOf(document)), weight: 4 },
    { arbitrary: contextMutation, weight: 3 },
    { arbitrary: subjectMutation, weight: 2 },
    { arbitrary: dateMutation, weight: 2 },
    { arbitrary: typeMutation, weight: 1 },
    { arbitrary: entryMutation, weight: 2 },
    { arbitrary: idMutation, weight: 1 },
    { arbitrary: issuerMutation, weight: 2 },
  );
  return fc.array(one, { minLength: 0, maxLength: 3 });
}

describe('POST /credentials/verify with mutated signed credentials', () => {
  it('answers 200 or 4xx with a known code (and known verification codes), never 5xx', async () => {
    const outcomes = new Tally();
    const reasons = new Tally();
    const started = Date.now();
    const verifyCase = fc.constantFrom(...Object.keys(VERIFY_BASES)).chain((base) =>
      fc.record({
        base: fc.constant(base),
        mutations: signedMutations(VERIFY_BASES[base]!),
        how: envelope as fc.Arbitrary<Envelope>,
      }),
    );

    await fc.assert(
      fc.asyncProperty(verifyCase, async ({ base, mutations, how }) => {
        const document = fillPlaceholders(applyMutations(VERIFY_BASES[base], mutations), fill);
        const where = `verify ${base} ${how.kind} ${JSON.stringify(mutations).slice(0, 300)}`;
        const res = await withinTime(
          post(t, '/credentials/verify', envelopeBody('verifiableCredential', document, how)),
          CASE_MS,
          where,
        );
        const answer = await expectApiAnswer(res, where);
        outcomes.add(answer);
        if (answer.status === 200 || answer.code === 'verification_failed') {
          expectVerificationCodes(answer.body, where);
          expect(answer.body.verified, where).toBe(answer.status === 200);
          reasons.add({ status: answer.status, code: answer.body.errors?.[0]?.code });
        }
        // An untouched credential sent as VC-API asks verifies.
        // (The answer's own words in the message: a failure here must say why it was refused.)
        if (mutations.length === 0 && how.kind === 'wrapped')
          expect(answer.status, `${where}: ${JSON.stringify(answer.body).slice(0, 600)}`).toBe(200);
      }),
      runs(1_000),
    );

    console.log(
      `[verify] ${outcomes.total} cases in ${Date.now() - started} ms: ${outcomes}\n[verify] reasons: ${reasons}`,
    );
    expect(outcomes.between(400, 500)).toBeGreaterThan(outcomes.total * 0.5);
    expect(outcomes.between(200, 300)).toBeGreaterThan(outcomes.total * 0.03);
    expect(reasons.counts.size).toBeGreaterThan(5);
  }, 240_000);
});

describe('POST /presentations/verify with malformed presentations', () => {
  it('answers 200 or 4xx with a known code (and known verification codes), never 5xx', async () => {
    const outcomes = new Tally();
    const reasons = new Tally();
    const started = Date.now();
    const vpMutation = (presentation: Json): fc.Arbitrary<Mutation> =>
      fc.oneof(
        { arbitrary: anywhereMutation(pathsOf(presentation, 8)), weight: 5 },
        { arbitrary: proofMutation(proofPathsOf(presentation)), weight: 2 },
        { arbitrary: contextMutation, weight: 2 },
        { arbitrary: typeMutation.map((m) => ({ ...m, path: ['type'] }) as Mutation), weight: 1 },
        {
          arbitrary: fc
            .tuple(
              fc.constantFrom('holder', 'verifiableCredential', 'id', 'proof'),
              fc.oneof(hostileValue, fc.constantFrom('$OUR_DID', 'did:web:evil.example', [], [null], [{}])),
            )
            .map(([field, value]): Mutation => ({ op: 'set', path: [field], value })),
          weight: 2,
        },
        // Past the 16-credential cap, or a credential of the presentation mutated.
        {
          arbitrary: fc.integer({ min: 2, max: 20 }).map(
            (n): Mutation => ({
              op: 'set',
              path: ['verifiableCredential'],
              value: Array.from({ length: n }, () => VERIFY_BASES.plain),
            }),
          ),
          weight: 1,
        },
        {
          arbitrary: largeArray.map(
            (value): Mutation => ({ op: 'set', path: ['verifiableCredential'], value }),
          ),
          weight: 1,
        },
        {
          arbitrary: fc.constantFrom(...Object.keys(VERIFY_BASES)).chain((base) =>
            signedMutations(VERIFY_BASES[base]!).map(
              (mutations): Mutation => ({
                op: 'append',
                path: ['verifiableCredential'],
                value: applyMutations(VERIFY_BASES[base], mutations),
              }),
            ),
          ),
          weight: 2,
        },
      );
    const optionsVariant = fc.oneof(
      { arbitrary: fc.constant<'base'>('base'), weight: 6 },
      {
        arbitrary: fc.record(
          { challenge: fc.oneof(fc.string(), hostileValue), domain: fc.oneof(fc.string(), hostileValue) },
          { requiredKeys: [] },
        ),
        weight: 2,
      },
    );
    const presentationCase = fc.constantFrom(...Object.keys(PRESENTATION_BASES)).chain((base) =>
      fc.record({
        base: fc.constant(base),
        mutations: fc.array(vpMutation(PRESENTATION_BASES[base]!.presentation), { maxLength: 3 }),
        how: envelope as fc.Arbitrary<Envelope>,
        options: optionsVariant,
      }),
    );

    await fc.assert(
      fc.asyncProperty(presentationCase, async ({ base, mutations, how, options }) => {
        const { presentation, options: baseOptions } = PRESENTATION_BASES[base]!;
        const document = fillPlaceholders(applyMutations(presentation, mutations), fill);
        const where = `presentation ${base} ${how.kind} ${JSON.stringify(options)} ${JSON.stringify(mutations).slice(0, 300)}`;
        const sentOptions = options === 'base' ? baseOptions : (options as Json);
        const res = await withinTime(
          post(
            t,
            '/presentations/verify',
            envelopeBody('verifiablePresentation', document, how, sentOptions),
          ),
          CASE_MS,
          where,
        );
        const answer = await expectApiAnswer(res, where);
        outcomes.add(answer);
        if (answer.status === 200 || answer.code === 'verification_failed') {
          expectVerificationCodes(answer.body, where);
          for (const result of answer.body.credentialResults ?? []) expectVerificationCodes(result, where);
          reasons.add({ status: answer.status, code: answer.body.errors?.[0]?.code });
        }
        if (mutations.length === 0 && how.kind === 'wrapped' && options === 'base')
          expect(answer.status, `${where}: ${JSON.stringify(answer.body).slice(0, 600)}`).toBe(200);
      }),
      runs(300),
    );

    console.log(
      `[presentations] ${outcomes.total} cases in ${Date.now() - started} ms: ${outcomes}\n[presentations] reasons: ${reasons}`,
    );
    expect(outcomes.between(400, 500)).toBeGreaterThan(outcomes.total * 0.4);
    expect(outcomes.between(200, 300)).toBeGreaterThan(outcomes.total * 0.03);
  }, 180_000);
});
