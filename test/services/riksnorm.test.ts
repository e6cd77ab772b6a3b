import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonCosts, estimateNeed, tableFor } from '../../services/riksnorm';

const household = {
  period: '2023-05',
  adults: 1 as const,
  children: [] as { birthDate: string; lunchAtPreschool: boolean }[],
  personsInHome: 1,
  costsOre: 0,
  incomeOre: 0,
};

describe('riksnorm estimate (hand-computed from the 2023 table in DOMAIN.md)', () => {
  it('a single adult: 3 490 + common 1 130 = 4 620 kr; + 6 000 costs − 2 000 income = 8 620 kr', () => {
    const estimate = estimateNeed({ ...household, costsOre: 600_000, incomeOre: 200_000 });
    assert.equal(estimate.tableYear, 2023);
    assert.equal(estimate.verified, true);
    assert.equal(estimate.normOre, 462_000);
    assert.equal(estimate.needOre, 862_000);
  });

  it('a couple with children aged 10 and 4: 6 300 + 3 380 + 2 700 + common(4) 1 790 = 14 170 kr', () => {
    const estimate = estimateNeed({
      ...household,
      adults: 2,
      children: [
        { birthDate: '2012-09-01', lunchAtPreschool: false },
        { birthDate: '2018-06-15', lunchAtPreschool: true },
      ],
      personsInHome: 4,
    });
    assert.equal(estimate.personalCostsOre, 1_238_000);
    assert.equal(estimate.commonCostsOre, 179_000);
    assert.equal(estimate.normOre, 1_417_000);
  });

  it('children by age band: under 1, 1–2, 3 and 19–20', () => {
    const children = ['2022-06-01', '2021-05-01', '2020-01-01', '2003-01-01'].map((birthDate) => ({
      birthDate,
      lunchAtPreschool: false,
    }));
    const estimate = estimateNeed({ ...household, children, personsInHome: 5 });
    // 3 490 + 2 420 + 2 700 + 2 410 + 4 430 = 15 450; common(5) = 2 060
    assert.equal(estimate.personalCostsOre, 1_545_000);
    assert.equal(estimate.commonCostsOre, 206_000);
  });

  it('living with parents (3 in the home): own personal costs + 1/3 of common(3) 1 580 = 4 016,67 kr', () => {
    const estimate = estimateNeed({ ...household, personsInHome: 3 });
    assert.equal(estimate.normOre, 349_000 + 52_667);
  });

  it('eight persons: common costs 2 510 + 180 for the eighth = 2 690 kr', () => {
    assert.equal(commonCosts(tableFor(2023), 8), 2_690);
    assert.equal(commonCosts(tableFor(2019), 9), 2_220 + 2 * 170);
  });

  it('income above the norm and costs gives no need, never a negative one', () => {
    assert.equal(estimateNeed({ ...household, incomeOre: 10_000_000 }).needOre, 0);
  });

  it('2019: children 0–6 who eat lunch at preschool get the lower amount', () => {
    const child = (lunchAtPreschool: boolean) =>
      estimateNeed({
        ...household,
        period: '2019-03',
        children: [{ birthDate: '2017-06-01', lunchAtPreschool }],
        personsInHome: 2,
      }).personalCostsOre;
    assert.equal(child(false), (3_090 + 2_380) * 100);
    assert.equal(child(true), (3_090 + 2_190) * 100);
  });

  it('year-versioned: 2014/2015 as published, later years fall back and say they are unverified', () => {
    assert.equal(estimateNeed({ ...household, period: '2015-01' }).normOre, (2_950 + 930) * 100);
    const fallback = estimateNeed({ ...household, period: '2021-06' });
    assert.equal(fallback.tableYear, 2019);
    assert.equal(fallback.verified, false);
    const derived = estimateNeed({ ...household, period: '2026-12' });
    assert.equal(derived.tableYear, 2024);
    assert.equal(derived.verified, false);
    // 2023 raised 8.7 % and rounded to tens: 3 490 -> 3 790, 1 130 -> 1 230.
    assert.equal(derived.normOre, (3_790 + 1_230) * 100);
    assert.equal(estimateNeed({ ...household, period: '2010-01' }).tableYear, 2014);
  });
});
