import type { MessageKey } from '../../locales';
import { isCommonPassword } from './common-passwords';

/** NIST SP 800-63B 5.1.1.2 and SECURITY.md line 2: length, not composition, makes a password. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/**
 * How much of a typed password a form reads: more than any password the policy allows (128 code
 * points may be 512 UTF-16 units), so that a valid password is never cut and then refused.
 */
export const PASSWORD_READ_MAX = 1000;
/** Shorter bits of a name ("Ali", "Anna") occur in too many good passwords to refuse them. */
const PERSONAL_MIN_LENGTH = 6;
const REPEATED_MAX_DISTINCT = 3;

/** What is wrong with a password, as a message to show next to the field. */
export interface PasswordProblem {
  key: MessageKey;
  values?: Record<string, string | number>;
}

/**
 * The length a person counts: characters (Unicode code points) after NFC normalisation, so "é"
 * typed as one character or as "e" plus an accent is one, and an emoji is not two.
 */
export function passwordLength(password: string): number {
  return Array.from(password.normalize('NFC')).length;
}

/**
 * Why `password` may not be chosen, or undefined when it may. `personal` is what others may know
 * of the person (personnummer, name): a password containing any of it is easy to guess. Spaces
 * and every Unicode character are allowed; there are no rules about kinds of characters.
 */
export function passwordProblem(
  password: string,
  personal: readonly string[] = [],
): PasswordProblem | undefined {
  const count = passwordLength(password);
  if (count === 0) return { key: 'password.problem.missing', values: { min: PASSWORD_MIN_LENGTH } };
  if (count < PASSWORD_MIN_LENGTH) {
    return { key: 'password.problem.tooShort', values: { min: PASSWORD_MIN_LENGTH, count } };
  }
  if (count > PASSWORD_MAX_LENGTH) {
    return { key: 'password.problem.tooLong', values: { max: PASSWORD_MAX_LENGTH, count } };
  }
  // NIST SP 800-63B also names repetitive passwords ("aaaaaaaaaaaa", twelve spaces,
  // "abababababab", "aaaaaaaaaaab"): three different characters at most are no password.
  if (new Set(password.normalize('NFC').toLowerCase()).size <= REPEATED_MAX_DISTINCT) {
    return { key: 'password.problem.repeated' };
  }
  if (containsPersonalData(password, personal)) return { key: 'password.problem.personal' };
  if (isCommonPassword(password)) return { key: 'password.problem.common' };
  return undefined;
}

/** Why the repeated password does not confirm the first, or undefined when it does. */
export function confirmationProblem(
  password: string,
  confirmation: string,
): PasswordProblem | undefined {
  if (confirmation === '') return { key: 'password.problem.confirmMissing' };
  if (password.normalize('NFC') !== confirmation.normalize('NFC')) {
    return { key: 'password.problem.confirmDifferent' };
  }
  return undefined;
}

/** Lower case without accents and separators: "Lindström" is found in "LINDSTROM-2026 …". */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\-+._]/g, '');
}

/**
 * Each piece of personal data, whole and in its parts (each name of a full name; a personnummer
 * also without its century), that is long enough to count.
 */
function personalPieces(personal: readonly string[]): string[] {
  const pieces = personal.flatMap((item) => {
    const folded = fold(item);
    const parts = item.split(/[\s-]+/).map(fold);
    const withoutCentury = /^\d{12}$/.test(folded) ? [folded.slice(2)] : [];
    return [folded, ...parts, ...withoutCentury];
  });
  return pieces.filter((piece) => Array.from(piece).length >= PERSONAL_MIN_LENGTH);
}

function containsPersonalData(password: string, personal: readonly string[]): boolean {
  const folded = fold(password);
  return personalPieces(personal).some((piece) => folded.includes(piece));
}
