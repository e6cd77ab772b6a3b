import { birthDateOf } from '../forms/parsers';
import type { DraftValues, GroupValue } from '../forms/types';
import { answerText } from '../forms/values';
import { estimateNeed, type Estimate } from './riksnorm';

const sumOf = (rows: GroupValue | undefined) =>
  (rows ?? []).reduce((sum, row) => sum + (typeof row.amount === 'number' ? row.amount : 0), 0);

/** The preliminary estimate of a completed ekonomiskt bistånd draft. */
export function estimateForDraft(values: DraftValues): Estimate {
  const civilStatus = values['om-dig']?.civilStatus;
  const adults = civilStatus === 'gift' || civilStatus === 'sambo' ? 2 : 1;
  const children =
    values.barn?.hasChildren === 'ja' ? ((values.barn.children ?? []) as GroupValue) : [];
  const housing = values.boende ?? {};
  const sublet = typeof housing.sublettingIncome === 'number' ? housing.sublettingIncome : 0;
  return estimateNeed({
    period: answerText(values, 'period', 'period'),
    adults,
    children: children.map((child) => ({
      birthDate: birthDateOf(String(child.personnummer)),
      lunchAtPreschool: child.preschoolLunch === 'ja',
    })),
    personsInHome: Number(housing.adults ?? adults) + Number(housing.childrenInHome ?? 0),
    costsOre: sumOf(values.kostnader?.costs as GroupValue | undefined),
    incomeOre: sumOf(values.inkomster?.incomes as GroupValue | undefined) + sublet,
  });
}
