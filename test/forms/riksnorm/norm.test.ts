import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  commonCosts,
  estimateNeed,
  tableFor,
  type ChildForEstimate,
  type HouseholdForEstimate,
} from '../../../forms/riksnorm/norm';
import { riksnormTables, type RiksnormTable } from '../../../forms/riksnorm/tables';

const single: HouseholdForEstimate = {
  period: '2023-05',
  adults: { count: 1 },
  children: [],
  personsInHome: 1,
  costsOre: 0,
  incomeOre: 0,
};

const child = (birthDate: string, answers: Partial<ChildForEstimate> = {}): ChildForEstimate => ({
  birthDate,
  lunchAtPreschool: false,
  alternating: false,
  ...answers,
});

const kr = (kronor: number) => Math.round(kronor * 100);

/** Every amount of a table in one list: children, lunch row, single, couple, common, extra. */
const itemsOf = (table: RiksnormTable) => [
  ...table.children,
  ...(table.childrenWithLunchAtPreschool ?? []),
  table.single,
  table.couple,
  ...table.common,
  table.commonPerExtraPerson,
];

describe('riksnorm 2023 (DOMAIN.md), households of two', () => {
  it('a single parent with a child of 5: 3 490 + 2 700 (4–6) + common(2) 1 250 = 7 440 kr', () => {
    const estimate = estimateNeed({
      ...single,
      children: [child('2018-01-10')],
      personsInHome: 2,
    });
    assert.equal(estimate.tableYear, 2023);
    assert.equal(estimate.tableStatus, 'verified');
    assert.equal(estimate.personalCostsOre, kr(3_490 + 2_700));
    assert.equal(estimate.commonCostsOre, kr(1_250));
    assert.equal(estimate.normOre, kr(7_440));
  });

  it('a couple: 6 300 + common(2) 1 250 (not the misprinted 1 150) = 7 550 kr', () => {
    const estimate = estimateNeed({
      ...single,
      adults: { count: 2, couple: true },
      personsInHome: 2,
    });
    assert.equal(estimate.personalCostsOre, kr(6_300));
    assert.equal(estimate.commonCostsOre, kr(1_250));
    assert.equal(estimate.normOre, kr(7_550));
  });

  it('with costs and income: single 3 490 + common(1) 1 130 = 4 620; + 6 000 − 2 000 = 8 620 kr', () => {
    const estimate = estimateNeed({ ...single, costsOre: kr(6_000), incomeOre: kr(2_000) });
    assert.equal(estimate.normOre, kr(4_620));
    assert.equal(estimate.needOre, kr(8_620));
  });

  it('income above the norm and costs gives no need, never a negative one', () => {
    assert.equal(estimateNeed({ ...single, incomeOre: kr(100_000) }).needOre, 0);
  });
});

describe('adults are never priced as children', () => {
  it('a parent living with a child of 23: 3 490 + half of common(2) 1 250 = 3 490 + 625 = 4 115 kr', () => {
    // The 23-year-old is not on the parent's application, only one of the 2 persons in the home.
    const estimate = estimateNeed({ ...single, personsInHome: 2 });
    assert.equal(estimate.personalCostsOre, kr(3_490));
    assert.equal(estimate.commonCostsOre, kr(1_250 / 2));
    assert.equal(estimate.normOre, kr(4_115));
  });

  it('a child of 23 on the list gets the single amount: 3 490 + 3 490 + common(2) 1 250 = 8 230 kr', () => {
    const estimate = estimateNeed({
      ...single,
      children: [child('2000-03-01')],
      personsInHome: 2,
    });
    // Priced as a child of 19–20 it would have been 3 490 + 4 430 + 1 250 = 9 170 kr.
    assert.equal(estimate.personalCostsOre, kr(3_490 + 3_490));
    assert.equal(estimate.normOre, kr(8_230));
    assert.deepEqual(estimate.remarks, ['adultChild']);
  });

  it('20 is still the 19–20 band (4 430), 21 on the first of the month is an adult (3 490)', () => {
    const personal = (birthDate: string) =>
      estimateNeed({ ...single, children: [child(birthDate)], personsInHome: 2 }).personalCostsOre;
    assert.equal(personal('2002-05-02'), kr(3_490 + 4_430)); // 20 on 2023-05-01, 21 the day after
    assert.equal(personal('2002-05-01'), kr(3_490 + 3_490)); // 21 on 2023-05-01
  });

  it('two adults who are not a couple: each 3 490 + 1 250 / 2 = 4 115 kr, together 8 230 kr', () => {
    const estimate = estimateNeed({
      ...single,
      adults: { count: 2, couple: false },
      personsInHome: 2,
    });
    assert.equal(estimate.personalCostsOre, kr(2 * 3_490));
    assert.equal(estimate.commonCostsOre, kr(2 * (1_250 / 2)));
    assert.equal(estimate.normOre, kr(2 * 4_115));
  });

  it('two friends applying in a home of 3: each 3 490 + 1 580 / 3 = 4 016,67 kr; together 8 033,33 kr', () => {
    const estimate = estimateNeed({
      ...single,
      adults: { count: 2, couple: false },
      personsInHome: 3,
    });
    // 2 × 3 490 = 6 980; common(3) 1 580 × 2/3 = 1 053,33
    assert.equal(estimate.personalCostsOre, kr(6_980));
    assert.equal(estimate.commonCostsOre, 105_333);
    assert.equal(estimate.normOre, 803_333);
  });

  it('living with parents (3 in the home): 3 490 + 1/3 of common(3) 1 580 = 4 016,67 kr', () => {
    assert.equal(estimateNeed({ ...single, personsInHome: 3 }).normOre, kr(3_490) + 52_667);
  });
});

