/**
 * Which mark a certificate picture carries (certificateMark.ts) and how the number lookup
 * matches a holder's name (holderSurname.ts): both pure functions, checked directly.
 */
import { describe, expect, it } from 'vitest';
import { markOf } from '../../src/rendering/certificateMark.js';
import { foldName, holderNameOf, matchesHolder } from '../../src/credentials/holderSurname.js';

const now = new Date('2027-06-01T00:00:00Z');
const record = (over: Partial<Parameters<typeof markOf>[0]> = {}) => ({
  revoked: false,
  suspended: false,
  credential: { validUntil: '2028-01-01T00:00:00Z' },
  ...over,
});

describe('markOf', () => {
  it('marks nothing on a valid certificate, with or without an end date', () => {
    expect(markOf(record(), now)).toBeUndefined();
    expect(markOf(record({ credential: {} }), now)).toBeUndefined();
    expect(markOf(record({ credential: { validUntil: 'not a date' } }), now)).toBeUndefined();
  });

  it('says replaced for a certificate revoked as superseded, revoked for any other reason', () => {
    expect(markOf(record({ revoked: true, statusReason: 'superseded' }), now)).toBe('replaced');
    expect(markOf(record({ revoked: true, statusReason: 'withdrawn' }), now)).toBe('revoked');
    expect(markOf(record({ revoked: true }), now)).toBe('revoked');
  });

  it('ranks revoked over suspended over expired', () => {
    const expired = { validUntil: '2027-05-31T23:59:59Z' };
    expect(markOf(record({ revoked: true, suspended: true, credential: expired }), now)).toBe('revoked');
    expect(markOf(record({ suspended: true, credential: expired }), now)).toBe('suspended');
    expect(markOf(record({ credential: expired }), now)).toBe('expired');
    expect(markOf(record({ credential: { expirationDate: '2027-06-01T00:00:00Z' } }), now)).toBe('expired');
  });
});

describe('holder name matching', () => {
  it('folds case, accents and spacing', () => {
    expect(foldName('  Zoë   NGCOBO-Müller ')).toBe('zoe ngcobo-muller');
    expect(foldName('Ångström')).toBe('angstrom');
  });

  it('accepts the surname or the full name, in any case and without accents', () => {
    for (const given of [
      'Ngcobo-Müller',
      'ngcobo-muller',
      'NGCOBO-MULLER',
      ' ngcobo-müller ',
      'Zoe Ngcobo-Muller',
      'ZOË  NGCOBO-MÜLLER',
    ]) {
      expect(matchesHolder('Zoë Ngcobo-Müller', given), given).toBe(true);
    }
  });

  it('refuses other names, parts of names and empty names', () => {
    for (const given of ['Zoë', 'Ngcobo', 'Muller', 'Ngcobo Müller', '', ' '])
      expect(matchesHolder('Zoë Ngcobo-Müller', given), given).toBe(false);
    expect(matchesHolder('', 'x')).toBe(false);
  });

  it("reads the first subject's name", () => {
    expect(holderNameOf({ credentialSubject: { name: 'A B' } })).toBe('A B');
    expect(holderNameOf({ credentialSubject: [{ name: 'C D' }, { name: 'E' }] })).toBe('C D');
    expect(holderNameOf({ credentialSubject: { name: 7 } })).toBe('');
    expect(holderNameOf({})).toBe('');
  });
});
