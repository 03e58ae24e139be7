/**
 * Counts in words for people: `plural(1, 'participant')` is "1 participant",
 * `plural(2, 'participant')` is "2 participants", and an irregular word takes its plural
 * form: `plural(3, 'person', 'people')`. The choice follows the English plural rules of
 * `Intl.PluralRules` (so 1.5 days is "1.5 days" and 0 is plural), instead of the "(s)" that
 * reads as an unfinished sentence. It lives at the root, not under http/, because domain
 * text (reports, the issuance tracker, rate-limit messages) counts things too.
 */

const ENGLISH = new Intl.PluralRules('en');

/** The word alone, singular or plural for `count` ("time" / "times"). */
export function pluralWord(count: number, singular: string, pluralForm = `${singular}s`): string {
  return ENGLISH.select(count) === 'one' ? singular : pluralForm;
}

/** The count and the word: "1 participant", "2 participants", "2 people". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${pluralWord(count, singular, pluralForm)}`;
}