describe('children by age band', () => {
  it('a couple with children of 10 and 4 (2023): 6 300 + 3 380 + 2 700 + common(4) 1 790 = 14 170 kr', () => {
    const estimate = estimateNeed({
      ...single,
      adults: { count: 2, couple: true },
      children: [child('2012-09-01'), child('2018-06-15')],
      personsInHome: 4,
    });
    assert.equal(estimate.personalCostsOre, kr(6_300 + 3_380 + 2_700));
    assert.equal(estimate.commonCostsOre, kr(1_790));
    assert.equal(estimate.normOre, kr(14_170));
  });

  it('under 1, 1–2, 3 and 19–20 (2023): 3 490 + 2 420 + 2 700 + 2 410 + 4 430 = 15 450; common(5) 2 060', () => {
    const children = ['2022-06-01', '2021-05-01', '2020-01-01', '2003-01-01'].map((birthDate) =>
      child(birthDate),
    );
    const estimate = estimateNeed({ ...single, children, personsInHome: 5 });
    assert.equal(estimate.personalCostsOre, kr(15_450));
    assert.equal(estimate.commonCostsOre, kr(2_060));
  });

  it('eight or nine persons: the 7-person amount plus the extra for each further person', () => {
    assert.equal(commonCosts(tableFor(2023), 8), 2_510 + 180);
    assert.equal(commonCosts(tableFor(2019), 9), 2_220 + 2 * 170);
  });
});

describe('a child living alternately (växelvis)', () => {
  it('is counted in full and the estimate says the caseworker decides the share', () => {
    const estimate = estimateNeed({
      ...single,
      children: [child('2015-02-01', { alternating: true })],
      personsInHome: 2,
    });
    // 3 490 + 3 380 (7–10) + common(2) 1 250 = 8 120 kr
    assert.equal(estimate.normOre, kr(8_120));
    assert.deepEqual(estimate.remarks, ['alternatingChild']);
  });

  it('a child living at home all the time gives no remark', () => {
    const estimate = estimateNeed({ ...single, children: [child('2015-02-01')], personsInHome: 2 });
    assert.deepEqual(estimate.remarks, []);
  });
});

describe('lunch at preschool lowers the amount only where the table has that row', () => {
  const withChildOf2 = (period: string, lunchAtPreschool: boolean) =>
    estimateNeed({
      ...single,
      period,
      children: [child(`${Number(period.slice(0, 4)) - 2}-01-01`, { lunchAtPreschool })],
      personsInHome: 2,
    });

  it('2019 has the row: 3 090 + 2 380 without lunch, 3 090 + 2 190 with lunch at preschool', () => {
    assert.equal(withChildOf2('2019-03', false).personalCostsOre, kr(3_090 + 2_380));
    const lunch = withChildOf2('2019-03', true);
    assert.equal(lunch.personalCostsOre, kr(3_090 + 2_190));
    assert.deepEqual(lunch.remarks, []);
  });

  it('2023 has no row: the full 3 490 + 2 700 and a remark that no lower amount was applied', () => {
    const lunch = withChildOf2('2023-03', true);
    assert.equal(lunch.personalCostsOre, kr(3_490 + 2_700));
    assert.deepEqual(lunch.remarks, ['noLunchAmount']);
  });

  it('a lunch answer for a child of 8 changes nothing: 3 490 + 3 380 (7–10), no remark', () => {
    const estimate = estimateNeed({
      ...single,
      children: [child('2015-01-01', { lunchAtPreschool: true })],
      personsInHome: 2,
    });
    assert.equal(estimate.personalCostsOre, kr(3_490 + 3_380));
    assert.deepEqual(estimate.remarks, []);
  });
});

