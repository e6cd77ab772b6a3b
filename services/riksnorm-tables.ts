/**
 * Riksnormen for ekonomiskt bistånd, kronor per month, one table per year. Only years marked
 * verified were checked against a published source; others are derived and say so on screen.
 */
export interface RiksnormTable {
  year: number;
  verified: boolean;
  source: string;
  /** Personal costs per child by age: under 1, 1–2, 3, 4–6, 7–10, 11–14, 15–18, 19–20. */
  children: readonly [number, number, number, number, number, number, number, number];
  /** Lower amounts for children 0–6 who eat lunch at preschool on weekdays, where known. */
  childrenWithLunchAtPreschool?: readonly [number, number, number, number];
  single: number;
  couple: number;
  /** Household common costs for 1–7 persons; each further person adds `commonPerExtraPerson`. */
  common: readonly [number, number, number, number, number, number, number];
  commonPerExtraPerson: number;
}

const table2023: RiksnormTable = {
  year: 2023,
  verified: true,
  source: 'Socialstyrelsen, riksnormen 2023 (kommunernas publicering 2023-01-01)',
  children: [2420, 2700, 2410, 2700, 3380, 3890, 4390, 4430],
  single: 3490,
  couple: 6300,
  common: [1130, 1150, 1580, 1790, 2060, 2330, 2510],
  commonPerExtraPerson: 180,
};

/** Every item raised by the same factor, rounded to whole tens as Socialstyrelsen publishes. */
function raised(base: RiksnormTable, year: number, factor: number, source: string): RiksnormTable {
  const round = (amount: number) => Math.round((amount * factor) / 10) * 10;
  return {
    year,
    verified: false,
    source,
    children: base.children.map(round) as unknown as RiksnormTable['children'],
    single: round(base.single),
    couple: round(base.couple),
    common: base.common.map(round) as unknown as RiksnormTable['common'],
    commonPerExtraPerson: round(base.commonPerExtraPerson),
  };
}

const table2014: RiksnormTable = {
  year: 2014,
  verified: true,
  source: 'Socialstyrelsen, riksnormen 2014',
  children: [1740, 1980, 1730, 1980, 2410, 2840, 3250, 3280],
  single: 2950,
  couple: 5320,
  common: [930, 1040, 1310, 1490, 1710, 1950, 2120],
  commonPerExtraPerson: 170,
};

export const riksnormTables: readonly RiksnormTable[] = [
  table2014,
  { ...table2014, year: 2015, source: 'Socialstyrelsen, riksnormen 2015 (oförändrad från 2014)' },
  {
    year: 2019,
    verified: true,
    source: 'Socialstyrelsen, riksnormen 2019',
    children: [2130, 2380, 2120, 2380, 2990, 3440, 3880, 3910],
    childrenWithLunchAtPreschool: [2000, 2190, 1940, 2120],
    single: 3090,
    couple: 5570,
    common: [990, 1100, 1380, 1570, 1810, 2050, 2220],
    commonPerExtraPerson: 170,
  },
  table2023,
  raised(
    table2023,
    2024,
    1.087,
    'Härledd: 2023 års belopp höjda med 8,7 % (ej kontrollerad mot källan)',
  ),
];
