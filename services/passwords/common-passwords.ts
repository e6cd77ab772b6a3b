import { createRequire } from 'node:module';
import type { dictionary as Dictionary } from '@zxcvbn-ts/language-common';

const require = createRequire(import.meta.url);

/**
 * The common passwords of @zxcvbn-ts/language-common (MIT): about 49,000 passwords ranked by how
 * often they occur in Mark Burnett's ten million leaked passwords (xato.net, 2015), lower-case,
 * those that zxcvbn guesses quicker by pattern (dates, repeats, sequences) left out. Loaded on the
 * first check, not at start: most requests never choose a password.
 */
let common: ReadonlySet<string> | undefined;

function load(): ReadonlySet<string> {
  // Required, not imported: the package's module decompresses the list as it loads.
  const { dictionary } = require('@zxcvbn-ts/language-common') as {
    dictionary: typeof Dictionary;
  };
  return new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()));
}

/**
 * Words Swedish speakers put in passwords as often as "password" (lower case, å ä ö as a a o):
 * the English list knows none of them.
 */
const SWEDISH_COMMON = new Set([
  'losenord',
  'mittlosenord',
  'nyttlosenord',
  'hemlig',
  'hemligt',
  'sommar',
  'sommaren',
  'vinter',
  'vintern',
  'hosten',
  'host',
  'varen',
  'var',
  'midsommar',
  'julafton',
  'sverige',
  'stockholm',
  'goteborg',
  'malmo',
  'uppsala',
  'karlek',
  'alskling',
  'hejhej',
  'hejsan',
  'valkommen',
  'fotboll',
  'hammarby',
  'djurgarden',
  'katten',
  'hunden',
  'mamma',
  'pappa',
  'solsken',
  'kanelbulle',
]);

/** Rows of letters people run a finger along: an English and a Swedish keyboard, the alphabet. */
const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertyuiopaasdfghjkloazxcvbnm',
  '01234567890123456789',
];
/** The same runs backwards ("lkjhgfdsa", "987654321"): all ASCII, so reversed by code point. */
const RUNS = SEQUENCES.flatMap((sequence) => [sequence, Array.from(sequence).reverse().join('')]);

/** Lower case, accents off (å, ä, ö as a, a, o): "Lösenord" and "losenord" are one word. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * True when the password is on the list, in any case ("PASSWORD" is as common as "password");
 * also when it is such a word with digits or signs before or after it ("Password123!",
 * "Sommar2024!!", "lösenord1234"), a common Swedish word so dressed up, or a run along the
 * keyboard or the alphabet ("qwertyuiopas", "abcdefghijkl").
 */
export function isCommonPassword(password: string): boolean {
  common ??= load();
  const whole = password.normalize('NFC').toLowerCase();
  if (common.has(whole)) return true;
  const core = whole.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const folded = fold(core);
  if (core !== '' && (common.has(core) || SWEDISH_COMMON.has(folded))) return true;
  const plain = fold(whole).replace(/\s/g, '');
  return RUNS.some((run) => run.includes(plain));
}
