/** Month names people type in dates, Swedish and English, for reading (not for showing). */
const MONTHS: readonly (readonly string[])[] = [
  ['januari', 'january'],
  ['februari', 'february'],
  ['mars', 'march'],
  ['april'],
  ['maj', 'may'],
  ['juni', 'june'],
  ['juli', 'july'],
  ['augusti', 'august'],
  ['september'],
  ['oktober', 'october'],
  ['november'],
  ['december'],
];

const MIN_ABBREVIATION = 3;

/**
 * The month (1–12) a word names: a full name or a beginning of at least three letters, in any
 * case ("dec", "Sept", "okt", "MAJ"); undefined when it names none.
 */
export function monthFromName(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (lower.length < MIN_ABBREVIATION) return undefined;
  const index = MONTHS.findIndex((names) => names.some((name) => name.startsWith(lower)));
  return index >= 0 ? index + 1 : undefined;
}
