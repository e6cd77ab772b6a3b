import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ekonomisktBistand } from '../../../forms/ekonomiskt-bistand';
import { newDraft } from '../../../forms/journey';
import { readStepInput } from '../../../forms/read-input';
import type { Draft } from '../../../forms/types';
import { validateStep } from '../../../forms/validate-step';
import { shownAnswers } from '../../../forms/answers';
import { translator } from '../../../locales';
import { estimateForDraft, householdOf } from '../../../forms/riksnorm/estimate';
import {
  answersFor,
  familyAnswers,
  withCheckDigit,
  type StepAnswers,
} from '../../helpers/application';

const form = ekonomisktBistand;
const kr = (kronor: number) => Math.round(kronor * 100);

/** Saves every step through the form's own parsing and validation, as the routes do. */
function completedDraft(answers: [string, StepAnswers][]): Draft {
  const draft = newDraft(form);
  for (const [stepId, stepAnswers] of answers) {
    const step = form.steps.find((candidate) => candidate.id === stepId);
    if (!step) throw new Error(stepId);
    const { input } = readStepInput(step, stepAnswers);
    const { values, errors } = validateStep(
      form,
      step,
      input,
      { today: '2026-11-24', values: draft.values },
      translator('sv'),
    );
    assert.deepEqual(
      errors.map((error) => error.text),
      [],
      stepId,
    );
    draft.values[stepId] = values;
  }
  return draft;
}

function replaced(changes: Record<string, StepAnswers>, drop: string[] = []) {
  return familyAnswers
    .filter(([stepId]) => !drop.includes(stepId))
    .map(([stepId, answers]): [string, StepAnswers] => [stepId, changes[stepId] ?? answers]);
}

/** A parent on their own, no children on the application, one more adult in the home. */
const parentWithAdultChild = replaced(
  {
    'om-dig': {
      firstName: 'Eva',
      lastName: 'Lind',
      personnummer: withCheckDigit('670201123'),
      citizenship: 'Sverige',
      residencePermit: 'behovs-inte',
      civilStatus: 'ensamstaende',
      phone: '070-123 45 67',
      email: '',
    },
    barn: { hasChildren: 'nej' },
    boende: {
      housingType: 'forstahand',
      street: 'Storgatan 5 B',
      postalCode: '123 45',
      city: 'Exempelby',
      rooms: '2',
      adults: '2',
      childrenInHome: '0',
      sublets: 'ja',
      sublettingIncome: '1 000',
    },
    sysselsattning: { applicant: ['arbetssokande'] },
    inkomster: { noIncome: ['ingen-inkomst'] },
    kostnader: {
      'costs.0.type': 'hyra',
      'costs.0.amount': '6 000',
      'costs.0.dueDate': '2026-12-31',
    },
  },
  ['medsokande'],
);

describe('estimateForDraft: the estimate from the visible answers', () => {
  it('the family (sambo, children of 10 and 4 with lunch at preschool), December 2026', () => {
    const estimate = estimateForDraft(shownAnswers(form, completedDraft(familyAnswers)));
    // 2026 derived: couple 7 100 + child 7–10 3 820 + child 4–6 3 050 (no lunch row)
    // + common(4) 2 020 = 15 990; costs 7 850 + 450 = 8 300; income 8 450,50 + 2 500 = 10 950,50;
    // 15 990 + 8 300 − 10 950,50 = 13 339,50 kr.
    assert.equal(estimate.personalCostsOre, kr(7_100 + 3_820 + 3_050));
    assert.equal(estimate.commonCostsOre, kr(2_020));
    assert.equal(estimate.costsOre, kr(8_300));
    assert.equal(estimate.incomeOre, kr(10_950.5));
    assert.equal(estimate.needOre, kr(13_339.5));
    assert.deepEqual(estimate.notes, [
      { key: 'estimate.table.derived', values: { year: 2026 } },
      { key: 'estimate.remark.noLunchAmount', values: { year: 2026 } },
    ]);
  });

  it('a parent living with an adult child: 3 940 + 1 410 / 2 = 4 645 kr; + 6 000 − 1 000 sublet = 9 645 kr', () => {
    const values = shownAnswers(form, completedDraft(parentWithAdultChild));
    assert.deepEqual(householdOf(values).adults, { count: 1 });
    assert.equal(householdOf(values).personsInHome, 2);
    const estimate = estimateForDraft(values);
    assert.equal(estimate.personalCostsOre, kr(3_940));
    assert.equal(estimate.commonCostsOre, kr(705));
    assert.equal(estimate.needOre, kr(9_645));
  });

  it('a child living alternately is counted and the notes say the caseworker decides the share', () => {
    const answers = replaced({
      barn: { ...answersFor('barn'), 'children.0.alternating': 'ja' },
    });
    const estimate = estimateForDraft(shownAnswers(form, completedDraft(answers)));
    // Counted in full, as the family above: 7 100 + 3 820 + 3 050 + common(4) 2 020 = 15 990 kr.
    assert.equal(estimate.normOre, kr(15_990));
    assert.deepEqual(
      estimate.notes.map((note) => note.key),
      [
        'estimate.table.derived',
        'estimate.remark.alternatingChild',
        'estimate.remark.noLunchAmount',
      ],
    );
  });

  it('a children list left behind after answering "no" is not counted', () => {
    const draft = completedDraft(parentWithAdultChild);
    const barn = completedDraft(familyAnswers).values.barn ?? {};
    draft.values.barn = { ...barn, hasChildren: 'nej' };
    const estimate = estimateForDraft(shownAnswers(form, draft));
    assert.equal(estimate.personalCostsOre, kr(3_940));
    assert.equal(estimate.notes.length, 1);
  });

  it('reads the children’s birth dates from their personnummer, samordningsnummer included', () => {
    // Born 2016-05-24; as a samordningsnummer the day is 24 + 60 = 84.
    const coordination = withCheckDigit('160584987');
    const answers = replaced({
      barn: {
        hasChildren: 'ja',
        'children.0.name': 'Anna',
        'children.0.personnummer': coordination,
        'children.0.registeredHere': 'ja',
        'children.0.alternating': 'nej',
        maintenanceSupport: 'nej',
      },
    });
    const { children } = householdOf(shownAnswers(form, completedDraft(answers)));
    assert.deepEqual(children, [
      { birthDate: '2016-05-24', lunchAtPreschool: false, alternating: false },
    ]);
  });
});
