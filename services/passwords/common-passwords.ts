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

/** True when the password is on the list, in any case ("PASSWORD" is as common as "password"). */
export function isCommonPassword(password: string): boolean {
  common ??= load();
  return common.has(password.normalize('NFC').toLowerCase());
}
