/**
 * The choice between the search plans (src/storage/searchPlan.ts), on the shapes the bench
 * measured: two words each in 8% of 100,000 conversations start from the postings (merged:
 * equally common), one such word walks the inbox, a rare word beside a common one probes
 * from the rare one, a word in no conversation means nothing to find, and a capped count
 * (a very common word) is never merged.
 */
import { expect, it } from 'vitest';
import { COUNT_CAP, chooseSearchPlan } from '../../src/storage/searchPlan.js';

const t = (term: string, conversations: number) => ({ term, conversations });

it('starts rare words from their postings and walks the inbox for common ones', () => {
  expect(chooseSearchPlan([t('a', 8134), t('b', 8100)], 100_000, 50, 2)).toEqual({
    terms: ['b', 'a'],
    plan: 'postings',
    merge: true,
  });
  expect(chooseSearchPlan([t('a', 8134)], 100_000, 50, 2)).toEqual({ terms: ['a'], plan: 'walk' });
  expect(chooseSearchPlan([t('common', 40_000), t('rare', 30)], 100_000, 50, 2)).toEqual({
    terms: ['rare', 'common'],
    plan: 'postings',
  });
  expect(chooseSearchPlan([t('a', 60_000), t('b', 70_000)], 100_000, 50, 2).plan).toBe('walk');
});

it('finds nothing when a word is in no conversation, or there are no words', () => {
  expect(chooseSearchPlan([t('a', 8134), t('b', 0)], 100_000, 50, 2).terms).toEqual([]);
  expect(chooseSearchPlan([], 100_000, 50, 2).terms).toEqual([]);
});

it('never merges a list whose length it capped', () => {
  const plan = chooseSearchPlan([t('a', COUNT_CAP), t('b', COUNT_CAP)], 10_000_000, 50, 1);
  expect(plan.merge).toBeUndefined();
  expect(chooseSearchPlan([t('a', 20_000), t('b', 20_000)], 10_000_000, 50, 1)).toMatchObject({
    plan: 'postings',
    merge: true,
  });
});
