/**
 * The shared check of human-readable names (src/accounts/displayNames.ts): names in every
 * script, with their combining marks, come through unchanged; control, bidi override and
 * isolate, and zero-width characters are taken out; what is left is NFC with single spaces
 * and must hold a letter or digit, or it is refused with a 400 that names the field.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cleanDisplayName,
  MAX_DISPLAY_NAME_LENGTH,
  ORGANISATION_NAME,
  OWN_NAME,
  PERSON_NAME,
  TEAM_NAME,
  type NameField,
} from '../../src/accounts/displayNames.js';
import { AppError } from '../../src/errors.js';

/** Real names and words in the scripts people write their names in, each already NFC. */
const WORLD_NAMES = [
  'Zoë',
  'Nguyễn',
  'Nguyễn Thị Minh Khai',
  'محمد',
  'محمد بن سلمان',
  'שרה',
  'שָׂרָה',
  '李小龙',
  '山田 太郎',
  '김민준',
  'देवनागरी',
  'स्वाति',
  'สมชาย',
  'สมชาย ใจดี',
  'தமிழ்செல்வி',
  'রবীন্দ্রনাথ ঠাকুর',
  'አበበ ቢቂላ',
  'Αλέξανδρος',
  'Анна-Мария Иванова',
  'ნინო',
  'Siobhán Ó Briain',
  "Ngũgĩ wa Thiong'o",
  'Zoë Ngcobo-Müller',
  'Đặng Thị Ngọc Thịnh',
  'X Æ A-12',
  'Ubuntu Skills (Pty) Ltd.',
];

/** Code points the check takes out wherever they are. */
const INVISIBLE = [
  ...Array.from({ length: 0x20 }, (_, i) => i).filter((cp) => ![0x09, 0x0a, 0x0b, 0x0c, 0x0d].includes(cp)),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i).filter((cp) => cp !== 0x85),
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2066,
  0x2067,
  0x2068,
  0x2069,
  0x200b,
  0x2060,
  0xfeff,
].map((cp) => String.fromCodePoint(cp));
/** The joiners some scripts spell with: kept (one) between letters or marks, removed elsewhere. */
const JOINERS = ['\u200c', '\u200d'];

