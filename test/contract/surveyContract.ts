/**
 * The survey store contract (issue 21): versions are stored whole, numbered per audience
 * (a second version n is refused, even when two race), the current one is the highest;
 * responses are one per audience and subject (a second refused, even racing), listed by
 * audience and period oldest first, paged by (at, subject), counted per version, listed and
 * erased per person (all audiences or one); staff's marks on suggestion themes, one per theme.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/storage/ports.js';
import type { SurveyResponseRecord, SurveyVersionRecord } from '../../src/storage/surveyPorts.js';

function version(n: number, overrides: Partial<SurveyVersionRecord> = {}): SurveyVersionRecord {
  const audience = overrides.audience ?? 'participant-after-issuance';
  return {
    id: `${audience}@${n}`,
    audience,
    version: n,
    title: `Course feedback v${n}`,
    questions: [
      { id: 'q1', type: 'rating', prompt: 'How was the course?', required: true },
      {
        id: 'q2',
        type: 'choice',
        prompt: 'Would you recommend it?',
        required: false,
        choices: ['Yes', 'No'],
      },
      { id: 'q3', type: 'text', prompt: 'Comment', required: false },
    ],
    publishedAt: `2026-0${n}-01T00:00:00.000Z`,
    publishedBy: 'staff-1',
    ...overrides,
  };
}

function response(subject: string, overrides: Partial<SurveyResponseRecord> = {}): SurveyResponseRecord {
  return {
    id: `r-${subject}`,
    surveyId: 'participant-after-issuance@1',
    audience: 'participant-after-issuance',
    subject,
    userId: 'user-1',
    batchId: 'batch-1',
    answers: { q1: 4, q2: 'Yes', q3: 'Clear and well paced' },
    at: '2026-05-01T10:00:00.000Z',
    ...overrides,
  };
}

/** Registers the survey store cases against one adapter; each case gets fresh, initialised stores. */
export function describeSurveyContract(name: string, makeStores: () => Promise<Stores>): void {
  describe(`${name} survey store contract`, () => {
    let stores: Stores | undefined;
    beforeEach(async () => {
      stores = await makeStores();
      await stores.init();
    });
    afterEach(async () => {
      await stores?.close();
      stores = undefined;
    });
    const surveys = () => stores!.surveys;

    it('stores a version whole; the current one is the highest; versions list newest first, per audience', async () => {
      expect(await surveys().currentVersion('participant-after-issuance')).toBeUndefined();
      expect(await surveys().listVersions('participant-after-issuance')).toEqual([]);
      const [v1, v2] = [version(1), version(2, { title: 'Shorter' })];
      const staff = version(1, { audience: 'staff-certificate-process' });
      expect(await surveys().publishVersion(v1)).toBe(true);
      expect(await surveys().publishVersion(v2)).toBe(true);
      expect(await surveys().publishVersion(staff)).toBe(true);
      expect(await surveys().getVersion(v1.id)).toEqual(v1);
      expect(await surveys().getVersion('nope@1')).toBeUndefined();
      expect(await surveys().currentVersion('participant-after-issuance')).toEqual(v2);
      expect(await surveys().listVersions('participant-after-issuance')).toEqual([v2, v1]);
      expect(await surveys().listVersions('staff-certificate-process')).toEqual([staff]);
      expect(await surveys().currentVersion('conversation-satisfaction')).toBeUndefined();
    });

    it('refuses a second version with the same number, even when two race, and keeps the first', async () => {
      const results = await Promise.all([
        surveys().publishVersion(version(1, { title: 'A' })),
        surveys().publishVersion(version(1, { title: 'B' })),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const kept = (await surveys().listVersions('participant-after-issuance'))[0]!;
      expect(kept.title).toBe(results[0] ? 'A' : 'B');
      expect(await surveys().listVersions('participant-after-issuance')).toHaveLength(1);
    });

    it('takes one response per audience and subject, even when two race, and reads it back whole', async () => {
      const results = await Promise.all([
        surveys().addResponse(response('cred-1')),
        surveys().addResponse(response('cred-1', { id: 'r-other', answers: { q1: 1 } })),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await surveys().getResponse('participant-after-issuance', 'cred-1')).toEqual(
        results[0] ? response('cred-1') : response('cred-1', { id: 'r-other', answers: { q1: 1 } }),
      );
      // The same subject in another audience is another response.
      const other = response('cred-1', { id: 'r-conv', audience: 'conversation-satisfaction' });
      expect(await surveys().addResponse(other)).toBe(true);
      expect(await surveys().getResponse('conversation-satisfaction', 'cred-1')).toEqual(other);
      expect(await surveys().getResponse('participant-after-issuance', 'cred-2')).toBeUndefined();
    });

    it('lists an audience’s responses in a period oldest first, counts them per version and erases a person’s', async () => {
      const a = response('c-a', { at: '2026-03-31T23:59:59.999Z' });
      const b = response('c-b', { at: '2026-04-01T00:00:00.000Z', surveyId: 'participant-after-issuance@2' });
      const c = response('c-c', { at: '2026-02-01T00:00:00.000Z', userId: 'user-2' });
      const s = response('s-1', {
        audience: 'staff-certificate-process',
        surveyId: 'staff-certificate-process@1',
      });
      for (const r of [a, b, c, s]) expect(await surveys().addResponse(r)).toBe(true);
      expect(await surveys().listResponses({ audience: 'participant-after-issuance' })).toEqual([c, a, b]);
      expect(
        await surveys().listResponses({
          audience: 'participant-after-issuance',
          from: '2026-03-01T00:00:00.000Z',
          to: '2026-04-01T00:00:00.000Z',
        }),
      ).toEqual([a]);
      expect(await surveys().listResponses({ audience: 'staff-certificate-process' })).toEqual([s]);
      expect(await surveys().countResponses('participant-after-issuance')).toEqual({
        'participant-after-issuance@1': 2,
        'participant-after-issuance@2': 1,
      });
      expect(await surveys().countResponses('conversation-satisfaction')).toEqual({});
      await surveys().eraseResponsesOf('user-1');
      expect(await surveys().listResponses({ audience: 'participant-after-issuance' })).toEqual([c]);
      expect(await surveys().listResponses({ audience: 'staff-certificate-process' })).toEqual([]);
    });

    it('pages an audience’s responses by (at, subject) after a cursor, ties included', async () => {
      const at = '2026-05-01T10:00:00.000Z';
      const rs = [
        response('b', { at }),
        response('a', { at }),
        response('c', { at: '2026-05-02T00:00:00.000Z' }),
        response('z', { at: '2026-04-01T00:00:00.000Z' }),
      ];
      for (const r of rs) expect(await surveys().addResponse(r)).toBe(true);
      await surveys().addResponse(
        response('x', { audience: 'staff-messaging', surveyId: 'staff-messaging@0' }),
      );
      const audience = 'participant-after-issuance' as const;
      const first = await surveys().pageResponses({ audience, limit: 2 });
      expect(first.map((r) => r.subject)).toEqual(['z', 'a']);
      const second = await surveys().pageResponses({ audience, after: { at, subject: 'a' }, limit: 2 });
      expect(second.map((r) => r.subject)).toEqual(['b', 'c']);
      expect(
        await surveys().pageResponses({
          audience,
          after: { at: '2026-05-02T00:00:00.000Z', subject: 'c' },
          limit: 2,
        }),
      ).toEqual([]);
    });

    it('keeps the resolving staff member and sealed answers, lists a person’s responses and erases one audience', async () => {
      const conversation = response('conv-1', {
        audience: 'conversation-satisfaction',
        surveyId: 'conversation-satisfaction@0',
        staffId: 'staff-9',
        answers: { q1: 5 },
        sealedAnswers: { q4: { k: 'k1', iv: 'aXY', ct: 'Y3Q' } },
        at: '2026-05-03T00:00:00.000Z',
      });
      const course = response('cred-1');
      const someoneElse = response('cred-2', { userId: 'user-2' });
      for (const r of [conversation, course, someoneElse]) expect(await surveys().addResponse(r)).toBe(true);
      expect(await surveys().getResponse('conversation-satisfaction', 'conv-1')).toEqual(conversation);
      expect(await surveys().listResponsesOf('user-1')).toEqual([course, conversation]);
      await surveys().eraseResponsesOf('user-1', 'conversation-satisfaction');
      expect(await surveys().listResponsesOf('user-1')).toEqual([course]);
      expect(await surveys().listResponsesOf('user-2')).toEqual([someoneElse]);
      // A key that is not a string finds and erases nothing (undefinedKeys.test.ts explains).
      expect(await surveys().listResponsesOf(undefined as unknown as string)).toEqual([]);
      await surveys().eraseResponsesOf(undefined as unknown as string);
      expect(await surveys().listResponsesOf('user-2')).toEqual([someoneElse]);
    });

    it('keeps one mark per suggestion theme, the latest', async () => {
      const marks = () => stores!.suggestionMarks;
      expect(await marks().listMarks()).toEqual([]);
      const first = {
        theme: 'search box',
        priority: 'short' as const,
        done: false,
        by: 's1',
        at: '2026-05-01T00:00:00.000Z',
      };
      await marks().putMark(first);
      await marks().putMark({ theme: 'attachments', done: true, by: 's2', at: '2026-05-02T00:00:00.000Z' });
      const again = { theme: 'search box', done: true, by: 's2', at: '2026-05-03T00:00:00.000Z' };
      await marks().putMark(again);
      expect(await marks().listMarks()).toEqual([
        { theme: 'attachments', done: true, by: 's2', at: '2026-05-02T00:00:00.000Z' },
        again,
      ]);
    });
  });
}
