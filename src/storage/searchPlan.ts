/**
 * How a message search runs, the same choice in both adapters. The search index holds,
 * per keyed hash of a word, the conversations with a visible message holding it; a search
 * wants the newest page of the conversations holding every term that the inbox's other
 * filters let through. Two plans:
 * - postings: intersect the terms' conversations, look each match up and keep the newest
 *   page. The intersection either walks the rarest term's conversations and probes the
 *   others' (term, conversation) keys, or, when the terms are about as common, merges
 *   their lists (each sorted by conversation in the index). Cost grows with the terms'
 *   conversations and with the matches: right for rare words.
 * - walk: go through the inbox newest first (as without a search) and keep each
 *   conversation holding every term, until the page is full. Cost grows with how far the
 *   walk goes: the page size over the share of conversations that match: right for common
 *   words.
 * Both give the same conversations; the estimate only picks the cheaper.
 */

/** Counting a term's conversations stops here: past it the term is common and the count a lower bound. */
export const COUNT_CAP = 50_000;

// Cost per unit of each plan (microseconds, measured on SQLite with a million-message
// file shaped as the bench's, on a busy machine): probing one (term, conversation) key,
// reading one entry in a merge, looking up and ordering one matching conversation, walking
// one conversation of the inbox (its row and a probe). Two words in 8% of conversations
// each: the probes 5.3-7.4 ms, the merge 1.7-2.2 ms, the whole postings plan 2.4-7 ms,
// the walk 67 ms; one such word: postings 58 ms, walk 2.5 ms.
const PROBE_US = 0.65;
const MERGE_US = 0.1;
const MATCH_US = 7;
const WALK_US = 2.5;

/** One search term with how many conversations hold it (capped at COUNT_CAP). */
export interface CountedTerm {
  term: string;
  conversations: number;
}

/** A search's terms, rarest first, and its plan. No terms: nothing can match. */
export interface SearchPlan {
  terms: string[];
  plan: 'postings' | 'walk';
  /** Postings: intersect by merging the sorted lists rather than probing from the rarest. */
  merge?: true;
}

/**
 * Chooses the plan for a page of `limit` over `walks` ordered walks (SQLite walks one per
 * team), out of `total` conversations (an upper bound is fine: numbers issued). A term
 * in no conversation means nothing matches.
 */
export function chooseSearchPlan(
  counted: CountedTerm[],
  total: number,
  limit: number,
  walks: number,
): SearchPlan {
  if (counted.length === 0 || counted.some((t) => t.conversations === 0))
    return { terms: [], plan: 'postings' };
  const sorted = [...counted].sort((a, b) => a.conversations - b.conversations);
  const all = Math.max(total, sorted.at(-1)!.conversations);
  // The share of conversations holding every term if the words were independent: an
  // estimate (real words are not), which only sways the choice, never the answer.
  const share = sorted.reduce((p, t) => p * (t.conversations / all), 1);
  const several = sorted.length > 1;
  const probes = several ? PROBE_US * sorted[0]!.conversations : 0;
  // A capped count hides how long its list is: only probing is safe then.
  const capped = sorted.some((t) => t.conversations >= COUNT_CAP);
  const merged = MERGE_US * sorted.reduce((sum, t) => sum + t.conversations, 0);
  const merge = several && !capped && merged < probes;
  const postings = (merge ? merged : probes) + MATCH_US * all * share;
  const walk = WALK_US * Math.max(1, walks) * Math.min(all, limit / share);
  const terms = sorted.map((t) => t.term);
  if (walk < postings) return { terms, plan: 'walk' };
  return merge ? { terms, plan: 'postings', merge: true } : { terms, plan: 'postings' };
}
