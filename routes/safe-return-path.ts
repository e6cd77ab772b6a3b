/** Only local paths, so a return link can never send someone to another site. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !/^\/(?![/\\])[\w\-/.åäöÅÄÖ]*$/.test(value)) return '/';
  return value;
}
