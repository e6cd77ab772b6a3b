/** A query value: word characters, dots (a list's position), or any character percent-encoded (a nested return path). */
const VALUE = String.raw`(?:[\w.-]|%[0-9A-Fa-f]{2})*`;
const LOCAL_PATH = new RegExp(
  String.raw`^\/(?![/\\])[\w\-/.åäöÅÄÖ]*(\?[\w-]+=${VALUE}(&[\w-]+=${VALUE})*)?$`,
);

/**
 * Only local paths, so a return link can never send someone to another site; a plain query
 * may follow ("?fran=boende", "?tillbaka=%2Fansokan"), and a return path in it is checked
 * again where it is used.
 */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && LOCAL_PATH.test(value) ? value : '/';
}
