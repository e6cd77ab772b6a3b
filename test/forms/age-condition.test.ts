import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shownAnswers } from '../../forms/answers';
import { conditionHolds, conditionMayHold } from '../../forms/conditions';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { estimateForDraft } from '../../forms/riksnorm/estimate';
import type { AgeCondition, Draft, GroupField } from '../../forms/types';
import { withCheckDigit } from '../helpers/application';

/** The lunch question's condition, as the form has it. */
function lunchCondition(): AgeCondition {
  const barn = ekonomisktBistand.steps.find((step) => step.id === 'barn');
  const children = barn?.fields.find((field) => field.id === 'children') as GroupField;
  const lunch = children.fields.find((field) => field.id === 'preschoolLunch');
  return lunch?.showIf as AgeCondition;
}

const applyingFor = (period: string) => ({ period: { period } });
/** A child's personnummer as typed (YYMMDD-NNNC) and as stored (12 digits). */
const typedBornOn = (yymmdd: string) => withCheckDigit(`${yymmdd}234`);
const storedBornOn = (yymmdd: string) => `20${typedBornOn(yymmdd).replace('-', '')}`;

describe('the lunch question: only for a child under 7 on the first day of the month applied for', () => {
  const condition = lunchCondition();
  const asked = (personnummer: string, period: string) =>
    conditionHolds(condition, { personnummer }, applyingFor(period));

  it('counts the age on the 1st of the month applied for (hand-computed)', () => {
    // December 2026, counted on 2026-12-01.
    assert.equal(asked(typedBornOn('191201'), '2026-12'), false, 'born 2019-12-01: 7 that day');
    assert.equal(asked(typedBornOn('191202'), '2026-12'), true, 'born 2019-12-02: 6 until the 2nd');
    assert.equal(asked(typedBornOn('191130'), '2026-12'), false, 'born 2019-11-30: 7 already');
    assert.equal(asked(typedBornOn('200101'), '2026-12'), true, 'born 2020-01-01: 6');
    assert.equal(asked(typedBornOn('260524'), '2026-12'), true, 'born 2026-05-24: 0');
    // The same child, another month: born 2019-12-15 is 6 on 2026-12-01, 7 on 2027-01-01.
    assert.equal(asked(typedBornOn('191215'), '2026-12'), true);
    assert.equal(asked(typedBornOn('191215'), '2027-01'), false);
    // Stored as 12 digits, as the review, the PDF and the estimate read it.
    assert.equal(asked(storedBornOn('191202'), '2026-12'), true);
    assert.equal(asked(storedBornOn('191201'), '2026-12'), false);
    // A samordningsnummer: the day plus 60 (born 2020-01-01 -> 200161).
    assert.equal(asked(withCheckDigit('200161234'), '2026-12'), true);
  });

  it('is not required while the age cannot be known, but the page still shows the question', () => {
    for (const personnummer of ['', '1912', '191201-2345']) {
      assert.equal(asked(personnummer, '2026-12'), false, personnummer);
      assert.equal(
        conditionMayHold(condition, { personnummer }, applyingFor('2026-12')),
        true,
        personnummer,
      );
    }
    assert.equal(conditionHolds(condition, { personnummer: typedBornOn('200101') }, {}), false);
    assert.equal(
      conditionMayHold(condition, { personnummer: typedBornOn('191201') }, applyingFor('2026-12')),
      false,
      'a child known to be 7 is not asked',
    );
  });

  it('the review, the PDF and the estimate drop a lunch answer once the child is 7 in the month applied for', () => {
    const draftWith = (personnummer: string): Draft => ({
      formId: ekonomisktBistand.id,
      formVersion: ekonomisktBistand.version,
      input: {},
      values: {
        period: { period: '2026-12', changes: 'nej' },
        'om-dig': { civilStatus: 'ensamstaende' },
        barn: {
          hasChildren: 'ja',
          children: [{ personnummer, alternating: 'nej', preschoolLunch: 'ja' }],
          maintenanceSupport: 'nej',
        },
      },
    });
    const six = shownAnswers(ekonomisktBistand, draftWith(storedBornOn('200101')));
    const seven = shownAnswers(ekonomisktBistand, draftWith(storedBornOn('191201')));
    const childOf = (answers: typeof six) =>
      (answers.barn?.children as Record<string, unknown>[])[0] ?? {};
    assert.equal(childOf(six).preschoolLunch, 'ja');
    assert.equal(childOf(seven).preschoolLunch, undefined);
    // 2026 has no lower amount for lunch: said for the 6-year-old, not for the 7-year-old.
    const remarks = (answers: typeof six) =>
      estimateForDraft(answers).notes.map((note) => note.key);
    assert.ok(remarks(six).includes('estimate.remark.noLunchAmount'));
    assert.ok(!remarks(seven).includes('estimate.remark.noLunchAmount'));
  });
});
