import { ageOn } from '../forms/parsers';
import { riksnormTables, type RiksnormTable } from './riksnorm-tables';

export interface HouseholdForEstimate {
  /** YYYY-MM */
  period: string;
  adults: 1 | 2;
  children: { birthDate: string; lunchAtPreschool: boolean }[];
  /** Everyone living in the home, when more than this household (e.g. living with parents). */
  personsInHome: number;
  costsOre: number;
  incomeOre: number;
}

export interface Estimate {
  tableYear: number;
  /** False when the table is derived, or from another year than the period. */
  verified: boolean;
  personalCostsOre: number;
  commonCostsOre: number;
  normOre: number;
  costsOre: number;
  incomeOre: number;
  /** Norm + costs − income, never below zero. */
  needOre: number;
}

const CHILD_AGE_BANDS = [1, 3, 4, 7, 11, 15, 19, 21] as const;

export function tableFor(
  year: number,
  tables: readonly RiksnormTable[] = riksnormTables,
): RiksnormTable {
  const sorted = [...tables].sort((a, b) => a.year - b.year);
  const earlier = sorted.filter((table) => table.year <= year);
  const table = earlier.at(-1) ?? sorted[0];
  if (!table) throw new Error('No riksnorm table');
  return table;
}

function childAmount(table: RiksnormTable, age: number, lunchAtPreschool: boolean): number {
  const band = CHILD_AGE_BANDS.findIndex((upper) => age < upper);
  const index = band === -1 ? CHILD_AGE_BANDS.length - 1 : band;
  const withLunch = table.childrenWithLunchAtPreschool?.[index];
  if (lunchAtPreschool && withLunch !== undefined) return withLunch;
  return table.children[index] ?? 0;
}

export function commonCosts(table: RiksnormTable, persons: number): number {
  const size = Math.max(1, persons);
  const listed = Math.min(size, table.common.length);
  return (table.common[listed - 1] ?? 0) + (size - listed) * table.commonPerExtraPerson;
}

/** A preliminary estimate, never a decision: the caseworker weighs what the norm cannot. */
export function estimateNeed(household: HouseholdForEstimate, tables = riksnormTables): Estimate {
  const year = Number(household.period.slice(0, 4));
  const table = tableFor(year, tables);
  const firstOfMonth = `${household.period}-01`;
  const children = household.children.reduce(
    (sum, child) =>
      sum + childAmount(table, ageOn(child.birthDate, firstOfMonth), child.lunchAtPreschool),
    0,
  );
  const personalKronor = (household.adults === 2 ? table.couple : table.single) + children;
  const householdSize = household.adults + household.children.length;
  const inHome = Math.max(household.personsInHome, householdSize);
  // Sharing a home without being a family: this household pays its share of the common costs.
  const commonKronor = (commonCosts(table, inHome) * householdSize) / inHome;
  const personalCostsOre = personalKronor * 100;
  const commonCostsOre = Math.round(commonKronor * 100);
  const normOre = personalCostsOre + commonCostsOre;
  return {
    tableYear: table.year,
    verified: table.verified && table.year === year,
    personalCostsOre,
    commonCostsOre,
    normOre,
    costsOre: household.costsOre,
    incomeOre: household.incomeOre,
    needOre: Math.max(0, normOre + household.costsOre - household.incomeOre),
  };
}
