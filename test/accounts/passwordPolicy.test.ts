/**
 * The password policy: each refusal names its real reason (a first name is "your name",
 * not "your email address", even when the address starts with it), the rules the forms
 * state match what is checked, and the error names the password field for the forms.
 */
import { describe, expect, it } from 'vitest';
import { assertAcceptablePassword, PASSWORD_RULES, passwordProblem } from '../../src/accounts/passwords.js';
import { AppError } from '../../src/errors.js';

const owner = { email: 'jane@example.org', name: 'Jane van der Berg' };

describe('passwordProblem', () => {
  it('accepts a long password with nothing personal or common in it', () => {
    expect(passwordProblem('violet harbour lantern 42', owner)).toBeUndefined();
  });

  it('says "your name" for a first name, even when the address starts with it', () => {
    expect(passwordProblem('jane-likes-cats', owner)).toBe(
      'Choose a password that does not contain your name',
    );
    expect(passwordProblem('BERGEN-lighthouse', owner)).toBe(
      'Choose a password that does not contain your name',
    );
    // Short name parts ("van", "der") are too common to refuse.
    expect(passwordProblem('caravan derby 99', owner)).toBeUndefined();
  });

  it('names the part of the address it found when there is no name to blame', () => {
    expect(passwordProblem('jane-likes-cats', { email: 'jane@example.org' })).toBe(
      'Choose a password that does not contain "jane", the part of your email address before the @',
    );
    expect(passwordProblem('xx jane@example.org', { email: 'Jane@Example.org' })).toBe(
      'Choose a password that does not contain your email address',
    );
    // A short local part is not refused (it would refuse too much).
    expect(passwordProblem('joy of cooking 12', { email: 'jo@example.org' })).toBeUndefined();
  });

  it('gives length and guessability their own reasons', () => {
    expect(passwordProblem('short', owner)).toBe('Choose a password of at least 10 characters');
    expect(passwordProblem('x'.repeat(201), owner)).toBe('Choose a password of at most 200 characters');
    expect(passwordProblem('aaaaaaaaaaaa', owner)).toBe(
      'Choose a password that is not one character repeated',
    );
    expect(passwordProblem('1234567890', owner)).toBe(
      'Choose a password that is not on the list of commonly used passwords',
    );
    expect(passwordProblem('Password12', owner)).toBe(
      'Choose a password that is not on the list of commonly used passwords',
    );
  });

  it('states the same rules the checks apply', () => {
    expect(PASSWORD_RULES.join(' ')).toMatch(
      /at least 10 characters.*at most 200.*your name, your email address.*1234567890/,
    );
  });
});

describe('assertAcceptablePassword', () => {
  it('throws invalid_request naming the password field; an email alone is enough of an owner', () => {
    expect(() => assertAcceptablePassword('violet harbour lantern 42', 'jane@example.org')).not.toThrow();
    try {
      assertAcceptablePassword('jane-likes-cats', 'jane@example.org');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'invalid_request', extra: { field: 'password' } });
    }
  });
});
