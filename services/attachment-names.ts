/** Shown when nothing readable is left of a file's name. */
export const FALLBACK_FILE_NAME = 'bilaga';
/** Characters (as a reader counts them) a shown file name may have, extension included. */
export const MAX_FILE_NAME_LENGTH = 100;

/**
 * C0 and C1 controls (NUL among them) and the bidi marks, embeddings, overrides and isolates that
 * make a name read differently from what it is ("gpj.exe" shown as "exe.jpg").
 */
const INVISIBLE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
/** Leading dots would hide a file on some systems; trailing dots and spaces vanish on Windows. */
const DOTS_AND_SPACES_AT_ENDS = /^[.\s]+|[.\s]+$/gu;
const EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;

const graphemes = new Intl.Segmenter('sv', { granularity: 'grapheme' });

function graphemesOf(text: string): string[] {
  return Array.from(graphemes.segment(text), (part) => part.segment);
}

/** Cuts a name to `max` characters, keeping its extension ("…långt-namn.pdf"). */
function cutKeepingExtension(name: string, max: number): string {
  const all = graphemesOf(name);
  if (all.length <= max) return name;
  const match = EXTENSION.exec(name);
  const extension = match && match.index > 0 ? match[0] : '';
  const base = graphemesOf(name.slice(0, name.length - extension.length))
    .slice(0, max - graphemesOf(extension).length)
    .join('')
    .replace(DOTS_AND_SPACES_AT_ENDS, '');
  return `${base || FALLBACK_FILE_NAME}${extension}`;
}

/**
 * The name a file is shown and offered under: its last path part only, without control and bidi
 * characters, white space folded to single spaces, at most 100 characters with the extension
 * kept; "bilaga" when nothing is left. It is only ever shown: files are stored under random ids.
 */
export function sanitiseFileName(original: string): string {
  // Tabs and line breaks are white space (a space), not controls to drop.
  const visible = original.normalize('NFC').replace(/\s/gu, ' ').replace(INVISIBLE, '');
  const lastPart = visible.split(/[/\\]/).pop() ?? '';
  const folded = lastPart.replace(/ +/gu, ' ').replace(DOTS_AND_SPACES_AT_ENDS, '');
  return folded ? cutKeepingExtension(folded, MAX_FILE_NAME_LENGTH) : FALLBACK_FILE_NAME;
}

/**
 * The name with an extension that says what the file is: kept when it already names one of the
 * type's extensions, otherwise the type's own is added ("intyg" -> "intyg.pdf"), so a download
 * opens in the right program.
 */
export function withExtensionOf(name: string, extensions: readonly [string, ...string[]]): string {
  const current = EXTENSION.exec(name)?.[0].slice(1).toLowerCase();
  if (current !== undefined && extensions.includes(current)) return name;
  return cutKeepingExtension(`${name}.${extensions[0]}`, MAX_FILE_NAME_LENGTH);
}
