import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translator } from '../../../locales';
import {
  confirmationProblem,
  passwordLength,
  passwordProblem,
} from '../../../services/passwords/password-policy';

const sv = translator('sv');
const en = translator('en');

/** The Swedish message a person would see, or undefined when the password may be chosen. */
function swedishProblem(password: string, personal?: readonly string[]): string | undefined {
  const problem = passwordProblem(password, personal);
  return problem && sv(problem.key, problem.values);
}

describe('password policy', () => {
  it('SEC-2 says how long a too short password is, and how long it must be', () => {
    assert.equal(swedishProblem('kort ord'), 'Lösenordet ska ha minst 12 tecken. Ditt har 8.');
    assert.equal(swedishProblem('elva tecken'), 'Lösenordet ska ha minst 12 tecken. Ditt har 11.');
    assert.equal(swedishProblem(''), 'Skriv ett lösenord med minst 12 tecken.');
    const problem = passwordProblem('kort ord');
    assert.equal(
      problem && en(problem.key, problem.values),
      'The password must have at least 12 characters. Yours has 8.',
    );
  });

  it('SEC-2 takes 12 to 128 characters and refuses 11 and 129, counted in code points', () => {
    assert.equal(passwordProblem('blå dörr 123'), undefined);
    assert.equal(passwordLength('blå dörr 123'), 12);
    const piece = 'åtta ord ';
    const long = piece.repeat(15).slice(0, 128);
    assert.equal(long.length, 128);
    assert.equal(passwordProblem(long), undefined);
    assert.equal(swedishProblem(`${long}x`), 'Lösenordet får ha högst 128 tecken. Ditt har 129.');
    // Emoji take two UTF-16 units each but are one character to the person typing them.
    assert.equal(
      swedishProblem('🙂'.repeat(11)),
      'Lösenordet ska ha minst 12 tecken. Ditt har 11.',
    );
    assert.equal(passwordProblem('🙂🎉🐟🌲'.repeat(3)), undefined);
    assert.equal(passwordProblem('🙂🎉🐟🌲'.repeat(32)), undefined);
    assert.equal(
      swedishProblem('🙂🎉'.repeat(64) + '🙂'),
      'Lösenordet får ha högst 128 tecken. Ditt har 129.',
    );
  });

  it('SEC-2 counts a letter with a combining accent once, as after NFC normalisation', () => {
    const decomposed = 'cafe\u0301 '.repeat(2) + 'ab'; // "café café ab": 12 characters, 14 units
    assert.equal(decomposed.length, 14);
    assert.equal(passwordLength(decomposed), 12);
    assert.equal(passwordProblem(decomposed), undefined);
    assert.equal(
      swedishProblem('cafe\u0301 '.repeat(2) + 'a'),
      'Lösenordet ska ha minst 12 tecken. Ditt har 11.',
    );
  });

  it('SEC-2 allows spaces, any Unicode and has no rules about kinds of characters', () => {
    for (const password of [
      'alla små bokstäver här',
      'hästen äter gröt på söndag',
      'Łukasz Øvergård Nguyễn',
      'Δ λ 日本語 🙂🎉 ∑',
      'ingenversalellersiffra',
    ]) {
      assert.equal(passwordProblem(password), undefined, password);
    }
  });

  it('SEC-2 refuses a common password of 12 characters or more, in any case', () => {
    for (const password of ['qwerty123456', 'LeaveMeAlone', '123456789987654321', 'FinalFantasy']) {
      assert.equal(
        swedishProblem(password),
        'Lösenordet är ett av de vanligaste lösenorden. Det är lätt för andra att gissa. ' +
          'Välj ett annat, gärna några ord i en mening.',
        password,
      );
    }
    assert.equal(passwordProblem('leave me alone, please'), undefined);
  });

  it('SEC-2 refuses a common word dressed up with digits and signs, common Swedish words and runs along the keyboard', () => {
    const common =
      'Lösenordet är ett av de vanligaste lösenorden. Det är lätt för andra att gissa. ' +
      'Välj ett annat, gärna några ord i en mening.';
    for (const password of [
      'leavemealone!',
      'Password123!',
      'iloveyou1234',
      'lösenord1234',
      'Losenord123!',
      'Sommar2024!!',
      'Hösten2025!!',
      '2024stockholm',
      'qwertyuiopas',
      'abcdefghijkl',
      'lkjhgfdsapoi',
      '210987654321',
    ]) {
      assert.equal(swedishProblem(password), common, password);
    }
    // A phrase is not a word with a number to it.
    for (const password of [
      'sommar i skärgården 2024',
      'Hösten kommer snart!',
      'katten sover i solen',
    ]) {
      assert.equal(passwordProblem(password), undefined, password);
    }
  });

  it('SEC-2 refuses one character repeated, as NIST 800-63B asks', () => {
    for (const password of [
      'aaaaaaaaaaaa',
      ' '.repeat(12),
      '🙂'.repeat(20),
      'aaaaaaaaaaab',
      'abababababab',
      `${' '.repeat(12)}a`,
    ]) {
      assert.equal(
        swedishProblem(password),
        'Lösenordet är samma tecken om och om igen. Det är lätt för andra att gissa. ' +
          'Välj ett annat lösenord.',
        JSON.stringify(password),
      );
    }
    assert.equal(passwordProblem(`${' '.repeat(12)}tre ord här`), undefined);
  });

  it('SEC-2 refuses a password that is or holds the personnummer or a name of 6+ characters', () => {
    const personal = ['198507099805', 'Anna-Karin Lindström'];
    const personalMessage =
      'Lösenordet innehåller ditt namn eller personnummer. Det är lätt för andra att gissa. ' +
      'Välj ett annat lösenord.';
    for (const password of [
      '198507099805',
      'mitt nummer 8507099805',
      'nummer 850709-9805 igen',
      'hej LINDSTROM hej',
      'annakarin lindström',
      'Anna-Karin Lindström',
    ]) {
      assert.equal(swedishProblem(password, personal), personalMessage, password);
    }
    // "Anna" and "Karin" are too short to count: they occur in too many good passwords.
    assert.equal(passwordProblem('anna och karin går', personal), undefined);
    assert.equal(passwordProblem('Anna-Karin Lindström', []), undefined);
  });

  it('checks the repeated password', () => {
    assert.equal(confirmationProblem('blå dörr 123', 'blå dörr 123'), undefined);
    assert.equal(confirmationProblem('café café ab', 'cafe\u0301 cafe\u0301 ab'), undefined);
    const different = confirmationProblem('blå dörr 123', 'blå dörr 124');
    assert.equal(
      different && sv(different.key),
      'Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.',
    );
    const missing = confirmationProblem('blå dörr 123', '');
    assert.equal(missing && sv(missing.key), 'Skriv lösenordet en gång till.');
  });
});
