import { ageOn, birthDateOf } from '../parsers';
import type { CountedHousehold, DraftValues, GroupValue } from '../types';
import { answerText } from '../values';
import type { MessageKey } from '../../locales';
import { estimateNeed, type Estimate, type HouseholdForEstimate } from './norm';
import type { TableStatus } from './tables';

/** One sentence under the estimate, as a message key and its values. */
export interface EstimateNote {
  key: MessageKey;
  values: Record<string, string | number>;
}

/** The estimate with the sentences the review page and the PDF print under it. */
export type DraftEstimate = Estimate & { notes: EstimateNote[] };

const PARTNER_STATUSES = ['gift', 'sambo'];

const TABLE_NOTES: Record<TableStatus, MessageKey> = {
  verified: 'estimate.table.verified',
  'single-source': 'estimate.table.singleSource',
  derived: 'estimate.table.derived',
};

const REMARK_NOTES: Record<Estimate['remarks'][number], MessageKey> = {
  alternatingChild: 'estimate.remark.alternatingChild',
  adultChild: 'estimate.remark.adultChild',
  noLunchAmount: 'estimate.remark.noLunchAmount',
};

const sumOf = (rows: GroupValue | undefined) =>
  (rows ?? []).reduce((sum, row) => sum + (typeof row.amount === 'number' ? row.amount : 0), 0);

const numberOr = (value: unknown, fallback: number) =>
  typeof value === 'number' ? value : fallback;

/** The household as the norm sees it, from the answers the applicant can see. */
export function householdOf(values: DraftValues): HouseholdForEstimate {
  const couple = PARTNER_STATUSES.includes(answerText(values, 'om-dig', 'civilStatus'));
  const children = (values.barn?.children ?? []) as GroupValue;
  const housing = values.boende ?? {};
  const adultsInHome = numberOr(housing.adults, couple ? 2 : 1);
  return {
    period: answerText(values, 'period', 'period'),
    adults: couple ? { count: 2, couple: true } : { count: 1 },
    children: children.map((child) => ({
      birthDate: birthDateOf(String(child.personnummer)),
      lunchAtPreschool: child.preschoolLunch === 'ja',
      alternating: child.alternating === 'ja',
    })),
    personsInHome: adultsInHome + numberOr(housing.childrenInHome, 0),
    costsOre: sumOf(values.kostnader?.costs as GroupValue | undefined),
    incomeOre:
      sumOf(values.inkomster?.incomes as GroupValue | undefined) +
      numberOr(housing.sublettingIncome, 0),
  };
}

/**
 * The household as the norm counts it: the adults, each child's age on the first day of the
 * month applied for, and everyone in the home (who share the common costs), as estimateNeed does.
 */
export function countedHousehold(values: DraftValues): CountedHousehold {
  const household = householdOf(values);
  const firstOfMonth = `${household.period}-01`;
  const size = household.adults.count + household.children.length;
  return {
    adults: household.adults.count,
    couple: household.adults.count === 2 && household.adults.couple,
    childAges: household.children.map((child) => ageOn(child.birthDate, firstOfMonth)),
    personsInHome: Math.max(household.personsInHome, size),
    firstOfMonth,
  };
}

/** The sentences under the figures: which table, how far to trust it, what the caseworker decides. */
export function estimateNotes(estimate: Estimate): EstimateNote[] {
  const year = estimate.tableYear;
  const notes: EstimateNote[] = [{ key: TABLE_NOTES[estimate.tableStatus], values: { year } }];
  if (estimate.periodYear !== year)
    notes.push({ key: 'estimate.otherYear', values: { year, periodYear: estimate.periodYear } });
  for (const remark of estimate.remarks)
    notes.push({ key: REMARK_NOTES[remark], values: { year } });
  return notes;
}

/**
 * The preliminary estimate of a completed ekonomiskt bistånd application. Takes only the visible
 * answers (see forms/visible-values.ts), so a hidden step or field never changes the figures.
 */
export function estimateForDraft(values: DraftValues): DraftEstimate {
  const estimate = estimateNeed(householdOf(values));
  return { ...estimate, notes: estimateNotes(estimate) };
}
