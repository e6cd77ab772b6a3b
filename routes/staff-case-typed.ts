import type { Request } from 'express';
import { withoutRefusedCharacters } from '../forms/read-input';

declare module 'express-session' {
  interface SessionData {
    /**
     * A reason refused on the case page, kept for the form it was typed in (the status form, or
     * a mark's target) and shown there once: those forms go back to the page by a redirect.
     */
    caseTyped?: { caseId: string; form: string; text: string };
  }
}

/** Keeps what was typed, without the invisible characters that were the problem. */
export function keepTyped(req: Request, caseId: string, form: string, text: string): void {
  const plain = text.replace(/\r\n?/g, '\n');
  req.session.caseTyped = { caseId, form, text: withoutRefusedCharacters(plain, true) };
}

/** The kept text for this case if its form is one of `wanted`, once: a reload shows it no more. */
export function takeTyped(
  req: Request,
  caseId: string,
  wanted: (form: string) => boolean,
): { form: string; text: string } | undefined {
  const kept = req.session.caseTyped;
  if (!kept || kept.caseId !== caseId || !wanted(kept.form)) return undefined;
  delete req.session.caseTyped;
  return { form: kept.form, text: kept.text };
}
