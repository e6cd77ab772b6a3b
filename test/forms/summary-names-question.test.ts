import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { fieldKey } from '../../forms/messages';
import type { ScalarField, StepInput } from '../../forms/types';
import { validateStep } from '../../forms/validate-step';
import { translator, type MessageKey } from '../../locales';
import { familyDay, familyDraft } from '../helpers/paper-application';

/** Typed answers each field type refuses, one per way of getting it wrong. */
const WRONG: Partial<Record<ScalarField['type'], string[]>> = {
  amount: ['tre hundra', '12,34,5', '-50', '€40', '999999999999'],
  integer: ['tre', '2,5', '2-3', '-1', '999'],
  date: ['28/11', '1 dec', '28 smörgås 2026', '2026-13-01', '31 juni 2026', '28/11/26', 'igår'],
  yearMonth: ['december', '2026-13'],
  personnummer: ['850101-1234', '85O101-1236', '8501011', '85010112366'],
  postalCode: ['1234', 'abc12', '01234'],
  phone: ['070 12', 'ring mig', '070#1234567'],
  email: ['namn.exempel.se', 'namn @exempel.se', 'a@b@c.se'],
};

describe('the error summary names the question of every field message', () => {
  for (const language of ['sv', 'en'] as const) {
    it(`${language}: numbers, amounts, dates and the other typed fields, on every step and in every group`, () => {
      const t = translator(language);
      const form = ekonomisktBistand;
      const draft = familyDraft();
      let checked = 0;
      for (const step of form.steps) {
        for (const field of step.fields) {
          const inGroup = field.type === 'group';
          const scalars = inGroup ? field.fields : [field];
          for (const scalar of scalars) {
            for (const wrong of WRONG[scalar.type] ?? []) {
              const typed = structuredClone<StepInput>(draft.input[step.id] ?? {});
              if (inGroup) {
                const rows = (typed[field.id] ?? [{}]) as Record<string, string>[];
                // Umgänge is asked for a child who is not registered here.
                const shown: Record<string, string> =
                  step.id === 'barn' ? { registeredHere: 'nej' } : {};
                typed[field.id] = [{ ...rows[0], ...shown, [scalar.id]: wrong }];
              } else {
                typed[scalar.id] = wrong;
              }
              // Show the field whatever it depends on in the step ("Ja" to having a car…).
              for (const other of step.fields) {
                if (other.type === 'yesNo' && other.id.startsWith('has')) typed[other.id] = 'ja';
              }
              if (step.id === 'boende') typed.housingType = 'andrahand';
              if (step.id === 'om-dig' || step.id === 'medsokande')
                typed.residencePermit = 'tidsbegransat';
              if (step.id === 'boende' && scalar.id === 'sublettingIncome') typed.sublets = 'ja';
              const context = { today: familyDay, values: draft.values };
              const { errors } = validateStep(form, step, typed, context, t);
              const path = inGroup ? [step.id, field.id, scalar.id] : [step.id, scalar.id];
              const label = t(fieldKey(form, path, 'label') as MessageKey);
              const mine = errors.filter((error) => error.field.endsWith(scalar.id));
              assert.ok(mine.length > 0, `${step.id}.${scalar.id} refuses "${wrong}"`);
              for (const error of mine) {
                assert.ok(
                  error.text.includes(label),
                  `${step.id}.${scalar.id} "${wrong}": the summary says "${error.text}", not "${label}"`,
                );
                checked += 1;
              }
            }
          }
        }
      }
      assert.ok(checked > 60, `${checked} messages checked`);
    });
  }
});