/** The refusal a call throws (fails the test when it returns). */
function refusal(text: string | undefined, field: NameField = OWN_NAME): AppError {
  try {
    const cleaned = cleanDisplayName(text, field);
    throw new Error(`accepted ${JSON.stringify(text)} as ${JSON.stringify(cleaned)}`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error;
  }
}

describe('names people write', () => {
  it.each(WORLD_NAMES)('%s comes through unchanged, for every kind of name', (name) => {
    expect(name.normalize('NFC'), 'the sample is NFC').toBe(name);
    for (const field of [OWN_NAME, PERSON_NAME, ORGANISATION_NAME, TEAM_NAME])
      expect(cleanDisplayName(name, field)).toBe(name);
  });

  it('any name of letters and marks of any script, words separated by single spaces, is kept as NFC', () => {
    // Words of characters drawn from the letter and mark blocks of the scripts above.
    const ranges: Array<[number, number]> = [
      [0x41, 0x5a],
      [0x61, 0x7a],
      [0xc0, 0x24f],
      [0x300, 0x36f],
      [0x370, 0x3ff],
      [0x400, 0x4ff],
      [0x531, 0x587],
      [0x5d0, 0x5ea],
      [0x5b0, 0x5c2],
      [0x620, 0x64a],
      [0x64b, 0x652],
      [0x900, 0x97f],
      [0x980, 0x9ff],
      [0xb80, 0xbff],
      [0xe01, 0xe3a],
      [0xe40, 0xe4e],
      [0x10d0, 0x10ff],
      [0x1200, 0x137f],
      [0x1e00, 0x1eff],
      [0x3041, 0x3096],
      [0x30a1, 0x30fa],
      [0x4e00, 0x9fff],
      [0xac00, 0xd7a3],
      [0x20000, 0x2a6df],
      [0x30, 0x39],
    ];
    const char = fc
      .constantFrom(...ranges)
      .chain(([from, to]) => fc.integer({ min: from, max: to }))
      .map((cp) => String.fromCodePoint(cp));
    const word = fc.array(char, { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));
    const name = fc
      .array(word, { minLength: 1, maxLength: 5 })
      .map((words) => words.join(' ').normalize('NFC'));
    fc.assert(
      fc.property(name, (text) => {
        // A word can be all marks (no letter); those are refused, which the next test covers.
        fc.pre(
          /[\p{L}\p{N}]/u.test(text) &&
            text.length <= MAX_DISPLAY_NAME_LENGTH &&
            text === text.trim() &&
            !/\s{2}/.test(text),
        );
        expect(cleanDisplayName(text, OWN_NAME)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('invisible characters anywhere in a name are taken out, and the name is what remains', () => {
    const inserted = fc.tuple(
      fc.constantFrom(...WORLD_NAMES),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { minLength: 1, maxLength: 20 }),
    );
    fc.assert(
      fc.property(inserted, ([name, insertions]) => {
        const points = Array.from(name);
        for (const [at, invisible] of insertions) points.splice(at % (points.length + 1), 0, invisible);
        expect(cleanDisplayName(points.join(''), OWN_NAME)).toBe(name);
      }),
      { numRuns: 500 },
    );
  });
});

describe('what the check changes', () => {
  it.each([
    ['  Ada   Lovelace  ', 'Ada Lovelace'],
    ['Ada\tLovelace', 'Ada Lovelace'],
    ['Ada\r\nLovelace', 'Ada Lovelace'],
    ['Ada\u00a0\u3000Lovelace', 'Ada Lovelace'],
    ['Ada\u0000 Lovelace\u0007', 'Ada Lovelace'],
    ['\u202eSmith\u202c', 'Smith'],
    ['\u2067شرکت\u2069 Ltd', 'شرکت Ltd'],
    ['Ada\u200bLovelace', 'AdaLovelace'],
    // Persian and Devanagari spell with the zero-width non-joiner and joiner: kept inside words.
    ['\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645', '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645'],
    ['\u0915\u094d\u200d\u0937', '\u0915\u094d\u200d\u0937'],
    ['Ada\u200d\u200c\u200dLovelace', 'Ada\u200dLovelace'],
    ['\u200dAda \u200cLovelace\u200c', 'Ada Lovelace'],
    ['Ada =\u200d\u0338', 'Ada \u2260'],
    ['\ufeffZoë', 'Zoë'],
    ['Zoe\u0308', 'Zoë'],
    ['Nguye\u0302\u0303n', 'Nguyễn'],
    ['Ada\ud800 Lovelace', 'Ada Lovelace'],
    ['\u0085Ada\u009f', 'Ada'],
  ])('%j becomes %j', (input, cleaned) => {
    expect(cleanDisplayName(input, OWN_NAME)).toBe(cleaned);
  });

  it('cuts an over-long organisation, team or imported name, never inside a character', () => {
    expect(cleanDisplayName('a'.repeat(250), ORGANISATION_NAME)).toBe('a'.repeat(200));
    expect(cleanDisplayName(`${'a'.repeat(199)}𠀀 more`, TEAM_NAME)).toBe('a'.repeat(199));
    expect(cleanDisplayName(`${'a'.repeat(199)} b`, PERSON_NAME)).toBe('a'.repeat(199));
    // The limit counts what is left once the invisible characters are gone.
    expect(cleanDisplayName(`${'\u202e'.repeat(100)}${'a'.repeat(200)}`, OWN_NAME)).toBe('a'.repeat(200));
  });
});

describe('what the check refuses', () => {
  it.each([
    ['nothing', undefined, 'Enter your name as it should appear on certificates'],
    ['an empty name', '', 'Enter your name as it should appear on certificates'],
    ['spaces and line breaks', '  \t\n ', 'Enter your name as it should appear on certificates'],
    ['a NUL', '\u0000', 'Your name needs at least one letter or digit'],
    ['C0 controls', '\u0001\u0002', 'Your name needs at least one letter or digit'],
    ['C1 controls', '\u0080\u009f', 'Your name needs at least one letter or digit'],
    ['50 right-to-left overrides', '\u202e'.repeat(50), 'Your name needs at least one letter or digit'],
    ['bidi isolates', '\u2066\u2067\u2068\u2069', 'Your name needs at least one letter or digit'],
    [
      'zero-width characters',
      '\u200b\u200c\u200d\u2060\ufeff',
      'Your name needs at least one letter or digit',
    ],
    ['a lone surrogate', '\udc00', 'Your name needs at least one letter or digit'],
    ['punctuation only', '-- . --', 'Your name needs at least one letter or digit'],
    ['an emoji only', '🙂', 'Your name needs at least one letter or digit'],
    ['marks without a letter', '\u0301\u0308', 'Your name needs at least one letter or digit'],
    ['201 letters', 'x'.repeat(201), 'Keep your name under 200 characters'],
  ])('%s, with a 400 naming the field', (_what, input, message) => {
    const error = refusal(input);
    expect(error.status).toBe(400);
    expect(error.detail).toBe(message);
    expect(error.extra).toEqual({ field: 'name' });
  });

  it('names the field it checks', () => {
    expect(refusal('', ORGANISATION_NAME).detail).toBe('Enter the organisation name');
    expect(refusal('\u0000', ORGANISATION_NAME).detail).toBe(
      'The organisation name needs at least one letter or digit',
    );
    expect(refusal('\u0001\u0002', TEAM_NAME).detail).toBe(
      'The team name needs at least one letter or digit',
    );
    expect(refusal('', TEAM_NAME).detail).toBe('Enter the team name');
    expect(refusal('\u202e', PERSON_NAME).detail).toBe(
      "The person's name needs at least one letter or digit",
    );
    // Cut, not refused, but the 200 characters kept must still name something.
    expect(refusal(`${'-'.repeat(200)}abc`, ORGANISATION_NAME).detail).toBe(
      'The organisation name needs at least one letter or digit in its first 200 characters',
    );
  });
});

describe('any input at all', () => {
  // Every UTF-16 unit, lone surrogates included, with the troublesome ones made likely.
  const unit = fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
    fc.constantFrom(
      ...INVISIBLE,
      ...JOINERS,
      ' ',
      '\t',
      '\n',
      '\u00a0',
      'a',
      'é',
      'e\u0301',
      '李',
      '١',
      '\ud83d\ude42',
    ),
  );
  const anything = fc.oneof(
    fc.string({ unit, maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
  );

  it('is refused with a 400 naming the field, or comes out clean, NFC, trimmed, with a letter or digit, and stays as it is when checked again', () => {
    fc.assert(
      fc.property(
        anything,
        fc.constantFrom(OWN_NAME, PERSON_NAME, ORGANISATION_NAME, TEAM_NAME),
        (text, field) => {
          let cleaned: string;
          try {
            cleaned = cleanDisplayName(text, field);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).status).toBe(400);
            expect((error as AppError).extra).toEqual({ field: 'name' });
            return;
          }
          expect(cleaned).not.toMatch(/[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]/u);
          // A joiner only ever alone, between two letters or marks.
          expect(cleaned).not.toMatch(
            /[\u200c\u200d]{2}|(^|[^\p{L}\p{M}])[\u200c\u200d]|[\u200c\u200d]($|[^\p{L}\p{M}])/u,
          );
          expect(cleaned.normalize('NFC')).toBe(cleaned);
          expect(cleaned).toBe(cleaned.trim());
          expect(cleaned).not.toMatch(/\s\s|[^\S ]/);
          expect(cleaned).toMatch(/[\p{L}\p{N}]/u);
          expect(cleaned.length).toBeLessThanOrEqual(field.max);
          expect(cleanDisplayName(cleaned, field)).toBe(cleaned);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
