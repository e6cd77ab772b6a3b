import { withoutRefusedCharacters } from '../forms/read-input';

/** A note or a message: room for a few paragraphs, not a second application. */
export const CASE_TEXT_MAX = 2000;

export type CaseTextProblem = 'empty' | 'tooLong' | 'controlCharacter';

/**
 * Why a note or message cannot be stored as written, or undefined when it can. Line breaks and
 * tabs are fine; other control characters and bidi overrides are not (they can make the text
 * read differently from how it is stored).
 */
export function caseTextProblem(text: string): CaseTextProblem | undefined {
  if (text.length > CASE_TEXT_MAX) return 'tooLong';
  if (hasRefusedCharacters(text)) return 'controlCharacter';
  if (text.trim() === '') return 'empty';
  return undefined;
}

/**
 * Whether a free text (a note, a reason, a message) holds a control character other than a line
 * break or tab, or a bidi override: NUL cannot be stored on PostgreSQL, and the others make text
 * read differently from how it is stored (SEC-23). A browser's CR LF counts as a line break.
 */
export function hasRefusedCharacters(text: string): boolean {
  const plain = text.replace(/\r\n/g, '\n');
  return withoutRefusedCharacters(plain, true) !== plain;
}
