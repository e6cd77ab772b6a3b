import { INCOME_TYPES } from '../forms/ekonomiskt-bistand';
import { familyAnswers, withCheckDigit, type StepAnswers } from '../test/helpers/application';

/** A long text of short lines, as someone who explains a lot writes it. */
function lines(count: number, limit: number, what: string, note = 'se bilaga.'): string {
  const text = Array.from({ length: count }, (_, index) => `${what} ${index + 1}: ${note}`);
  return text.join('\n').slice(0, limit);
}

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

/**
 * The family's answers with every textarea full and every group at its maximum: the longest
 * paper application (about 16 pages) a real applicant can make.
 */
export function longestAnswers(): Map<string, StepAnswers> {
  const answers = new Map(familyAnswers.map(([stepId, values]) => [stepId, { ...values }]));
  const set = (stepId: string, values: StepAnswers) =>
    answers.set(stepId, { ...answers.get(stepId), ...values });

  set('period', { changesText: lines(120, 2000, 'Ändring') });
  const children: StepAnswers = { hasChildren: 'ja', maintenanceSupport: 'nej' };
  for (const index of range(12)) {
    const child = `children.${index}`;
    children[`${child}.name`] = `Barn ${index + 1} Øvergård`;
    children[`${child}.personnummer`] = withCheckDigit(
      `${12 + (index % 12)}0${1 + (index % 9)}15${200 + index * 2}`,
    );
    children[`${child}.school`] = 'Björkskolan i Exempelby';
    children[`${child}.registeredHere`] = 'ja';
    children[`${child}.alternating`] = 'nej';
    children[`${child}.preschoolLunch`] = 'nej';
  }
  answers.set('barn', children);
  set('boende', { childrenInHome: '12' });
  const incomes: StepAnswers = {};
  for (const index of range(20)) {
    incomes[`incomes.${index}.person`] = index % 2 === 0 ? 'sokande' : 'medsokande';
    incomes[`incomes.${index}.type`] = INCOME_TYPES[index % INCOME_TYPES.length] ?? 'lon';
    incomes[`incomes.${index}.description`] = `Inkomst nummer ${index + 1} från arbetsgivaren AB`;
    incomes[`incomes.${index}.amount`] = `${100 + index * 10}`;
  }
  answers.set('inkomster', incomes);
  const costs: StepAnswers = {};
  for (const index of range(20)) {
    costs[`costs.${index}.type`] = 'annat';
    costs[`costs.${index}.description`] = `Kostnad nummer ${index + 1}, se kvitto`;
    costs[`costs.${index}.amount`] = `${200 + index * 15}`;
    costs[`costs.${index}.dueDate`] = `2026-12-${String(1 + index).padStart(2, '0')}`;
  }
  answers.set('kostnader', costs);
  set('tillgangar', { hasProperty: 'ja', propertyDescription: lines(60, 1000, 'Fastighet') });
  set('meddelande', { message: lines(300, 4000, 'Rad', 'kvitto.') });
  return answers;
}
