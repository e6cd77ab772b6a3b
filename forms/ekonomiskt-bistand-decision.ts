import type { MessageKey, Translate } from '../locales';
import { formatPostalCode } from './format';
import { countedHousehold, estimateForDraft, householdOf } from './riksnorm/estimate';
import type { DecisionBasis, DraftValues, GroupValue } from './types';
import { answerText } from './values';

/**
 * What a decision on an ekonomiskt bistånd application weighs: the household's riksnorm (as the
 * estimate computes it) and each cost row of the `kostnader` step, with the month's income.
 */
export function decisionBasis(answers: DraftValues, t: Translate): DecisionBasis {
  const estimate = estimateForDraft(answers);
  const rows = (answers.kostnader?.costs ?? []) as GroupValue;
  const costs = rows.map((row, index) => {
    const type = typeof row.type === 'string' ? row.type : 'annat';
    const name = t(`eb.kostnader.costs.type.option.${type}` as MessageKey);
    const description = typeof row.description === 'string' ? row.description.trim() : '';
    return {
      id: `kostnad-${index}`,
      label: description ? `${name}: ${description}` : name,
      kind: 'cost' as const,
      appliedOre: typeof row.amount === 'number' ? row.amount : 0,
    };
  });
  return {
    parts: [
      {
        id: 'riksnorm',
        label: t('decision.normLabel'),
        kind: 'norm',
        appliedOre: estimate.normOre,
      },
      ...costs,
    ],
    household: countedHousehold(answers),
    incomeOre: householdOf(answers).incomeOre,
    incomes: incomesOf(answers, t),
    notes: estimate.notes.map((note) => t(note.key, note.values)),
    // A decision speaks for itself: the caseworker's notes on the tables stay out of the letter.
    letterNotes: [
      t('decision.letterNorm', { year: estimate.tableYear }),
      ...(estimate.remarks.includes('adultChild') ? [t('estimate.remark.adultChild')] : []),
    ],
  };
}

/**
 * Each income of the month as the letter lists it ("Lön, Städbolaget AB (medsökande)") with
 * its amount, in the order given, and the rent from subletting last: what householdOf sums.
 */
function incomesOf(answers: DraftValues, t: Translate): { label: string; amountOre: number }[] {
  const rows = (answers.inkomster?.incomes ?? []) as GroupValue;
  const incomes = rows.map((row) => {
    const type = typeof row.type === 'string' ? row.type : 'annat';
    const name = t(`eb.inkomster.incomes.type.option.${type}` as MessageKey);
    const description = typeof row.description === 'string' ? row.description.trim() : '';
    const label = description ? `${name}, ${description}` : name;
    return {
      label: row.person === 'medsokande' ? t('decision.income.partner', { label }) : label,
      amountOre: typeof row.amount === 'number' ? row.amount : 0,
    };
  });
  const subletting = answers.boende?.sublettingIncome;
  if (typeof subletting === 'number' && subletting > 0) {
    incomes.push({ label: t('decision.income.subletting'), amountOre: subletting });
  }
  return incomes;
}

/** Street, postal code and town from the housing step; nothing for someone without a home. */
export function postalAddress(answers: DraftValues): string[] {
  const street = answerText(answers, 'boende', 'street');
  const postalCode = answerText(answers, 'boende', 'postalCode');
  const city = answerText(answers, 'boende', 'city');
  const town = [formatPostalCode(postalCode), city].filter(Boolean).join(' ');
  return [street, town].filter(Boolean);
}