describe('the tables, year by year', () => {
  it('each table says how far it can be trusted', () => {
    assert.deepEqual(
      riksnormTables.map((table) => [table.year, table.status]),
      [
        [2014, 'verified'],
        [2015, 'verified'],
        [2019, 'verified'],
        [2023, 'verified'],
        [2024, 'single-source'],
        [2025, 'single-source'],
        [2026, 'derived'],
      ],
    );
  });

  it('"+ each further person" is the 7-person amount minus the 6-person amount in every table', () => {
    for (const table of riksnormTables)
      assert.equal(table.commonPerExtraPerson, table.common[6] - table.common[5], `${table.year}`);
  });

  it('2024 is within 10 kr of 2023 + 8.7 % on every item, as the government says (so 1 250 is right)', () => {
    const items2023 = itemsOf(tableFor(2023));
    itemsOf(tableFor(2024)).forEach((amount, index) => {
      assert.ok(
        Math.abs(amount - (items2023[index] ?? 0) * 1.087) <= 10,
        `item ${index}: ${amount}`,
      );
    });
    // With the misprinted 1 150: 1 150 × 1.087 = 1 250, 110 kr from the published 1 360.
    assert.equal(tableFor(2024).common[1], 1_360);
  });

  it('2025 is within 10 kr of 2024 + 2.8 % on every item (so the couple amount is 7 050, not 7 500)', () => {
    const items2024 = itemsOf(tableFor(2024));
    itemsOf(tableFor(2025)).forEach((amount, index) => {
      assert.ok(
        Math.abs(amount - (items2024[index] ?? 0) * 1.028) <= 10,
        `item ${index}: ${amount}`,
      );
    });
  });

  it('2025 from its table: a couple with children of 8 and 16 = 7 050 + 3 790 + 4 920 + common(4) 2 010 = 17 770 kr', () => {
    const estimate = estimateNeed({
      ...single,
      period: '2025-04',
      adults: { count: 2, couple: true },
      children: [child('2016-06-01'), child('2008-06-01')],
      personsInHome: 4,
    });
    assert.equal(estimate.tableYear, 2025);
    assert.equal(estimate.tableStatus, 'single-source');
    assert.equal(estimate.personalCostsOre, kr(7_050 + 3_790 + 4_920));
    assert.equal(estimate.commonCostsOre, kr(2_010));
    assert.equal(estimate.normOre, kr(17_770));
  });

  it('2026 is 2025 + 0.7 % item by item, rounded to whole tens', () => {
    const table = tableFor(2026);
    assert.equal(table.year, 2026);
    assert.equal(table.status, 'derived');
    assert.equal(table.single, 3_940); // 3 910 × 1.007 = 3 937.37
    assert.equal(table.couple, 7_100); // 7 050 × 1.007 = 7 099.35
    assert.equal(table.children[0], 2_740); // 2 720 × 1.007 = 2 739.04
    assert.equal(table.children[6], 4_950); // 4 920 × 1.007 = 4 954.44
    assert.equal(table.common[0], 1_280); // 1 270 × 1.007 = 1 278.89
    assert.equal(table.common[1], 1_410); // 1 400 × 1.007 = 1 409.80
    assert.equal(table.commonPerExtraPerson, 190); // 2 830 − 2 640
    itemsOf(tableFor(2025)).forEach((amount, index) => {
      assert.equal(itemsOf(table)[index], Math.round((amount * 1.007) / 10) * 10, `item ${index}`);
    });
  });

  it("2026 agrees with the government's totals: single 3 940 + 1 280 = 5 220, couple 7 100 + 1 410 = 8 510", () => {
    const alone = estimateNeed({ ...single, period: '2026-12' });
    assert.equal(alone.tableStatus, 'derived');
    assert.equal(alone.normOre, kr(5_220));
    const couple = estimateNeed({
      ...single,
      period: '2026-12',
      adults: { count: 2, couple: true },
      personsInHome: 2,
    });
    assert.equal(couple.normOre, kr(8_510));
  });

  it('2014/2015 as published; a year without a table uses the latest earlier one and says which', () => {
    assert.equal(estimateNeed({ ...single, period: '2015-01' }).normOre, kr(2_950 + 930));
    const between = estimateNeed({ ...single, period: '2021-06' });
    assert.equal(between.tableYear, 2019);
    assert.equal(between.periodYear, 2021);
    assert.equal(estimateNeed({ ...single, period: '2027-01' }).tableYear, 2026);
    assert.equal(estimateNeed({ ...single, period: '2010-01' }).tableYear, 2014);
  });
});
