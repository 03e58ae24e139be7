/** The count-in-words helper: English plural rules, irregular words, fractions and zero. */
import { describe, expect, it } from 'vitest';
import { plural, pluralWord } from '../src/plural.js';

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(plural(1, 'participant')).toBe('1 participant');
    expect(plural(2, 'participant')).toBe('2 participants');
    expect(plural(0, 'application')).toBe('0 applications');
    expect(plural(1000, 'certificate')).toBe('1000 certificates');
  });

  it('takes an explicit plural form for irregular words', () => {
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(3, 'person', 'people')).toBe('3 people');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('treats fractions as plural ("1.5 days") and negative one as singular', () => {
    expect(plural(1.5, 'day')).toBe('1.5 days');
    expect(plural(-1, 'day')).toBe('-1 day');
  });

  it('gives the word alone for sentences that put the count elsewhere', () => {
    expect(pluralWord(1, 'time')).toBe('time');
    expect(pluralWord(4, 'time')).toBe('times');
  });
});
