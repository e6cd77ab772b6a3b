import type { Request } from 'express';

/** A posted text field, or '' when it is missing or not one string (a list, say). */
export function bodyText(req: Request, name: string): string {
  const value = ((req.body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
