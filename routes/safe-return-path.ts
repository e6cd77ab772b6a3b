/**
 * Only local paths, so a return link can never send someone to another site; a plain query
 * of words may follow ("?fran=boende").
 */
export function safeReturnPath(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !/^\/(?![/\\])[\w\-/.åäöÅÄÖ]*(\?[\w-]+=[\w-]*(&[\w-]+=[\w-]*)*)?$/.test(value)
  ) {
    return '/';
  }
  return value;
}
