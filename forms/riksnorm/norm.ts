import { ageOn } from '../parsers';
import { riksnormTables, type RiksnormTable, type TableStatus } from './tables';

export interface ChildForEstimate {
  /** YYYY-MM-DD */
  birthDate: string;
  lunchAtPreschool: boolean;
  /** Lives alternately (växelvis) with both parents. */
  alternating: boolean;
}

/** The adults the application is for: one, or two who are a couple (gift/sambo) or not. */
export type AdultsForEstimate = { count: 1 } | { count: 2; couple: boolean };

export interface HouseholdForEstimate {
  /** YYYY-MM */
  period: string;
  adults: AdultsForEstimate;
  /** The applicants' children living at home; one aged 21 or more is priced as an adult. */
  children: readonly ChildForEstimate[];
  /** Everyone living in the home, this household included (e.g. also parents or friends). */
  personsInHome: number;
  costsOre: number;
  incomeOre: number;
}

/**
 * What the caseworker must look at: a child living alternately is counted in full here; a child
 * aged 21 or more is priced as an adult; a lunch-at-preschool answer the table has no row for.
 */
export type EstimateRemark = 'alternatingChild' | 'adultChild' | 'noLunchAmount';

export interface Estimate {
  periodYear: number;
  tableYear: number;
  tableStatus: TableStatus;
  personalCostsOre: number;
  commonCostsOre: number;
  normOre: number;
  costsOre: number;
  incomeOre: number;
  /** Norm + costs − income, never below zero. */
  needOre: number;
  remarks: EstimateRemark[];
}

/** From 21 a person is an adult; the 19–20 band is for those still in upper-secondary school. */
export const ADULT_AGE = 21;
/** Exclusive upper ages of the child bands: under 1, 1–2, 3, 4–6, 7–10, 11–14, 15–18, 19–20. */
const CHILD_BAND_ENDS = [1, 3, 4, 7, 11, 15, 19, ADULT_AGE] as const;
/** The bands that may have a lower amount for lunch at preschool: children under 7. */
const LUNCH_BANDS = 4;
/** Children younger than this on the first day of the month may eat lunch at preschool. */
export const LUNCH_AT_PRESCHOOL_BELOW_AGE = CHILD_BAND_ENDS[3];

/** The table for `year`, or else the latest earlier one, or else the earliest there is. */
export function tableFor(
  year: number,
  tables: readonly RiksnormTable[] = riksnormTables,
): RiksnormTable {
  const sorted = [...tables].sort((a, b) => a.year - b.year);
  const table = sorted.filter((candidate) => candidate.year <= year).at(-1) ?? sorted[0];
  if (!table) throw new Error('No riksnorm table');
  return table;
}

export function commonCosts(table: RiksnormTable, persons: number): number {
  const size = Math.max(1, persons);
  const listed = Math.min(size, table.common.length);
  return (table.common[listed - 1] ?? 0) + (size - listed) * table.commonPerExtraPerson;
}

/** One child's personal costs in kronor; an adult child gets the single amount. */
function childAmount(
  table: RiksnormTable,
  child: ChildForEstimate,
  firstOfMonth: string,
  remarks: Set<EstimateRemark>,
): number {
  if (child.alternating) remarks.add('alternatingChild');
  const age = ageOn(child.birthDate, firstOfMonth);
  if (age >= ADULT_AGE) {
    remarks.add('adultChild');
    return table.single;
  }
  const band = CHILD_BAND_ENDS.findIndex((end) => age < end);
  if (child.lunchAtPreschool && band < LUNCH_BANDS) {
    const withLunch = table.childrenWithLunchAtPreschool?.[band];
    if (withLunch !== undefined) return withLunch;
    remarks.add('noLunchAmount');
  }
  return table.children[band] ?? 0;
}

/** A preliminary estimate, never a decision: the caseworker weighs what the norm cannot. */
export function estimateNeed(household: HouseholdForEstimate, tables = riksnormTables): Estimate {
  const periodYear = Number(household.period.slice(0, 4));
  const table = tableFor(periodYear, tables);
  const firstOfMonth = `${household.period}-01`;
  const remarks = new Set<EstimateRemark>();
  const { adults } = household;
  const adultsKronor =
    adults.count === 2 && adults.couple ? table.couple : adults.count * table.single;
  const childrenKronor = household.children.reduce(
    (sum, child) => sum + childAmount(table, child, firstOfMonth, remarks),
    0,
  );
  // Each person in the home carries 1/n of its common costs; this household pays for its own.
  const householdSize = adults.count + household.children.length;
  const inHome = Math.max(household.personsInHome, householdSize);
  const commonKronor = (commonCosts(table, inHome) * householdSize) / inHome;
  const personalCostsOre = (adultsKronor + childrenKronor) * 100;
  const commonCostsOre = Math.round(commonKronor * 100);
  const normOre = personalCostsOre + commonCostsOre;
  return {
    periodYear,
    tableYear: table.year,
    tableStatus: table.status,
    personalCostsOre,
    commonCostsOre,
    normOre,
    costsOre: household.costsOre,
    incomeOre: household.incomeOre,
    needOre: Math.max(0, normOre + household.costsOre - household.incomeOre),
    remarks: [...remarks],
  };
}
