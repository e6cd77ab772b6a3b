import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { messageKeys, translator } from '../locales';

describe('locales', () => {
  it('Swedish and English have exactly the same messages', () => {
    assert.deepEqual(messageKeys('en').sort(), messageKeys('sv').sort());
  });

  it('fills in placeholders', () => {
    assert.equal(
      translator('sv')('decision.myPages.date', { date: '24 november 2026' }),
      'Beslutet fattades den 24 november 2026.',
    );
  });

  it('writes a number with its word in the singular or the plural, as the language says', () => {
    const sv = translator('sv');
    const en = translator('en');
    assert.equal(sv('login.lockedText', { minutes: 1 }).endsWith('Försök igen om 1 minut.'), true);
    assert.equal(sv('login.lockedText', { minutes: 15 }).endsWith('om 15 minuter.'), true);
    assert.equal(sv('login.lockedText', { minutes: 0 }).endsWith('om 0 minuter.'), true);
    assert.equal(en('login.lockedText', { minutes: 1 }).endsWith('Try again in 1 minute.'), true);
    assert.equal(en('login.lockedText', { minutes: 2 }).endsWith('Try again in 2 minutes.'), true);
    // A child's age on the decision page, never a bare number that reads as a count.
    assert.equal(sv('decision.basis.age', { age: 11 }), '11 år');
    assert.equal(en('decision.basis.age', { age: 1 }), '1 year old');
    assert.equal(en('decision.basis.age', { age: 11 }), '11 years old');
    // Filled in with the other placeholders of the message.
    assert.equal(
      sv('sms.loginCode', { code: '123456', minutes: 1, sender: 'Kommunen' }),
      '123456 är din kod för att logga in. Den gäller i 1 minut. Ge aldrig koden till någon annan. /Kommunen',
    );
  });

  it('never reads what a value brings as a placeholder or a replacement pattern', () => {
    const sv = translator('sv');
    assert.equal(
      sv('decision.myPages.date', { date: "{date} $& $' {x, plural, one {a} other {b}}", x: 1 }),
      "Beslutet fattades den {date} $& $' {x, plural, one {a} other {b}}.",
    );
    assert.equal(
      sv('sms.loginCode', { code: '{minutes}', minutes: "$'", sender: '{code}' }),
      "{minutes} är din kod för att logga in. Den gäller i $' minuter. Ge aldrig koden till någon annan. /{code}",
    );
  });

  it('has no number of minutes, hours or days written before its word without a plural form', () => {
    for (const language of ['sv', 'en'] as const) {
      const dictionary = messageKeys(language).map((key) => [
        key,
        translator(language)(key as never),
      ]);
      for (const [key, text] of dictionary) {
        assert.doesNotMatch(
          text ?? '',
          /\{\w+\} (minut|minuter|timme|timmar|dag|dagar|minute|minutes|hour|hours|day|days)\b/,
          `${language} ${key}`,
        );
      }
    }
  });

  it("an example in the form's hints and errors never breaks inside a number or a date", () => {
    // At 360 px "till exempel 1 234,50" broke as "1" and "234,50": two numbers to a reader.
    const months =
      'januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december';
    for (const language of ['sv', 'en'] as const) {
      for (const key of messageKeys(language).filter((name) => /^(formError|eb)\./.test(name))) {
        const text = translator(language)(key as never);
        assert.doesNotMatch(text, /\d \d/, `${language} ${key}`);
        assert.doesNotMatch(text, new RegExp(`\\d (${months}) \\d`, 'i'), `${language} ${key}`);
      }
    }
  });

  // withSwedishTerms escapes the whole text before it marks a term (test/middleware/swedish-terms).
  it('SEC-20 views never print unescaped values: <%- is used only for includes and withSwedishTerms', () => {
    const files = readdirSync('views', { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.ejs'),
    );
    assert.ok(files.length > 0);
    for (const file of files) {
      const source = readFileSync(join('views', file), 'utf8');
      for (const match of source.matchAll(/<%-(.*?)%>/gs)) {
        assert.match(match[1] ?? '', /^\s*(include|withSwedishTerms)\(/, `${file}: ${match[0]}`);
      }
    }
  });
});
