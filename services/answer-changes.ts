import { translator, type Language } from '../locales';
import type { AnswerChangeAt } from './case-answers';
import { longDate } from './date-texts';

/**
 * "Ändrad vid komplettering 25 november 2026, tidigare: 8 450,50 kr" for each completion that
 * changed the answer at `path`, newest first: shown under the answer as it is now, wherever a
 * sent application's answers are read after a completion (the case page, the applicant's copy).
 */
export function changeLines(
  changes: readonly AnswerChangeAt[],
  path: string | undefined,
  language: Language,
): string[] {
  if (!path) return [];
  const t = translator(language);
  return changes
    .filter((change) => change.path === path)
    .reverse()
    .map((change) =>
      t('case.answerChanged', {
        date: longDate(change.at, language),
        before: change.before || t('completion.change.none'),
      }),
    );
}
