/**
 * Riksnormen for ekonomiskt bistånd, kronor per month, one table per year (DOMAIN.md, "Riksnorm").
 * Each table says how far it can be trusted, and the review page and the PDF say so too.
 */

/**
 * - `verified`: from Socialstyrelsen, or two independent sources agree item by item.
 * - `single-source`: entered from one published source, not yet checked against a second.
 * - `derived`: computed from an earlier table; replace it when the published table is entered.
 */
export type TableStatus = 'verified' | 'single-source' | 'derived';

export interface RiksnormTable {
  year: number;
  status: TableStatus;
  source: string;
  /** Personal costs per child by age: under 1, 1–2, 3, 4–6, 7–10, 11–14, 15–18, 19–20. */
  children: readonly [number, number, number, number, number, number, number, number];
  /** Lower amounts for children 0–6 who eat lunch at preschool on weekdays, where published. */
  childrenWithLunchAtPreschool?: readonly [number, number, number, number];
  single: number;
  couple: number;
  /** Household common costs for 1–7 persons; each further person adds `commonPerExtraPerson`. */
  common: readonly [number, number, number, number, number, number, number];
  /** Published as "+ each further person": the 7-person amount minus the 6-person amount. */
  commonPerExtraPerson: number;
}

const table2014: RiksnormTable = {
  year: 2014,
  status: 'verified',
  source: 'Socialstyrelsen, riksnormen 2014',
  children: [1740, 1980, 1730, 1980, 2410, 2840, 3250, 3280],
  single: 2950,
  couple: 5320,
  common: [930, 1040, 1310, 1490, 1710, 1950, 2120],
  commonPerExtraPerson: 170,
};

const table2019: RiksnormTable = {
  year: 2019,
  status: 'verified',
  source: 'Socialstyrelsen, riksnormen 2019; en kommunal budgetmodell stämmer överens',
  children: [2130, 2380, 2120, 2380, 2990, 3440, 3880, 3910],
  childrenWithLunchAtPreschool: [2000, 2190, 1940, 2120],
  single: 3090,
  couple: 5570,
  common: [990, 1100, 1380, 1570, 1810, 2050, 2220],
  commonPerExtraPerson: 170,
};

const table2023: RiksnormTable = {
  year: 2023,
  status: 'verified',
  source:
    'En kommuns specificerade tabell och en kommunal budgetmodell stämmer överens. ' +
    'Gemensamma kostnader för 2 personer är 1 250 kr (posterna summerar till det); ' +
    'tabellens tryckta summa 1 150 kr är 2022 års siffra och ett tryckfel.',
  children: [2420, 2700, 2410, 2700, 3380, 3890, 4390, 4430],
  single: 3490,
  couple: 6300,
  common: [1130, 1250, 1580, 1790, 2060, 2330, 2510],
  commonPerExtraPerson: 180,
};

const table2024: RiksnormTable = {
  year: 2024,
  status: 'single-source',
  source:
    'En källa: en kommunal budgetmodell för 2024. Regeringen anger att varje post höjdes med 8,7 %.',
  children: [2640, 2940, 2620, 2940, 3680, 4230, 4780, 4820],
  single: 3800,
  couple: 6850,
  common: [1230, 1360, 1720, 1950, 2240, 2540, 2730],
  commonPerExtraPerson: 190,
};

const table2025: RiksnormTable = {
  year: 2025,
  status: 'single-source',
  source:
    'En källa: samma kommunala budgetmodell, 2025. Regeringen anger att varje post höjdes med ' +
    '2,8 %. Sambo/gifta 7 050 kr är räknat ur regeringens total för 2026 (8 510 kr); ' +
    'budgetmodellens 7 500 kr motsäger den.',
  children: [2720, 3030, 2700, 3030, 3790, 4350, 4920, 4960],
  single: 3910,
  couple: 7050,
  common: [1270, 1400, 1770, 2010, 2310, 2620, 2810],
  commonPerExtraPerson: 190,
};

type Amounts<T extends readonly number[]> = { [K in keyof T]: number };

/**
 * Every item raised by `perMille` / 1000 and rounded to whole tens, as Socialstyrelsen publishes.
 * Integer arithmetic, so an amount exactly between two tens always rounds up.
 */
export function raisedTable(
  base: RiksnormTable,
  year: number,
  perMille: number,
  source: string,
): RiksnormTable {
  const raise = (amount: number) => Math.round((amount * perMille) / 10_000) * 10;
  const raiseAll = <T extends readonly number[]>(amounts: T) =>
    amounts.map(raise) as unknown as Amounts<T>;
  const common = raiseAll(base.common);
  return {
    year,
    status: 'derived',
    source,
    children: raiseAll(base.children),
    ...(base.childrenWithLunchAtPreschool && {
      childrenWithLunchAtPreschool: raiseAll(base.childrenWithLunchAtPreschool),
    }),
    single: raise(base.single),
    couple: raise(base.couple),
    common,
    commonPerExtraPerson: common[6] - common[5],
  };
}

export const riksnormTables: readonly RiksnormTable[] = [
  table2014,
  { ...table2014, year: 2015, source: 'Socialstyrelsen, riksnormen 2015 (oförändrad från 2014)' },
  table2019,
  table2023,
  table2024,
  table2025,
  raisedTable(
    table2025,
    2026,
    1007,
    'Härledd, inte publicerad: 2025 års tabell med varje post höjd 0,7 % (regeringen) och ' +
      'avrundad till hela tiotal. Ersätt med Socialstyrelsens tabell för 2026 när den förs in.',
  ),
];
