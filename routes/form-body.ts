import type { Request } from 'express';

/** A posted field as the one string a browser sends; undefined when missing or a list. */
export function bodyField(req: Request, name: string): string | undefined {
  const value = ((req.body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** A posted text field, or '' when it is missing or not one string (a list, say). */
export function bodyText(req: Request, name: string): string {
  return bodyField(req, name) ?? '';
}
