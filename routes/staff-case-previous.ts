import { formatMonth } from '../forms/format';
import { summaryRowText, type SummaryRow, type SummarySection } from '../forms/summary';
import type { Translate } from '../locales';
import type { PreviousAnswers } from '../services/earlier-applications';

/**
 * Under each answer that differs from the same applicant's previous month, what it was then;
 * above the answers, how many differ and a link to that application.
 */
export function previousComparison(
  previous: PreviousAnswers,
  sections: readonly SummarySection[],
  t: Translate,
) {
  const period = formatMonth(previous.period, t);
  const differs = (row: SummaryRow) => {
    const before = row.path === undefined ? undefined : previous.values.get(row.path);
    return before !== undefined && before !== summaryRowText(row) ? before : undefined;
  };
  const changed = sections.flatMap((section) => section.rows).filter((row) => differs(row));
  return {
    id: previous.id,
    summary: t('case.previous.summary', { period, count: changed.length }),
    linkText: t('case.previous.link', { period }),
    lineFor(row: SummaryRow): string[] {
      const before = differs(row);
      return before === undefined
        ? []
        : [t('case.previous.value', { period, value: before || t('completion.change.none') })];
    },
  };
}
