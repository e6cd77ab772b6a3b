import type { Response } from 'express';
import type { StepInput } from '../forms/types';
import { isLanguage, type Language } from '../locales';
import { rememberLanguage } from './language';
import { safeReturnPath } from '../middleware/safe-return-path';

/**
 * A way out of a step page that saves the step first, as "Tillbaka" does: the header's language
 * switch and Mina sidor, and the steps under "Visa alla steg" are buttons of the step's form
 * (`_action` `leave:<path>` or `language:<code>`), so what was typed goes with them, with or
 * without JavaScript.
 */
export type StepExit = { kind: 'page'; path: string } | { kind: 'language'; language: Language };

export function parseStepExit(action: string): StepExit | undefined {
  if (action.startsWith('leave:')) {
    // Only a path on this site: anything else goes to the start page.
    return { kind: 'page', path: safeReturnPath(action.slice('leave:'.length)) };
  }
  if (action.startsWith('language:')) {
    const language = action.slice('language:'.length);
    return isLanguage(language) ? { kind: 'language', language } : undefined;
  }
  return undefined;
}

/** Goes where the exit pointed: another page, or this step again in the chosen language. */
export function followStepExit(
  res: Response,
  exit: StepExit,
  stepPath: string,
  secureCookies: boolean,
): void {
  if (exit.kind === 'language') {
    rememberLanguage(res, exit.language, secureCookies);
    res.redirect(303, stepPath);
    return;
  }
  res.redirect(303, exit.path);
}

/** Nothing typed on the page: leaving it need not start a draft. */
export function isBlankInput(input: StepInput): boolean {
  return Object.values(input).every((value) =>
    typeof value === 'string'
      ? value.trim() === ''
      : value.every((item) =>
          typeof item === 'string'
            ? item.trim() === ''
            : Object.values(item).every((cell) =>
                typeof cell === 'string' ? cell.trim() === '' : cell.length === 0,
              ),
        ),
  );
}
