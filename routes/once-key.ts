import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { bodyField } from './form-body';

/**
 * A form that writes a row (a note, a message) carries a key made when the page was shown, and
 * the row is written under it: pressed twice without a script to stop the second press, the
 * form is written once.
 */
export const ONCE_FIELD = 'engang';

const KEY = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;

export const newOnceKey = (): string => randomUUID();

/** The posted key, when it is one this server could have made. */
export function postedOnceKey(req: Request): string | undefined {
  const posted = bodyField(req, ONCE_FIELD);
  return posted !== undefined && KEY.test(posted) ? posted : undefined;
}

/** The key for a form shown again with what was typed: the same, so it still counts once. */
export const onceKeyAgain = (req: Request): string => postedOnceKey(req) ?? newOnceKey();
